"""Settings of the Référencement platform.

Everything that differs between machines comes from the environment through the typed
helpers below, which fail fast with ImproperlyConfigured. The embedded default is SQLite
and local files under REFERENCEMENT_HOME (else the repository's ./var when run from a checkout,
else the user's data directory: referencement/lib/data_dir.py); DATABASE_URL switches to
PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from referencement.lib.data_dir import data_dir

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = env_str("REFERENCEMENT_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("REFERENCEMENT_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

HOME = data_dir()
HOME.mkdir(parents=True, exist_ok=True)


def _development_secret_key() -> str:
    """A key kept in the data directory, so sessions survive a restart in development."""
    path = HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = (
    env_str("REFERENCEMENT_SECRET_KEY")
    if PRODUCTION
    else os.environ.get("REFERENCEMENT_SECRET_KEY") or _development_secret_key()
)
DEBUG = env_bool("REFERENCEMENT_DEBUG", False)
ALLOWED_HOSTS = env_list(
    "REFERENCEMENT_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("REFERENCEMENT_CSRF_TRUSTED_ORIGINS")
# `referencement serve --port P` sets it to the address it serves unless it is given.
SITE_URL = env_str("REFERENCEMENT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The operator named on every page footer, the legal pages, the convention and attestation.
AGENCY_NAME = env_str("REFERENCEMENT_AGENCY_NAME", "Agence du Numérique en Santé")
# Data protection officer contact (« Données personnelles » page, RGPD art. 13).
DPO_EMAIL = env_str("REFERENCEMENT_DPO_EMAIL", "dpo@esante.gouv.fr")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "widget_tweaks",
    "dsfr",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "csp",
    # Serves the API docs' Swagger UI from the platform's own static files (no CDN; CSP).
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "referencement.core.apps.CoreConfig",
    "referencement.accounts.apps.AccountsConfig",
    "referencement.audit.apps.AuditConfig",
    "referencement.catalog.apps.CatalogConfig",
    "referencement.files.apps.FilesConfig",
    "referencement.candidatures.apps.CandidaturesConfig",
    "referencement.evidence.apps.EvidenceConfig",
    "referencement.notifications.apps.NotificationsConfig",
    "referencement.instruction.apps.InstructionConfig",
    "referencement.college.apps.CollegeConfig",
    "referencement.registry.apps.RegistryConfig",
    "referencement.dashboard.apps.DashboardConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Issue 16 item 2: a body longer than its URL accepts is refused before anything else.
    "referencement.evidence.middleware.BodyLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "referencement.core.middleware.RequestIdMiddleware",
    "referencement.core.middleware.DatabaseUnavailableMiddleware",
    "referencement.core.middleware.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "referencement.accounts.middleware.SecondFactorRequiredMiddleware",
    # Once the account is known, before any view or the CSRF check (process_view) reads the
    # body: uploads are refused to unknown senders, then stream to the store.
    "referencement.evidence.middleware.UploadGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "referencement.urls"
WSGI_APPLICATION = "referencement.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dsfr.context_processors.site_config",
                "referencement.core.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'db.sqlite3'}",
        # Reusing connections doubles the throughput of small requests (benchmarks/README.md).
        conn_max_age=env_int("REFERENCEMENT_DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
if os.environ.get("REFERENCEMENT_TEST_DB_NAME"):
    # Lets two test runs share one PostgreSQL server without clobbering each other.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["REFERENCEMENT_TEST_DB_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes (one-process default).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_URL_PATH = "/connexion/"
LOGIN_REDIRECT_URL = "core:home"
LOGIN_REDIRECT_URL_PATH = "/"
LOGOUT_REDIRECT_URL = "core:home"

# 001 §3.2.7 SC.SSI/IAM.92: password of at least 12 characters, not common, not like the e-mail.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_FAILURE_LIMIT = env_int("REFERENCEMENT_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("REFERENCEMENT_LOGIN_LOCKOUT_MINUTES", 15)
# API tokens expire this many days after their creation (issue 16 item 4).
API_TOKEN_VALID_DAYS = env_int("REFERENCEMENT_API_TOKEN_VALID_DAYS", 90)
# A token is created only this long after the second factor was re-entered.
SECOND_FACTOR_FRESH_SECONDS = env_int("REFERENCEMENT_SECOND_FACTOR_FRESH_SECONDS", 300)
# Issue 16 item 7: members present for a collège decision to be taken.
COLLEGE_QUORUM = env_int("REFERENCEMENT_COLLEGE_QUORUM", 2)
# Password-reset links expire after one hour (and serve once).
PASSWORD_RESET_TIMEOUT = env_int("REFERENCEMENT_PASSWORD_RESET_SECONDS", 3600)
# Per client address (behind a proxy: REFERENCEMENT_TRUSTED_PROXY gives the real address).
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("REFERENCEMENT_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_ADDRESS_MAX_BLOCK_MINUTES = env_int("REFERENCEMENT_LOGIN_ADDRESS_MAX_BLOCK_MINUTES", 1440)
INVITATION_VALID_DAYS = env_int("REFERENCEMENT_INVITATION_VALID_DAYS", 7)
OTP_TOTP_ISSUER = "Référencement"

# 001 §3.2.7 SC.SSI/IE.39: the session ends after a period of inactivity (checked by
# SecondFactorRequiredMiddleware, which traces it); the stored session lives a little longer.
SESSION_INACTIVITY_SECONDS = env_int("REFERENCEMENT_INACTIVITY_MINUTES", 30) * 60
SESSION_COOKIE_AGE = SESSION_INACTIVITY_SECONDS + 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# The platform's own translations: texts of third-party libraries left untranslated.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Forms mark their optional fields, as the DSFR recommends, not the required ones (issue 17).
DSFR_MARK_OPTIONAL_FIELDS = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    # Uploaded files of the models go to the blob store; names written before it (files
    # under HOME/files) are still read from there.
    "default": {
        "BACKEND": "referencement.files.file_storage.BlobFileStorage",
        "OPTIONS": {"legacy_location": str(HOME / "files")},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
EVIDENCE_ROOT = Path(env_str("REFERENCEMENT_EVIDENCE_ROOT", str(HOME / "evidence")))
# Issue 15 item 7: every stored file (evidence, dossier documents, conventions, attestations,
# minutes, registry editions) goes to the content-addressed blob store, on local files under
# EVIDENCE_ROOT or in an S3-compatible bucket. Uploads are spooled in EVIDENCE_ROOT/tmp.
REFERENCEMENT_STORAGE = env_str("REFERENCEMENT_STORAGE", "local")
REFERENCEMENT_S3_ENDPOINT_URL = env_str("REFERENCEMENT_S3_ENDPOINT_URL", "")
REFERENCEMENT_S3_BUCKET = env_str("REFERENCEMENT_S3_BUCKET", "")
REFERENCEMENT_S3_ACCESS_KEY_ID = env_str("REFERENCEMENT_S3_ACCESS_KEY_ID", "")
REFERENCEMENT_S3_SECRET_ACCESS_KEY = env_str("REFERENCEMENT_S3_SECRET_ACCESS_KEY", "")
REFERENCEMENT_S3_REGION = env_str("REFERENCEMENT_S3_REGION", "us-east-1")
if REFERENCEMENT_STORAGE not in {"local", "s3"}:
    raise ImproperlyConfigured("REFERENCEMENT_STORAGE must be 'local' or 's3'.")
if REFERENCEMENT_STORAGE == "s3" and not REFERENCEMENT_S3_BUCKET:
    raise ImproperlyConfigured("REFERENCEMENT_STORAGE=s3 requires REFERENCEMENT_S3_BUCKET.")

# The audit chain head is anchored in an append-only file outside the database, each anchor
# signed with an Ed25519 key the database never holds (PEM, PKCS#8). In production the key is
# required and should live outside the data directory; in development it is generated there.
AUDIT_ANCHORS_PATH = Path(
    env_str("REFERENCEMENT_AUDIT_ANCHORS", str(HOME / "audit" / "anchors.jsonl"))
)
AUDIT_KEY_PATH = os.environ.get("REFERENCEMENT_AUDIT_KEY") or (
    "" if PRODUCTION else str(HOME / "audit_key.pem")
)
# Optional RFC 3161 time-stamping authority for the anchors (its URL), and its certificate
# (PEM: the TSA certificate followed by its chain up to the root) to verify the tokens.
AUDIT_TSA_URL = env_str("REFERENCEMENT_AUDIT_TSA_URL", "")
AUDIT_TSA_CERT = env_str("REFERENCEMENT_AUDIT_TSA_CERT", "")
FILE_UPLOAD_TEMP_DIR = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Evidence uploads are streamed into the blob store, limited by the sniffed type (issue 4):
# videos up to 2 GB, other files (and dossier documents) 200 MB, the conformity API 50 MB.
EVIDENCE_MAX_VIDEO_BYTES = env_int("REFERENCEMENT_EVIDENCE_MAX_VIDEO_MB", 2048) * 1024 * 1024
EVIDENCE_MAX_FILE_BYTES = env_int("REFERENCEMENT_EVIDENCE_MAX_FILE_MB", 200) * 1024 * 1024
# Issue 11 item 2: from this size on, the browser sends an evidence file in resumable chunks
# (tus) of the chunk size; a reverse proxy in front must accept bodies of one chunk.
EVIDENCE_RESUMABLE_FROM_BYTES = (
    env_int("REFERENCEMENT_EVIDENCE_RESUMABLE_FROM_MB", 100) * 1024 * 1024
)
EVIDENCE_RESUMABLE_CHUNK_BYTES = (
    env_int("REFERENCEMENT_EVIDENCE_RESUMABLE_CHUNK_MB", 16) * 1024 * 1024
)
if EVIDENCE_RESUMABLE_CHUNK_BYTES <= 0:
    raise ImproperlyConfigured("REFERENCEMENT_EVIDENCE_RESUMABLE_CHUNK_MB must be at least 1.")
# Unfinished uploads and unreferenced files are removed after this delay.
EVIDENCE_CLEANUP_GRACE_HOURS = env_int("REFERENCEMENT_EVIDENCE_CLEANUP_GRACE_HOURS", 24)
CONFORMITY_MAX_BYTES = env_int("REFERENCEMENT_CONFORMITY_MAX_MB", 50) * 1024 * 1024
# Issue 16 item 2: every URL but the upload URLs (evidence/upload_gate.py) accepts at most
# this body, in Django and in the embedded server; an account receives at most this many
# upload bytes at once.
REQUEST_BODY_MAX_BYTES = env_int("REFERENCEMENT_REQUEST_BODY_MAX_MB", 5) * 1024 * 1024
UPLOAD_IN_FLIGHT_MAX_BYTES = env_int("REFERENCEMENT_UPLOAD_IN_FLIGHT_MAX_MB", 4096) * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_HEARTBEAT_STALE_SECONDS = env_int("REFERENCEMENT_WORKER_STALE_SECONDS", 120)

EMAIL_BACKEND = env_str(
    "REFERENCEMENT_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("REFERENCEMENT_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("REFERENCEMENT_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("REFERENCEMENT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("REFERENCEMENT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("REFERENCEMENT_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("REFERENCEMENT_FROM_EMAIL", "referencement@localhost")
# Where a prospective editor asks the agency for an account (home page, legal pages).
CONTACT_EMAIL = env_str("REFERENCEMENT_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# Issue 16 item 8: no inline script or style anywhere; every asset (DSFR, htmx) is served by
# the platform itself, so 'self' is enough. data: covers the DSFR's embedded icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The address of the reverse proxy whose X-Forwarded-Proto/-For `referencement serve`
# (waitress) trusts; without it waitress drops these headers, the request never looks
# secure and neither HSTS nor the HTTPS redirect work. Under gunicorn: --forwarded-allow-ips.
TRUSTED_PROXY = env_str("REFERENCEMENT_TRUSTED_PROXY", "")
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("REFERENCEMENT_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("REFERENCEMENT_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # WeasyPrint repeats its font advice for every PDF: said once per process.
    "filters": {"once": {"()": "referencement.lib.log_once.OncePerMessage"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("REFERENCEMENT_LOG_LEVEL", "INFO")},
    "loggers": {
        "django_tasks_db": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING", "filters": ["once"]},
        "fontTools": {"level": "WARNING"},
    },
}
