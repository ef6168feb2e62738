"""The login defences' entries, kept in PostgreSQL so that a dead or hung Redis cannot stop
anyone from logging in, and cannot lift the brute-force limits either.

allauth keeps its rate limits (login, failed logins, sign-up, password reset, the 2FA code
step, passkey login) and its guards against a one-time code used twice (an authenticator
app's code, an OpenID Connect token) in Django's cache, which is Redis here. With Redis
killed every login, sign-up and password reset failed at once with HTTP 500, and with Redis
hung after the cache's two-second timeout. :func:`install` points those allauth modules at
:data:`store` instead, a table with the few cache operations they use.

Why the database alone and not Redis with the database as a fallback: a login needs
PostgreSQL anyway (the user, the session), so this adds no way to fail; one store has no
switch-over that loses the counts gathered before it, and no timeout to wait out on every
request while Redis hangs. The price is about a dozen small queries per failed login
(fewer for the other requests); measured, a failed login plus a password-reset request took
46 ms either way (test settings). Expired rows are ignored at once and deleted every hour
(portal.tasks.login_limits_purge).
"""

import json
from importlib import import_module

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.functions import Now

from portal.models import LoginLimitEntry

# The allauth modules that read ``cache`` (django.core.cache's default) for these entries.
ALLAUTH_MODULES = (
    "allauth.core.internal.ratelimit",
    "allauth.mfa.totp.internal.auth",
    "allauth.socialaccount.internal.jwtkit",
)

# One statement each, so atomic; ``add`` only replaces an entry that has run out.
UPSERT = """
    INSERT INTO portal_loginlimitentry AS entry (key, value, expires_at)
    VALUES (%s, %s::jsonb, statement_timestamp() + make_interval(secs => %s))
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
"""
ADD = UPSERT + " WHERE entry.expires_at <= statement_timestamp() RETURNING 1"


class DatabaseEntries:
    """The part of Django's cache API that allauth uses here (get, set, add, delete), on one
    table. ``add`` is atomic, which allauth's lock and its used-code guards rely on. Values
    are JSON; timeouts are seconds, always given by these callers."""

    def get(self, key: str, default=None):
        live = LoginLimitEntry.objects.filter(key=key, expires_at__gt=Now())
        return next(iter(live.values_list("value", flat=True)), default)

    def set(self, key: str, value, timeout: float) -> None:
        with connection.cursor() as cursor:
            cursor.execute(UPSERT, [key, json.dumps(value), float(timeout)])

    def add(self, key: str, value, timeout: float) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(ADD, [key, json.dumps(value), float(timeout)])
            return cursor.fetchone() is not None

    def delete(self, key: str) -> bool:
        return LoginLimitEntry.objects.filter(key=key).delete()[0] > 0


store = DatabaseEntries()


def install() -> None:
    """Point allauth's rate limiter and one-time-code guards at :data:`store`."""
    for name in ALLAUTH_MODULES:
        module = import_module(name)
        if not hasattr(module, "cache"):  # allauth changed: the limits would be back in Redis
            raise ImproperlyConfigured(f"{name} no longer keeps its entries in `cache`.")
        module.cache = store


def purge_expired() -> int:
    """Delete the entries that have run out; returns how many."""
    return LoginLimitEntry.objects.filter(expires_at__lte=Now()).delete()[0]
