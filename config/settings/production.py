"""Production: everything from the environment, no defaults for secrets, hardened HTTP."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import database_settings, env, media_storage, redis_settings

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

DATABASES = database_settings()
REDIS_URL, CACHES = redis_settings()
globals().update(celery_settings(REDIS_URL))
globals().update(mail_settings(EMAIL_BACKEND_PATH))

# Hashed, compressed static files served by whitenoise (built by collectstatic in the image),
# and the uploads in the store every machine shares (docs/deployment.md).
STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
