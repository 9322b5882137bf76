"""Django settings, configured from the environment.

Defaults give a working demo on SQLite under ``var/``; production sets
``SECRET_KEY`` (or ``SECRET_KEY_FILE``), ``DATABASE_URL``, ``ALLOWED_HOSTS`` and
``ZHENGGAI_SECURE=1`` behind HTTPS.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHENGGAI_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if path := os.environ.get("SECRET_KEY_FILE"):
        # A missing or empty file gives an empty key, which `zhenggai serve` refuses.
        file = Path(path)
        return file.read_text(encoding="utf-8").strip() if file.is_file() else ""
    # Development fallback: a key kept in var/ so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key(), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
# True only when the deployment gave the key; the development fallback in var/ is not enough
# for `zhenggai serve`.
SECRET_KEY_CONFIGURED = bool(
    os.environ.get("SECRET_KEY") or (os.environ.get("SECRET_KEY_FILE") and SECRET_KEY)
)

# The audit chain's HMAC key, kept outside the database and outside backups:
# CHAIN_KEY, or the file CHAIN_KEY_FILE, or var/chain_key created on first run
# (only outside production: with ZHENGGAI_SECURE=1 a missing key is an error).
# Read when used, by zhenggai.audit.integrity.chain_key().
CHAIN_KEY = os.environ.get("CHAIN_KEY", "")
CHAIN_KEY_FILE = os.environ.get("CHAIN_KEY_FILE", "")
# sm3 (国密, the default) or sha256; checked at start-up (zhenggai.audit.apps).
CHAIN_ALGORITHM = os.environ.get("ZG_CHAIN_ALGORITHM", "sm3")
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    # Serves Swagger UI for /api/docs from its own static files, not from a CDN.
    "ninja",
    "zhenggai.orgs",
    "zhenggai.inspections",
    "zhenggai.ledger",
    "zhenggai.oversight",
    "zhenggai.notify",
    "zhenggai.publication",
    "zhenggai.audit",
    "zhenggai.web",
    "zhenggai.exchange",
    "zhenggai.api",
]

MIDDLEWARE = [
    "zhenggai.web.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zhenggai.lib.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "zhenggai.lib.uploads.UploadTooLargeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Uploads: aborted while streaming once a file passes the largest accepted size
# (zhenggai.lib.uploads); files above 2.5 MB go to a temporary file, not memory.
FILE_UPLOAD_HANDLERS = [
    "zhenggai.lib.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

ROOT_URLCONF = "zhenggai.urls"
WSGI_APPLICATION = "zhenggai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhenggai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhenggai.access.capabilities",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'zhenggai.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's cost of a random page read: PostgreSQL's default (4) is for spinning
    # disks; on SSDs 1.1 is the usual setting. With 4, a search in one inspection of a
    # million-measure province scanned every measure (200 ms) instead of reading the
    # inspection's through its index (50 ms). ZG_PG_RANDOM_PAGE_COST overrides it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={float(os.environ.get('ZG_PG_RANDOM_PAGE_COST', '1.1'))}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its directory (a fresh deployment's var/).
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web app read while `zhenggai tick` writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "zhenggai.orgs.backends.UserBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhenggai.orgs.passwords.CharacterClassValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "zhenggai" / "static"]
MEDIA_ROOT = Path(os.environ.get("ZG_MEDIA_DIR", VAR_DIR / "media"))


def _file_storage() -> dict:
    """Where uploaded files live: the local disk, or any S3-compatible store when
    ``ZG_S3_BUCKET`` is set (MinIO, Ceph, a cloud's object storage), so that several
    app servers share the same files."""
    bucket = os.environ.get("ZG_S3_BUCKET")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT)},
        }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("ZG_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("ZG_S3_REGION") or None,
            "access_key": os.environ.get("ZG_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("ZG_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("ZG_S3_PREFIX", ""),
            # Private objects; files are only ever streamed through access-checked views.
            "default_acl": None,
            "querystring_auth": True,
            # Never replace a stored file: a second upload under the same name gets a new name.
            "file_overwrite": False,
            # Path-style URLs work with every S3-compatible server, not only AWS.
            "addressing_style": "path",
        },
    }


STORAGES = {
    "default": _file_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Without collectstatic STATIC_ROOT does not exist, and WhiteNoise would say so once per
# gunicorn worker at every start.
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)

# Cache and sessions in the database: app servers keep no state of their own, so any
# number of them can serve behind one address. The cache table is created by migrate.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "zhenggai_cache",
    },
    # Pages kept whole for a stamp of their figures (the overview's ranked rows): a table
    # of their own, so that culling them never drops the default cache's locks.
    "figures": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "zhenggai_figures_cache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # Page parts kept as HTML until their inspection changes (the ledger's head and rows,
    # oversight.snapshots.kept_page): many small entries, one per viewer, filter and page;
    # in a table of their own so that they never push the overview's rows out.
    "pages": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "zhenggai_pages_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Security: safe defaults everywhere, HTTPS-only flags when ZHENGGAI_SECURE=1.
SECURE = _env_bool("ZHENGGAI_SECURE", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_SECURE = SECURE
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SECURE else 0
# Covers only names under the one Zhenggai serves from (e.g. *.zhenggai.xx.gov.cn).
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
# Preloading commits the whole registrable domain (a government's apex) in browsers: the
# domain's owner decides that, not one application on it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None

# Login throttling: five failures lock the username (from any address) and the
# username+address pair for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
# Also per username alone, so guessing one account from many addresses locks it too.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"

# Domain settings (each can be overridden per deployment).
ZHENGGAI = {
    # Light thresholds (DESIGN.md §4): yellow when the deadline is this near…
    "YELLOW_DAYS_BEFORE_DEADLINE": int(os.environ.get("ZG_YELLOW_DAYS", "10")),
    # …or when no progress has been reported for this many days.
    "YELLOW_DAYS_WITHOUT_UPDATE": int(os.environ.get("ZG_STALE_DAYS", "30")),
    "PAGE_SIZE": 50,
    # Evidence files larger than this are refused with a message.
    "EVIDENCE_MAX_BYTES": int(os.environ.get("ZG_EVIDENCE_MAX_MB", "50")) * 1024 * 1024,
    # Look-back checks after a closure, in months (回头看).
    "RECHECK_MONTHS": [int(m) for m in os.environ.get("ZG_RECHECK_MONTHS", "3,6").split(",")],
    # Supervision (oversight/notify): defaults of the escalation ladder and the bulletin.
    "NOTICE_DAYS": int(os.environ.get("ZG_NOTICE_DAYS", "20")),
    "BULLETIN_DAYS": int(os.environ.get("ZG_BULLETIN_DAYS", "14")),
    "NOTIFY_MAX_ATTEMPTS": int(os.environ.get("ZG_NOTIFY_MAX_ATTEMPTS", "5")),
    "SITE_URL": os.environ.get("ZG_SITE_URL", "http://127.0.0.1:8000"),
    # 举一反三 and recurrence: TF-IDF cosine from which two problems count as similar.
    "SIMILARITY_THRESHOLD": float(os.environ.get("ZG_SIMILARITY", "0.35")),
    # Reminders: at most this many messages per user, channel and day; the rest wait
    # for the next daily digest.
    "NOTIFY_DAILY_LIMIT": int(os.environ.get("ZG_NOTIFY_DAILY_LIMIT", "20")),
    # Group-robot addresses (URL prefixes) allowed besides WeCom's and DingTalk's own
    # https hosts, e.g. an intranet gateway; comma-separated in ZG_WEBHOOK_ALLOWLIST.
    "WEBHOOK_ALLOWLIST": [
        u for u in os.environ.get("ZG_WEBHOOK_ALLOWLIST", "").split(",") if u.strip()
    ],
    # Event notifications (assigned, returned, …) are sent when the action commits;
    # failures stay queued and `zhenggai tick` retries them.
    "NOTIFY_SEND_ON_COMMIT": _env_bool("ZG_NOTIFY_SEND_ON_COMMIT", True),
    # What an uploaded .docx/.xlsx/.html/.pdf may unpack to while it is read (the fields of
    # zhenggai.core.expansion.ExpansionLimits; the ones left out keep their defaults).
    "EXPANSION_LIMITS": {
        "unpacked_bytes": int(os.environ.get("ZG_UNPACKED_MAX_MB", "200")) * 1024 * 1024,
        "member_bytes": int(os.environ.get("ZG_UNPACKED_MEMBER_MAX_MB", "40")) * 1024 * 1024,
        "ratio": 100,
        "shared_strings_bytes": 20 * 1024 * 1024,
        "cell_chars": 32_767,
        "cells": int(os.environ.get("ZG_IMPORT_MAX_CELLS", "2000000")),
        "html_bytes": 20 * 1024 * 1024,
        "html_tags": 500_000,
        "pdf_pages": int(os.environ.get("ZG_PDF_MAX_PAGES", "1000")),
        "pdf_stream_bytes": 2 * 1024 * 1024,
        "pdf_content_bytes": 8 * 1024 * 1024,
        "pdf_text_chars": 2_000_000,
    },
}

# Reminder email (zhenggai tick); the console backend prints when no SMTP host is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhenggai@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
