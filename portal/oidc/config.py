"""Turn the OIDC_PROVIDERS environment variable into allauth's OpenID Connect apps.

A municipality connects its e-identification broker (BankID, Freja eID ...) without a
database row: the settings read one JSON list, for example::

    OIDC_PROVIDERS='[{"id": "nacka-eid", "name": "BankID eller Freja eID",
                      "server_url": "https://broker.example.se/realms/nacka",
                      "client_id": "samverkan", "secret": "..."}]'

Optional keys: ``pkce`` (default true), ``token_auth_method`` (``client_secret_basic``
or ``client_secret_post``) and ``scope`` (default ``openid profile email``).
Kept free of Django imports beyond the exception so the settings can import it.
"""

import json
import re

from django.core.exceptions import ImproperlyConfigured

REQUIRED_KEYS = ("id", "name", "server_url", "client_id", "secret")
PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


def oidc_apps(raw: str) -> list[dict]:
    """The ``SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]`` list for ``raw`` JSON."""
    if not raw.strip():
        return []
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {error}") from error
    if not isinstance(entries, list):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of providers.")
    return [_app(entry) for entry in entries]


def _app(entry: dict) -> dict:
    missing = [key for key in REQUIRED_KEYS if not entry.get(key)]
    if missing:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS entry lacks {', '.join(missing)}.")
    if not PROVIDER_ID.match(entry["id"]):
        raise ImproperlyConfigured(
            f"OIDC_PROVIDERS id {entry['id']!r}: use lower-case letters, digits and hyphens."
        )
    if not entry["server_url"].startswith("https://") and not entry.get("allow_http"):
        raise ImproperlyConfigured(f"OIDC_PROVIDERS {entry['id']}: server_url must use https.")
    settings = {
        "server_url": entry["server_url"],
        "oauth_pkce_enabled": entry.get("pkce", True),
        "fetch_userinfo": True,
    }
    if entry.get("token_auth_method"):
        settings["token_auth_method"] = entry["token_auth_method"]
    if entry.get("scope"):
        settings["scope"] = list(entry["scope"])
    return {
        "provider_id": entry["id"],
        "name": entry["name"],
        "client_id": entry["client_id"],
        "secret": entry["secret"],
        "settings": settings,
    }
