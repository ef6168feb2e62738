"""Settings shared by every environment, read from the environment (12-factor).

Environment-specific modules (``dev``, ``test``, ``production``) import this one and
only change what differs. Production has no defaults for secrets.
"""

from pathlib import Path

import django
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.oidc.config import oidc_apps
from portal.service_urls import celery_broker_url, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

# Runtime data of the embedded services, uploads and collected static files.
VAR_DIR = Path(env.str("SAMVERKAN_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "django_prose_editor",  # the rich-text editor's static files (information)
    "portal",
    "organisations",
    "collaborations",
    "grants",
    "networks",
    "volunteering",
    "information",
    "outreach",
    "surveys",
    "advice",
    "insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.request_checks.NulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.mfa.StaffMFAMiddleware",
]

# Content-Security-Policy (django-csp), enforced in every environment so that the browser
# tests catch a violation: scripts and styles only from our own static files, no inline
# code, no framing. Data for scripts goes in data-* attributes or json_script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # A login with an external identity provider (OIDC) posts a form that redirects
        # there, which browsers check against form-action: list its origin here.
        "form-action": ["'self'", *env.list("CSP_FORM_ACTION_EXTRA", default=[])],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the portal never uses are switched off (portal.security_headers).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

ROOT_URLCONF = "config.urls"
# Form widgets may use the project's templates (the budget table, the participant grid).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]


# Database and Redis. ``DATABASE_URL`` / ``REDIS_URL`` are required in production; the
# dev and test modules fill them with embedded servers first when they are unset.
def database_settings() -> dict:
    config = parse_database_url(env.str("DATABASE_URL"))  # a socket directory may be %-quoted
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    # PostgreSQL's JIT compiles large plans at 100+ ms a query: a loss for page requests,
    # which run in milliseconds without it (measured in bench/: the queue's count went
    # from 144 ms to 15 ms).
    if not env.bool("DATABASE_JIT", default=False):
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return {"default": config}


def redis_settings() -> tuple[str, dict]:
    url = env.str("REDIS_URL")
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "samverkan",
            # A hung Redis accepts connections but never answers: fail fast, never hang.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    return url, caches


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "portal.auth_backends.RolePermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): email is the login, and the address must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Account emails name the portal and the municipality in the recipient's language, and a
# confirmed address logs the person in (in the browser that signed up; elsewhere the login
# page says why not): portal.account_adapter.
ACCOUNT_ADAPTER = "portal.account_adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:my_page"
LOGOUT_REDIRECT_URL = "portal:home"

# Two-factor authentication (allauth.mfa): authenticator app, recovery codes and passkeys.
# Municipal staff and portal administrators must enrol before they can do anything else
# (portal.mfa.StaffMFAMiddleware); everybody else may choose to.
REQUIRE_STAFF_MFA = env.bool("REQUIRE_STAFF_MFA", default=True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Samverkan")
MFA_TOTP_TOLERANCE = 1  # one 30-second step either way: phones' clocks drift

# Brute force: allauth counts attempts per address and per account, in PostgreSQL rather than
# in the cache, so that logging in works and the limits hold with Redis down (portal.login_limits).
# Behind a reverse proxy set TRUSTED_PROXY_COUNT so the client's address is the one counted.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",  # key: the email address tried
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "10/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}

# Log in through a municipality's e-identification broker (BankID, Freja eID) over OpenID
# Connect, configured from OIDC_PROVIDERS (portal.oidc.config). No provider, no button.
SOCIALACCOUNT_ADAPTER = "portal.oidc.adapter.PortalSocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_apps(env.str("OIDC_PROVIDERS", ""))}}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # a verified address logs in to its account...
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True  # ...and the two are linked
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_STORE_TOKENS = False

# Django's database sessions, the load written once (every logged-in request makes it).
SESSION_ENGINE = "portal.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Internationalisation: Swedish first, English second; times shown in Stockholm, stored UTC.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files are private: kept outside the web root and served through permission checks.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))


# Where uploads are kept (STORAGES["default"]; production reads it): MEDIA_ROOT, a directory
# that every machine mounts, or with MEDIA_STORAGE=s3 (and the 's3' extra) a bucket in an
# S3-compatible store. The code reaches files only through the storage API, and the portal
# streams them through its permission-checked views: no bucket address is ever handed out.
def media_storage() -> dict:
    kind = env.str("MEDIA_STORAGE", default="filesystem")
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured("MEDIA_STORAGE is 'filesystem' (the default) or 's3'.")
    # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment (read by
    # django-storages), else boto3's own chain (an instance or workload role).
    options = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,  # MinIO, Ceph...
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,  # "path"
        "location": env.str("AWS_LOCATION", default=""),  # a key prefix inside the bucket
        # Private objects; an empty value sends no ACL (AWS buckets with ACLs disabled).
        "default_acl": env.str("AWS_DEFAULT_ACL", default="private") or None,
        "querystring_auth": True,  # any URL made for an object is signed...
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),  # ...briefly
        "file_overwrite": False,  # a name taken gets another, as on the filesystem
        "signature_version": "s3v4",
        "max_memory_size": 5 * 1024 * 1024,  # a larger download is spooled to a temp file
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"


# Email. Django 6.1 replaced the EMAIL_* settings with MAILERS; mail_settings() writes
# whichever the installed Django expects, so 5.2 LTS and the newest Django both work.
def mail_settings(backend: str) -> dict:
    options = {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=25),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=False),
    }
    if django.VERSION >= (6, 1):
        smtp = backend.endswith("smtp.EmailBackend")
        return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options if smtp else {}}}}
    return {"EMAIL_BACKEND": backend} | {
        f"EMAIL_{key}": value
        for key, value in zip(
            ["HOST", "PORT", "HOST_USER", "HOST_PASSWORD", "USE_TLS"], options.values(), strict=True
        )
    }


