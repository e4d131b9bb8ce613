"""Django settings, read from the environment.

DATABASE_URL selects the database (default: SQLite file under ANJIAN_DATA_DIR).
"""

import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ANJIAN_DATA_DIR", BASE_DIR / "data"))

# Secrets (anjian/core/keys.py): no usable default. Unset, the placeholder below lets settings
# load (tests set their own keys), but `serve`, the WSGI application and the commands that read
# reporter identities or verify the audit refuse to start on it; `anjian demo` makes random
# keys for its data folder.
SECRET_KEY = (
    os.environ.get("ANJIAN_SECRET_KEY") or "dev-insecure-key-change-me-in-production-0123456789"
)
ANJIAN_TIP_KEY = os.environ.get("ANJIAN_TIP_KEY") or None
# Older tip keys, comma-separated, still accepted for reading while `anjian tips-rekey` runs.
ANJIAN_TIP_KEYS_OLD = [k for k in os.environ.get("ANJIAN_TIP_KEYS_OLD", "").split(",") if k]
ANJIAN_AUDIT_KEY = os.environ.get("ANJIAN_AUDIT_KEY") or None
# Documents' PDF signing keys, one folder per department (enforcement/pdfsign.py); no key is
# made outside the demo (ANJIAN_SIGNING_DEMO=1, set by `anjian demo` and the test plugin).
ANJIAN_SIGNING_DIR = os.environ.get("ANJIAN_SIGNING_DIR") or str(DATA_DIR / "signing")
ANJIAN_SIGNING_DEMO = os.environ.get("ANJIAN_SIGNING_DEMO", "0") == "1"
ANJIAN_AUDIT_ALGORITHM = os.environ.get("ANJIAN_AUDIT_ALGORITHM", "hmac-sha256")
ANJIAN_AUDIT_ANCHORS = os.environ.get("ANJIAN_AUDIT_ANCHORS") or str(
    DATA_DIR / "audit-anchors.jsonl"
)

DEBUG = os.environ.get("ANJIAN_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("ANJIAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "anjian.core",
    "anjian.audit",
    "anjian.accounts",
    "anjian.registry",
    "anjian.checklists",
    "anjian.hazards",
    "anjian.campaigns",
    "anjian.inspections",
    "anjian.tasks",
    "anjian.duty",
    "anjian.notifications",
    "anjian.tips",
    "anjian.accidents",
    "anjian.enforcement",
    "anjian.stats",
    "anjian.records",
    "anjian.lawreview",
    "anjian.visits",
    "anjian.portal",
    "anjian.shell",
    "django_filters",
    "django_tables2",
    "ninja",  # Swagger UI from the package's own static files (no CDN)
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "anjian.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "anjian.core.routers.ReplicaMiddleware",
    "anjian.accounts.middleware.SessionTouchMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "anjian.core.middleware.RequestContextMiddleware",
    "anjian.accounts.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "anjian.urls"
WSGI_APPLICATION = "anjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "anjian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anjian.shell.context.nav",
            ],
        },
    }
]

_DB_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'anjian.sqlite3'}")
# PostgreSQL: persistent connections (one per worker thread, kept ANJIAN_CONN_MAX_AGE seconds,
# checked before reuse) instead of a new connection for every request.
_CONN_MAX_AGE = int(
    os.environ.get("ANJIAN_CONN_MAX_AGE", "0" if _DB_URL.startswith("sqlite") else "600")
)
DATABASES = {
    "default": dj_database_url.parse(
        _DB_URL, conn_max_age=_CONN_MAX_AGE, conn_health_checks=_CONN_MAX_AGE > 0
    )
}
# A streaming replica (PostgreSQL hot standby): list, statistics and export reads go there,
# writes and a user's reads right after their own write to the primary (core/routers.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=_CONN_MAX_AGE,
        conn_health_checks=_CONN_MAX_AGE > 0,
    )
    # tests: no test database is created on a read-only standby (the replica tests point it
    # at the real replica of the test database themselves)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["anjian.core.routers.ReplicaRouter"]
ANJIAN_REPLICA_STICKY_SECONDS = int(os.environ.get("ANJIAN_REPLICA_STICKY_SECONDS", "15"))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers proceed during writes; the timeout makes writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["anjian.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "anjian.accounts.validators.ComplexityValidator"},
    {"NAME": "anjian.accounts.validators.UsernameValidator"},
    {"NAME": "anjian.accounts.validators.RepetitionValidator"},
]
# Optional maximum password age (days; 0 = none): an older password must be changed at login.
ANJIAN_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("ANJIAN_PASSWORD_MAX_AGE_DAYS", "0"))

