"""Development: embedded PostgreSQL and Redis when their URLs are unset, mail to the console."""

from devtools.embedded import ensure_services

from .base import *
from .base import VAR_DIR, database_settings, env, redis_settings

ensure_services(VAR_DIR)

# seed_demo, seed_bench, runportal: development and tests only, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
# The demo logins work without an authenticator app; REQUIRE_STAFF_MFA=true tries the real thing.
REQUIRE_STAFF_MFA = env.bool("REQUIRE_STAFF_MFA", default=False)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # passkeys on http://127.0.0.1 (development only)

DATABASES = database_settings()
REDIS_URL, CACHES = redis_settings()
globals().update(celery_settings(REDIS_URL))
globals().update(
    mail_settings(
        env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    )
)

# Static files straight from the source directories (no collectstatic in development).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
