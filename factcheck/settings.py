"""Settings for 팩트체크 데스크.

One file, driven by the environment: safe defaults for a laptop (SQLite, DEBUG),
strict when DJANGO_DEBUG=0 (production): secret key required, HTTPS-only cookies, HSTS.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from factcheck.env import envbool, envfloat, envint

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = envbool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before django_tasks_db: factcheck's db_worker command (the library's worker plus the extraction lease
    # sweep) takes the name's place.
    "factcheck",
    "factcheck.evidence",  # snapshots of verdicts' sources (its own models, admin and migrations)
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_guid",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",  # first: every later log line carries the request id
    # Before the host check and the HTTPS redirect: probes address the machine by IP, over plain HTTP;
    # and before the request log, which would otherwise hold a line for every probe every few seconds.
    "factcheck.health.HealthProbeMiddleware",
    "factcheck.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "factcheck.web.context_processors.desk",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

# SQLite is the zero-setup default; PostgreSQL (DATABASE_URL=postgres://…) in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Reuse a connection across requests (a new PostgreSQL connection costs ~8 ms), checked before reuse.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web workers writing at once: a write transaction takes SQLite's lock when it begins and waits for it
    # (up to `timeout` s) instead of failing with "database is locked" (a 503) when it first writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Content-Security-Policy (django-csp): only this site's own scripts, styles, fonts and images (plus data:
# images, which the admin and Swagger UI draw icons with); no inline script, no plugins, no framing, forms
# only to this site. Article text is hostile input: even if some escaping failed, an injected script or
# inline handler would not run. The browser tests fail on any violation the pages, the admin or the API
# docs report.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Permissions-Policy (django-permissions-policy): the desk needs no device or sensor; a page of it never
# asks for one, nor may anything embedded in it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "browsing-topics",
    )
}  # fmt: skip

# Sign-in throttling (django-axes, attempts kept in the database so every web host sees them): after
# FACTCHECK_LOGIN_FAILURE_LIMIT failed sign-ins for one account, or from one address, every further
# attempt — the right password included — gets a 429 with Retry-After for FACTCHECK_LOGIN_COOLOFF_MINUTES
# (each failure meanwhile starts the wait again). A successful sign-in clears that account's failures.
# It covers /login/, /admin/login/ and POST /api/auth/token/.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = envint("FACTCHECK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("FACTCHECK_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # failures and lockouts are still logged as warnings; no banner on every command
AXES_LOCKOUT_CALLABLE = "factcheck.web.views.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "factcheck.signin.client_address"
AXES_USERNAME_CALLABLE = "factcheck.signin.attempted_username"  # cut to the 255 characters axes stores
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (nginx: 1). 0 trusts only the
# socket's address, so a client cannot pick its own address for the throttles.
NUM_PROXIES = envint("FACTCHECK_NUM_PROXIES", 0)

# API tokens (django-rest-knox): only a digest is stored; each token has a name, a scope (read | write)
# and an expiry, chosen when it is made (POST /api/auth/token/ or the "API tokens" page).
KNOX_TOKEN_MODEL = "factcheck.ApiToken"
# knox's one model is swapped for ours, so its migrations (which would still create knox_authtoken) never run.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token", "TOKEN_PREFIX": "fcd_"}
API_TOKEN_DEFAULT_DAYS = envint("FACTCHECK_API_TOKEN_DAYS", 90)
API_TOKEN_MAX_DAYS = 365

# The API's rate limits count in this cache: per process on a laptop; set FACTCHECK_CACHE_URL
# (redis://127.0.0.1:6379/0) so that several web hosts share one count.
_CACHE_URL = os.environ.get("FACTCHECK_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Korean by default; LocaleMiddleware switches a request to English by the language cookie (the footer's
# switcher, Django's set_language) or Accept-Language. "ko" also loads DRF's catalogue, which ships only
# as ko_KR: Python's gettext normalises "ko" to ko_KR.eucKR and looks in ko_KR before ko
# (tests/test_i18n.py pins DRF's own messages in Korean).
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves `collectstatic`'s output through WhiteNoise, straight after the security headers:
# compressed, with content-hashed names that browsers may cache for a year. DEBUG (runserver, the tests)
# serves the source files as they are, through django.contrib.staticfiles.
if not DEBUG:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Uploads: one article is at most 2 MB (a long feature is ~50 kB of text; a .docx with images is larger).
MAX_UPLOAD_BYTES = envint("FACTCHECK_MAX_UPLOAD_BYTES", 2 * 1024 * 1024)
# ... and its text at most 200,000 characters (~4x the longest feature): checked on what the file becomes,
# since a small .docx can unpack to millions of characters.
MAX_ARTICLE_CHARS = envint("FACTCHECK_MAX_ARTICLE_CHARS", 200_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 256 * 1024

# Sentences scoring at or above this become claims.
CLAIM_THRESHOLD = envfloat("FACTCHECK_CLAIM_THRESHOLD", 0.5)

# Lists (API pages, the queue, the article list, the dashboard, the admin) count their rows up to this
# many: past it they say "more than N" instead of counting a million claims for every page
# (factcheck/pagination.py). A count walks an index until it has this many matches: at 1M claims,
# 10,000 cost up to 85-120 ms for a filter matching 6% of the claims; 1,000 costs a tenth of that.
LIST_COUNT_LIMIT = 1_000

# Two-person review: "required" makes a verified/disputed verdict a proposal until a second reviewer
# confirms it; "off" (one-person desks) makes it final at once. Dismissals are always final at once.
CROSS_CHECK = os.environ.get("FACTCHECK_CROSS_CHECK", "required")
if CROSS_CHECK not in ("required", "off"):
    raise ImproperlyConfigured(f"FACTCHECK_CROSS_CHECK must be 'required' or 'off', got {CROSS_CHECK!r}")

# Notifications are also e-mailed to members with an address: the console in development, SMTP when
# DJANGO_EMAIL_HOST is set. Links in them start with FACTCHECK_SITE_URL.
SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "factcheck-desk@localhost")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("DJANGO_EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = envint("DJANGO_EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background work: the immediate backend runs tasks in-process after commit; set
# FACTCHECK_TASK_BACKEND=database and run `manage.py db_worker` on any number of machines to scale out.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = os.environ.get("FACTCHECK_TASK_BACKEND", "immediate")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"FACTCHECK_TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}

# Evidence snapshots (factcheck.evidence): each source of a recorded verdict is fetched once, after the
# verdict commits, through the guarded fetcher (factcheck/fetch.py: public addresses only, checked at every
# redirect), and its title, main text and SHA-256 are kept. Off: no snapshots are made (the API shows null).
ARCHIVE_SOURCES = envbool("FACTCHECK_ARCHIVE_SOURCES", True)
EVIDENCE_FETCH_LIMITS = {
    "connect_timeout": envfloat("FACTCHECK_EVIDENCE_CONNECT_TIMEOUT", 5.0),
    "read_timeout": envfloat("FACTCHECK_EVIDENCE_READ_TIMEOUT", 10.0),
    "deadline": envfloat("FACTCHECK_EVIDENCE_DEADLINE", 30.0),
    "max_bytes": envint("FACTCHECK_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024),
    "max_html_bytes": 2 * 1024 * 1024,
    "max_redirects": 5,
    "max_text_chars": 100_000,
}
# The tests' seam, deliberately not read from the environment: exact (loopback address, port) pairs the
# fetcher may reach although they are not public (factcheck.fetch.normalise_allow refuses anything else).
EVIDENCE_ALLOWED_ADDRESSES: list[tuple[str, int]] = []

# The extraction lease (services.extraction): a running extraction renews its heartbeat every third of
# FACTCHECK_EXTRACTION_LEASE_SECONDS; every db_worker sweeps every FACTCHECK_EXTRACTION_SWEEP_SECONDS and
# re-queues a run whose heartbeat is older than the lease (its worker was killed), at most
# FACTCHECK_EXTRACTION_MAX_ATTEMPTS runs per request, then marks the article failed with the reason.
EXTRACTION_LEASE_SECONDS = envint("FACTCHECK_EXTRACTION_LEASE_SECONDS", 120)
EXTRACTION_SWEEP_SECONDS = envint("FACTCHECK_EXTRACTION_SWEEP_SECONDS", 30)
EXTRACTION_MAX_ATTEMPTS = envint("FACTCHECK_EXTRACTION_MAX_ATTEMPTS", 3)
if EXTRACTION_LEASE_SECONDS < 3 or EXTRACTION_SWEEP_SECONDS < 1 or EXTRACTION_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured(
        "FACTCHECK_EXTRACTION_LEASE_SECONDS must be at least 3, FACTCHECK_EXTRACTION_SWEEP_SECONDS and "
        "FACTCHECK_EXTRACTION_MAX_ATTEMPTS at least 1"
    )

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "factcheck.api.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "factcheck.api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "factcheck.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "factcheck.api.pagination.CappedPageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["factcheck.api.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "factcheck.api.errors.exception_handler",
    # Requests per client (token or session: per user; otherwise per address); a 429 with Retry-After
    # beyond. "token" is POST /api/auth/token/ per address, on top of the sign-in lockout above.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("FACTCHECK_API_ANON_RATE", "60/minute"),
        "user": os.environ.get("FACTCHECK_API_USER_RATE", "1200/minute"),
        "token": os.environ.get("FACTCHECK_API_TOKEN_RATE", "10/minute"),
    },
    "NUM_PROXIES": NUM_PROXIES,
}

SPECTACULAR_SETTINGS = {
    # Lazy: the schema view renders them in the language of the request (as the summaries in api/views.py).
    "TITLE": _("Fact-check desk API"),
    "DESCRIPTION": _("Articles, extracted claims, verdicts and sources for Korean newsroom fact-checking."),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Serve Swagger UI from our own static files: newsroom networks often block CDNs.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A PATCH body is documented as its serializer says: re-spanning a claim needs start, end and version.
    "COMPONENT_SPLIT_PATCH": False,
    # Every `{id}` of the API's paths (factcheck/api/urls.py): a whole number that fits the database.
    "PATH_CONVERTER_OVERRIDES": {"desk_id": {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}},
    # Every operation lists the error answers it can give (400, 403, 404, 413, 429, 503 …) with the shared
    # `Error` body, and the rules of every request (factcheck/api/schema.py); the views add what is
    # particular to them. tests/fuzz/run_schemathesis.py holds the API to its schema.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.schema.document_error_responses",
        "factcheck.api.schema.document_request_rules",
    ],
    # A claim's status and a snapshot's are two choice sets under one field name; the claim's keeps its name.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "factcheck.models.Claim.Status",
        "SnapshotStatusEnum": "factcheck.evidence.models.Snapshot.Status",
        # The branches of a review step and of a cross-check in the schema (api/serializers.py, *Body).
        "VerdictEnum": "factcheck.models.Review.Verdict",
        "ProposedVerdictEnum": ["verified", "disputed"],
        "DismissedVerdictEnum": ["dismissed"],
        "ConfirmDecisionEnum": ["confirm"],
        "RejectDecisionEnum": ["reject"],
    },
}

# Logs go to stderr, one JSON object per line in production (FACTCHECK_LOG_FORMAT=json, the default when
# DJANGO_DEBUG=0; `text` otherwise), each with the request id: X-Request-ID from the proxy when it is a UUID,
# else a new one, returned in the response's X-Request-ID (django-guid). factcheck.request logs every request.
LOG_FORMAT = os.environ.get("FACTCHECK_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"FACTCHECK_LOG_FORMAT must be 'json' or 'text', got {LOG_FORMAT!r}")
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "IGNORE_URLS": ["healthz", "readyz"]}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # ISO 8601, UTC
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # The request lines are for production's log pipeline; on a laptop runserver prints its own.
    "loggers": {
        "factcheck.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
        "django_guid": {"level": "WARNING"},  # it would note every request that came without an id
    },
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