# 等保三级: lock after repeated failures; expire idle sessions.
ANJIAN_LOCKOUT_THRESHOLD = int(os.environ.get("ANJIAN_LOCKOUT_THRESHOLD", "5"))
ANJIAN_LOCKOUT_MINUTES = int(os.environ.get("ANJIAN_LOCKOUT_MINUTES", "15"))
SESSION_COOKIE_AGE = int(os.environ.get("ANJIAN_SESSION_IDLE_SECONDS", str(30 * 60)))
# Idle timeout, not absolute: accounts.middleware.SessionTouchMiddleware pushes the expiry ahead
# at most once a minute instead of saving the session on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Security headers (等保三级). Scripts only from the app's own static files: no inline script
# and no third-party origin (the pages pass it: see docs/security.md); inline style attributes
# are allowed. Frames, plugins and foreign form targets are refused.
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind TLS (ANJIAN_HTTPS=1): cookies only over HTTPS, HSTS for a year, plain HTTP redirected
# (ANJIAN_SSL_REDIRECT=0 when the proxy does it); a proxy that terminates TLS must set
# X-Forwarded-Proto (ANJIAN_PROXY_SSL_HEADER=1 trusts it).
ANJIAN_HTTPS = os.environ.get("ANJIAN_HTTPS") == "1"
if ANJIAN_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ANJIAN_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("ANJIAN_HSTS_PRELOAD", "1") == "1"
    SECURE_SSL_REDIRECT = os.environ.get("ANJIAN_SSL_REDIRECT", "1") == "1"
    if os.environ.get("ANJIAN_PROXY_SSL_HEADER") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "anjian" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("ANJIAN_STATIC_ROOT") or None  # whitenoise serves from app folders
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# 执法全过程记录 (anjian.records): the file system (MEDIA_ROOT) by default, an S3-compatible
# object store when a bucket is named (django-storages' S3Storage over boto3).
if os.environ.get("ANJIAN_S3_BUCKET"):
    STORAGES["records"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["ANJIAN_S3_BUCKET"],
            "endpoint_url": os.environ.get("ANJIAN_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("ANJIAN_S3_REGION") or None,
            "access_key": os.environ.get("ANJIAN_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("ANJIAN_S3_SECRET_KEY") or None,
            "location": os.environ.get("ANJIAN_S3_PREFIX", "records"),
            "addressing_style": os.environ.get("ANJIAN_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    STORAGES["records"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
ANJIAN_RECORDS_MAX_BYTES = int(os.environ.get("ANJIAN_RECORDS_MAX_BYTES", str(4 * 1024**3)))
ANJIAN_RECORDS_CHUNK_BYTES = 8 * 1024 * 1024
# chunks of uploads in progress (a volume every app server shares); default MEDIA_ROOT/partial
ANJIAN_RECORDS_PARTIAL_DIR = os.environ.get("ANJIAN_RECORDS_PARTIAL_DIR") or None
WHITENOISE_USE_FINDERS = True  # serve straight from app folders; no collectstatic step needed
MEDIA_ROOT = Path(os.environ.get("ANJIAN_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every app process: rate limits, one-use human checks (tips). `anjian demo` and the
# test runner create the table; in production run `anjian createcachetable` after migrate.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "anjian_cache",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ANJIAN_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# Background jobs (django-tasks, the backport of Django's tasks framework): queued in the
# database (SQLite or PostgreSQL, no other server) and run by `anjian worker`; `anjian demo`
# runs a worker thread inside its own process. The daily reminder job runs there too.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Exports larger than this many rows become a background job with a progress page.
ANJIAN_EXPORT_SYNC_MAX_ROWS = int(os.environ.get("ANJIAN_EXPORT_SYNC_MAX_ROWS", "20000"))

# E-mail for reminders: SMTP when ANJIAN_SMTP_HOST is set (see notifications), else the console.
EMAIL_BACKEND = os.environ.get(
    "ANJIAN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("ANJIAN_SMTP_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)

# 听证 较大数额 (行政处罚法第六十三条): the province's published amounts, as JSON, e.g.
# {"individual_yuan": 20000, "organisation_yuan": 50000, "source": "…省…规定"}; unset, the law
# engine's documented default applies (anjian.law.procedure.DEFAULT_HEARING_THRESHOLDS).
ANJIAN_HEARING_THRESHOLDS = json.loads(os.environ.get("ANJIAN_HEARING_THRESHOLDS") or "null")