EMAIL_BACKEND_PATH = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Samverkan <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)


# Celery: configured from the CELERY_* names below (config/celery.py).
def celery_settings(redis_url: str) -> dict:
    broker = celery_broker_url(redis_url)
    return {
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": None,
        "CELERY_TASK_ACKS_LATE": True,
        "CELERY_TASK_REJECT_ON_WORKER_LOST": True,
        "CELERY_WORKER_PREFETCH_MULTIPLIER": 1,
        "CELERY_TASK_TIME_LIMIT": 300,
        "CELERY_TASK_SOFT_TIME_LIMIT": 240,
        "CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP": True,
        "CELERY_BEAT_SCHEDULER": "django_celery_beat.schedulers:DatabaseScheduler",
        "CELERY_TIMEZONE": TIME_ZONE,
        # Workers consume this queue (-Q): portals sharing one Redis need a name each.
        "CELERY_TASK_DEFAULT_QUEUE": env.str("CELERY_QUEUE", default="samverkan"),
    }


LOG_FORMAT = env.str("LOG_FORMAT", default="text")  # "json" for structured logs
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": LOG_LEVEL},
        "pgserver": {"level": "WARNING"},
    },
}

PORTAL_NAME = "Samverkan"

# Uploads: the largest document accepted, in megabytes.
MAX_UPLOAD_MB = env.int("MAX_UPLOAD_MB", default=10)
# ...and the most a zip-based document (Word, Excel, OpenDocument) may unpack to.
MAX_UNZIPPED_MB = env.int("MAX_UNZIPPED_MB", default=100)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# The portal's public address, for links in emails.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Open data (360Giving): the publisher's registered identifier prefix and the licence.
OPEN_DATA_PREFIX = env.str("OPEN_DATA_PREFIX", default="360G-samverkan")
OPEN_DATA_LICENSE = env.str(
    "OPEN_DATA_LICENSE", default="https://creativecommons.org/licenses/by/4.0/"
)

# Dashboards read rollups rebuilt by a Celery job every few minutes when something was
# audited in the municipality, and at the latest after this many minutes.
DASHBOARD_ROLLUP_MAX_AGE_MINUTES = env.int("DASHBOARD_ROLLUP_MAX_AGE_MINUTES", default=60)
# Their rendered figures are kept in Redis per rollup build (insights.figures) for at most
# this many seconds (a rebuild makes new keys at once); 0 renders them on every request.
DASHBOARD_FIGURES_CACHE_SECONDS = env.int("DASHBOARD_FIGURES_CACHE_SECONDS", default=3600)

# Data retention: accounts nobody has used for this many years are anonymised (portal-wide).
INACTIVE_ACCOUNT_YEARS = env.int("INACTIVE_ACCOUNT_YEARS", default=3)

# Public pages (start page, open calls, directory, networks, municipality pages) are served
# to anonymous visitors from the cache for this many seconds (portal.caching); 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)

# The outbox (portal.notifications): how each message is sent, by channel name (a row's
# ``channel``; SMS is added here with its class, portal.channels), and at most how many
# messages a minute all workers together send (what the mail system allows; 0: no limit).
NOTIFICATION_CHANNELS = {"email": "portal.channels.EmailChannel"}
OUTBOX_MAX_PER_MINUTE = env.int("OUTBOX_MAX_PER_MINUTE", default=0)
