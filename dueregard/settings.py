"""Settings for dueregard, read from the environment.

Three profiles, chosen with ``DUEREGARD_PROFILE``:

* ``production`` (the default, so a forgotten variable fails closed): PostgreSQL from
  ``DATABASE_URL``, Redis, Celery, SMTP. Refuses to start without a secret key, allowed
  hosts, a database and mail settings.
* ``dev``: SQLite under ``var/``, console email, tasks in the database (``db_worker``).
* ``test``: like dev but fast hashing, in-memory email, tasks run immediately; uses
  ``DATABASE_URL`` when given so the suite runs on PostgreSQL too.

Every variable is listed in ``.env.example``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from dueregard.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# pytest (>= 8.2) sets PYTEST_VERSION for its run: the suite gets the test profile.
PROFILE = env_choice(
    "DUEREGARD_PROFILE",
    ("production", "dev", "test"),
    "test" if "PYTEST_VERSION" in os.environ else "production",
)
IS_PRODUCTION = PROFILE == "production"
VAR_DIR = Path(env_str("DUEREGARD_VAR_DIR") or BASE_DIR / "var")
if not IS_PRODUCTION:
    VAR_DIR.mkdir(exist_ok=True)


def _required(name: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in the production profile (see .env.example)"
        )
    return value


# --- Core -----------------------------------------------------------------------------
if IS_PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 varied characters")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the production profile")
    DEBUG = False
else:
    # Development and test only: this key signs nothing that leaves the machine.
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdef"  # noqa: S105
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    DEBUG = env_bool("DEBUG", PROFILE == "dev")

SITE_URL = env_str("SITE_URL") or ("" if IS_PRODUCTION else "http://127.0.0.1:8000")
if IS_PRODUCTION and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be set to the https:// address of the service")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "dueregard.core",
    "dueregard.accounts",
    "dueregard.organisations",
    "dueregard.audit",
    "dueregard.people",
    "dueregard.concerns",
    "dueregard.cases",
    "dueregard.referrals",
    "dueregard.sharing",
    "dueregard.contacts",
    "dueregard.channel",
    "dueregard.actions",
    "dueregard.risks",
    "dueregard.policydoc",
    "dueregard.training",
    "dueregard.events",
    "dueregard.policies",
    "dueregard.partnership",
    "dueregard.checks",
    "dueregard.notifications",
    "dueregard.reports",
    "dueregard.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "dueregard.backups",
    "dueregard.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dueregard.core.middleware.SecurityHeadersMiddleware",
    # Before anything that audits: events read the client's address from this context.
    "dueregard.audit.middleware.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: an expired session is signed out with a message on the sign-in page.
    "dueregard.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "dueregard.organisations.middleware.MembershipMiddleware",
    "dueregard.core.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "dueregard.urls"
WSGI_APPLICATION = "dueregard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dueregard" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dueregard.organisations.context_processors.membership",
                "dueregard.notifications.context_processors.unread_alerts",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if IS_PRODUCTION:
    DATABASE_URL = _required("DATABASE_URL")
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_URL must be a PostgreSQL URL in production")
if DATABASE_URL:
    # Keep connections open: reconnecting per request cost 2-4x throughput here.
    DATABASES: dict[str, Any] = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            # Tests close every connection so the test database can be dropped.
            conn_max_age=0 if PROFILE == "test" else 60,
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / f"{PROFILE}.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, tasks ---------------------------------------------------------------------
REDIS_URL = _required("REDIS_URL") if IS_PRODUCTION else env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if IS_PRODUCTION:
    TASKS = {"default": {"BACKEND": "dueregard.core.celery_backend.CeleryBackend"}}
elif PROFILE == "test":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = False
# Reminders of overdue reviews and actions: hourly in production (Celery beat).
CELERY_BEAT_SCHEDULE = {
    "remind-overdue": {"task": "dueregard.enqueue_reminders", "schedule": 3600.0},
}

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts are created by an administrator
ACCOUNT_ADAPTER = "dueregard.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# Failed sign-ins are throttled per address and per account for short windows only, so an
# attacker can slow a victim down for minutes but never lock them out for good.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Per-address limits need the client's address, not the reverse proxy's: production runs
# behind one proxy (see SECURE_PROXY_SSL_HEADER) that appends to X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if IS_PRODUCTION else 0)
# Step-up: sensitive actions (approving a referral, break glass, changing MFA) need a
# second factor re-entered within this many seconds (dueregard.accounts.security).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Flash messages live in the server-side session: no extra cookie without the __Host- prefix.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Second factor: an authenticator app, passkeys and recovery codes. Never SMS.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# TOTP secrets and recovery-code seeds are encrypted with the application keyring.
MFA_ADAPTER = "dueregard.accounts.mfa.MFAAdapter"
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "dueregard"
# WebAuthn needs https, except on the loopback addresses used in development and tests.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not IS_PRODUCTION
# "Your sessions" shows when each was last used; SessionLifetimeMiddleware records it at
# most once a minute (allauth's own middleware would write on every request).
USERSESSIONS_TRACK_ACTIVITY = True

# Single sign-on with OpenID Connect: off unless a provider's variables are set. Sign-up
# through a provider is closed (the adapter only matches existing users by email).
SOCIALACCOUNT_ADAPTER = "dueregard.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
_OIDC_APPS: list[dict[str, Any]] = []
# Entra ID sends no ``email_verified`` claim, and its ``email`` claim is whatever a tenant's
# administrator typed. So a Microsoft email counts as verified (and can match an existing
# account) only when it is in a domain listed in OIDC_MICROSOFT_VERIFIED_DOMAINS *and* the
# sign-in is pinned to the organisation's own tenant, which has proved it owns those
# domains. With neither, Microsoft sign-in matches nobody (there is no sign-up).
_MS_TENANT = env_str("OIDC_MICROSOFT_TENANT") or "organizations"
_MS_DOMAINS = [d.lower() for d in env_list("OIDC_MICROSOFT_VERIFIED_DOMAINS")]
if _MS_DOMAINS and _MS_TENANT.lower() in ("organizations", "common", "consumers"):
    raise ImproperlyConfigured(
        "OIDC_MICROSOFT_VERIFIED_DOMAINS needs OIDC_MICROSOFT_TENANT set to your own tenant "
        "id: with a shared endpoint any tenant could claim those domains"
    )
if env_str("OIDC_MICROSOFT_CLIENT_ID"):
    _OIDC_APPS.append(
        {
            "provider_id": "microsoft",
            "name": "Microsoft",
            "client_id": env_str("OIDC_MICROSOFT_CLIENT_ID"),
            "secret": _required("OIDC_MICROSOFT_CLIENT_SECRET")
            if IS_PRODUCTION
            else env_str("OIDC_MICROSOFT_CLIENT_SECRET") or "",
            "settings": {
                "server_url": f"https://login.microsoftonline.com/{_MS_TENANT}/v2.0",
                "verified_email": _MS_DOMAINS or False,
            },
        }
    )
if env_str("OIDC_GOOGLE_CLIENT_ID"):
    _OIDC_APPS.append(
        {
            "provider_id": "google",
            "name": "Google",
            "client_id": env_str("OIDC_GOOGLE_CLIENT_ID"),
            "secret": _required("OIDC_GOOGLE_CLIENT_SECRET")
            if IS_PRODUCTION
            else env_str("OIDC_GOOGLE_CLIENT_SECRET") or "",
            "settings": {"server_url": "https://accounts.google.com"},
        }
    )
SOCIALACCOUNT_PROVIDERS: dict[str, Any] = (
    {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": _OIDC_APPS}} if _OIDC_APPS else {}
)

if PROFILE == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
else:
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Sessions live in the database. Idle timeout and absolute lifetime are enforced by
# dueregard.accounts.middleware.SessionLifetimeMiddleware; the cookie lasts no longer.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_LIFETIME", 12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Mail -----------------------------------------------------------------------------
if IS_PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _required("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    DEFAULT_FROM_EMAIL = _required("DEFAULT_FROM_EMAIL")
elif PROFILE == "test":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DEFAULT_FROM_EMAIL = "dueregard@example.invalid"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    DEFAULT_FROM_EMAIL = "dueregard@example.invalid"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers -----------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Nothing to other sites. Not "no-referrer": browsers then send "Origin: null" with our
# own form posts, and Django's CSRF origin check refuses them.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# django-csp until Django 6: scripts only from us and only with this response's nonce;
# no inline style. Same policy in every profile so tests see what production sends.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if IS_PRODUCTION:
    # __Host- cookies: the browser accepts them only Secure, with Path=/ and no Domain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [SITE_URL]

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "dueregard" / "static"]
# Production serves collected files; dev and test serve straight from the apps' folders.
STATIC_ROOT = BASE_DIR / "staticfiles" if IS_PRODUCTION else None
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
# Attachments live outside any public folder and are served only by an authorised view.
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT") or VAR_DIR / "private")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_FILES_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MAX_ATTACHMENT_BYTES = env_int("MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- API (/api/v1/, docs/api.md) ------------------------------------------------------
# Requests per API key (or signed-in member), counted in the cache above: "300/minute".
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "300/minute") or "300/minute"
REST_FRAMEWORK = {
    # Each endpoint names its authentication (dueregard/api/framework.py, ApiView).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "dueregard.api.problems.handle",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dueregard API",
    "DESCRIPTION": "Per-organisation API: people sync, concerns, training records, figures "
    "and, for named DSL-team members, cases. See docs/api.md.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_AUTHENTICATION": ["rest_framework.authentication.SessionAuthentication"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dueregard.api.schema.add_problems",
    ],
}
FILE_UPLOAD_PERMISSIONS = 0o600

# --- Encryption at rest ---------------------------------------------------------------
# Narratives, notes, rationales and attachments are encrypted with AES-GCM (core/crypto.py).
# Keys come from the environment or a _FILE, never the database or SECRET_KEY: "id:base64",
# comma-separated; the last encrypts new writes, all decrypt (manage.py rotate_keys).
from dueregard.core.crypto import DEV_KEYRING, parse_keyring  # noqa: E402

if IS_PRODUCTION:
    ENCRYPTION_KEYS = _required("DUEREGARD_ENCRYPTION_KEYS")
    if DEV_KEYRING.partition(":")[2] in ENCRYPTION_KEYS:
        raise ImproperlyConfigured("DUEREGARD_ENCRYPTION_KEYS holds the published dev key")
else:
    # Development and test only: a published key that protects nothing.
    ENCRYPTION_KEYS = env_str("DUEREGARD_ENCRYPTION_KEYS") or DEV_KEYRING
parse_keyring(ENCRYPTION_KEYS)  # a malformed keyring stops the start

# The audit trail is sealed with HMAC keys held outside the database (dueregard/audit/keys.py).
from dueregard.audit.keys import DEV_AUDIT_KEYS, parse_audit_keys  # noqa: E402

if IS_PRODUCTION:
    AUDIT_KEYS = _required("DUEREGARD_AUDIT_KEYS")
    if DEV_AUDIT_KEYS.partition(":")[2] in AUDIT_KEYS:
        raise ImproperlyConfigured("DUEREGARD_AUDIT_KEYS holds the published dev key")
else:
    AUDIT_KEYS = env_str("DUEREGARD_AUDIT_KEYS") or DEV_AUDIT_KEYS
parse_audit_keys(AUDIT_KEYS)  # a malformed list stops the start

# --- Locale ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Logging: no personal data is ever passed to a logger -----------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {
        # Request logs would carry URLs and form errors; keep only warnings and above.
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
    },
}
