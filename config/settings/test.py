"""Tests: the real PostgreSQL and Redis (DATABASE_URL / REDIS_URL, or the embedded ones)."""

from django.core.exceptions import ImproperlyConfigured

from devtools.embedded import ensure_services

from .base import *
from .base import VAR_DIR, database_settings, env, redis_settings

ensure_services(VAR_DIR)

# seed_demo, seed_bench, runportal: development and tests only, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
REQUIRE_STAFF_MFA = False  # tests/security/test_accounts_mfa.py switches it on
PUBLIC_PAGE_CACHE_SECONDS = 0  # pages change within tests; tests/portal/test_caching.py: on

DATABASES = database_settings()
DATABASES["default"]["CONN_MAX_AGE"] = 0  # live-server threads must not keep connections
REDIS_URL, CACHES = redis_settings()
CACHES["default"]["KEY_PREFIX"] = "samverkan-test"
globals().update(celery_settings(REDIS_URL))
globals().update(mail_settings("django.core.mail.backends.locmem.EmailBackend"))
CELERY_TASK_DEFAULT_QUEUE = "samverkan-test"  # never consumed by a running dev worker
WHITENOISE_USE_FINDERS = True

# TEST_STORAGE=memory keeps uploads in Django's InMemoryStorage instead of on disk: one suite
# run in CI (.ci/run) proves that no code reaches a media file by a filesystem path, so the
# portal works on an object store (S3, MinIO) too (docs/deployment.md).
TEST_STORAGE = env.str("TEST_STORAGE", default="filesystem")
if TEST_STORAGE == "memory":
    STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
elif TEST_STORAGE != "filesystem":
    raise ImproperlyConfigured("TEST_STORAGE is 'filesystem' (the default) or 'memory'.")
