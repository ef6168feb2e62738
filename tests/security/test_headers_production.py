"""Under the production settings the portal sends the hardened headers and cookies:
HTTPS redirect, HSTS, the CSP, X-Frame-Options DENY, nosniff, the referrer and permissions
policies, and Secure/HttpOnly session and CSRF cookies.

The requests run in a subprocess started with ``config.settings.production`` against this
test run's database (only the static files storage is swapped for the plain one, so no
collectstatic is needed); the login happens in a transaction that is rolled back.
"""

import json

import pytest

from tests.portal.test_deploy_settings import run_manage
from tests.security.test_headers_csp import EXPECTED_POLICY, parse_policy

HOST = "samverkan.example.se"

SCRIPT = """
import json
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from allauth.account.models import EmailAddress
from portal.models import User

HOST = %(host)r
plain_static = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def described(response):
    cookies = {
        name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
               "samesite": c["samesite"]}
        for name, c in response.cookies.items()
    }
    return {"status": response.status_code, "headers": dict(response.headers),
            "cookies": cookies}


with override_settings(STORAGES=plain_static):
    client = Client(HTTP_HOST=HOST)
    result = {
        "plain_http": described(client.get("/")),
        "home": described(client.get("/", secure=True)),
        "login_form": described(client.get("/konto/login/", secure=True)),
    }
    with transaction.atomic():
        user = User.objects.create_user(
            email="prod-check@example.se", password="Ett-langt-losen-42"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        result["logged_in"] = described(client.post(
            "/konto/login/",
            {"login": user.email, "password": "Ett-langt-losen-42"},
            secure=True,
        ))
        transaction.set_rollback(True)
print("RESULT" + json.dumps(result))
"""


_RESULTS: dict = {}


@pytest.fixture
def production(database_url):
    """The responses of the production settings (one subprocess for the whole module)."""
    if not _RESULTS:
        result = run_manage(
            "shell", "-c", SCRIPT % {"host": HOST}, extra_env={"DATABASE_URL": database_url}
        )
        assert result.returncode == 0, result.stdout + result.stderr
        [line] = [line for line in result.stdout.splitlines() if line.startswith("RESULT")]
        _RESULTS.update(json.loads(line.removeprefix("RESULT")))
    return _RESULTS


def test_plain_http_is_redirected_to_https(production):
    response = production["plain_http"]
    assert response["status"] == 301
    assert response["headers"]["Location"] == f"https://{HOST}/"


def test_https_pages_carry_the_hardened_headers(production):
    for name in ("home", "login_form"):
        response = production[name]
        headers = response["headers"]
        assert response["status"] == 200, name
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert parse_policy(headers["Content-Security-Policy"]) == EXPECTED_POLICY
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]


def test_cookies_are_secure_and_the_session_cookie_is_http_only(production):
    csrf = production["login_form"]["cookies"]["csrftoken"]
    assert csrf["secure"] is True
    logged_in = production["logged_in"]
    assert logged_in["status"] == 302, logged_in
    session = logged_in["cookies"]["sessionid"]
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert logged_in["cookies"]["csrftoken"]["secure"] is True  # rotated at login


def test_check_deploy_is_clean_with_the_csp_in_place(database_url):
    """Django's own deployment checks pass, and the CSP middleware is installed."""
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", extra_env={"DATABASE_URL": database_url}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shown = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.MIDDLEWARE)"
    )
    assert "csp.middleware.CSPMiddleware" in shown.stdout
