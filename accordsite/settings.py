"""Accords settings, read from environment variables (see README.md).

Defaults are safe for a developer's machine: SQLite, debug off, loopback hosts.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# `make run` writes a generated secret key here; the file is never committed.
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (`make run` generates one into .env)."
        )
    # Throwaway key: sessions do not survive a restart, which is fine here.
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before admin: its ready() registers the translated fields (and, after
    # them, those models' history: core.translation) before admin loads.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "sorl.thumbnail",
    "axes",
    "core",
    "countries",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Anonymous reads from the shared cache (core/caching.py); above CSP, so
    # a stored page keeps the header with its nonce.
    "core.caching.AnonymousCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL prefix only (/he/, /ar/, /ru/; English
    # unprefixed), so a cached page never varies by cookie or header.
    "accordsite.i18n.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Around the view only: one transaction for a request that may write,
    # none for a read (core/caching.py).
    "core.caching.WriteTransactionMiddleware",
]

ROOT_URLCONF = "accordsite.urls"
WSGI_APPLICATION = "accordsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# Each process keeps its connection between requests: opening one costs more
# than most pages' queries (a PostgreSQL backend, SQLite's schema). A
# connection the database dropped is noticed and replaced at the next request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No ATOMIC_REQUESTS: WriteTransactionMiddleware gives a transaction to the
# requests that may write, and reads run without one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with prepared statements for anonymous reads
    # (core/postgresql). A pooler that hands a session's statements to
    # another (PgBouncer in transaction mode) needs DJANGO_DB_PREPARE=0.
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    if env.bool("DJANGO_DB_PREPARE", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes share one SQLite file: a write transaction
    # takes the write lock when it starts (a deferred one cannot wait for it
    # and fails with "database is locked"); reads, outside any transaction,
    # run beside the writer (WAL) and never wait for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://")}
# sorl-thumbnail's record of the renditions it has made (their sizes), in
# the main cache; in local memory when that is off (dummycache://), which
# turns off answers kept, not the knowledge of files already on disk.
CACHES["thumbnails"] = (
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.dummy.DummyCache"
    else CACHES["default"]
)
THUMBNAIL_CACHE = "thumbnails"
# Whether every server process sees the same cache (Redis does; local memory
# is one per process). A shared cache holds the content version itself;
# otherwise each anonymous request reads it from the database (core/caching.py).
ACCORDS_CACHE_SHARED = CACHES["default"]["BACKEND"] not in (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
# Where a cache of one process (local memory) finds the content version that
# every process on the machine shares (core/caching.py).
ACCORDS_CONTENT_VERSION_FILE = env.path(
    "DJANGO_CONTENT_VERSION_FILE", default=BASE_DIR / "var" / "content-version"
)
# Anonymous answers kept in the cache (off with DJANGO_CACHE_URL=dummycache://).
ACCORDS_CACHE_PAGES = True
# Cache-Control max-age and s-maxage of anonymous answers, in seconds.
ACCORDS_CACHE_MAX_AGE = env.int("DJANGO_CACHE_MAX_AGE", default=60)
# Never cached: the admin (signed in anyway) and the health checks.
ACCORDS_UNCACHED_PATHS = ["/admin/", "/healthz", "/livez"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# django-axes first: it refuses a locked-out login before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("he", "עברית"), ("ar", "العربية"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content (core.translation): a field not translated shows its English value.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# A proxy serves media in a real deployment; a local copy serves it itself.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security headers. HTTPS-only settings follow DJANGO_HTTPS so that a plain
# http://127.0.0.1 copy keeps working.
HTTPS = env.bool("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("DJANGO_BEHIND_PROXY", default=False)
    else None
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Read-only cross-origin use of the API; writes stay same-origin.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# `make dev` finds static files in place; `make run` collects them.
WHITENOISE_USE_FINDERS = DEBUG

THUMBNAIL_PRESERVE_FORMAT = True
THUMBNAIL_DEBUG = False

SITE_NAME = "Accords"
# Where readers write to the editors, shown on the contact page when set.
ACCORDS_CONTACT_EMAIL = env("ACCORDS_CONTACT_EMAIL", default="")

# The bulk dataset (/data/): zips in this folder of the media storage, the
# newest ACCORDS_DATASET_KEEP kept (older versions stay listed, without file).
ACCORDS_DATASET_DIR = "datasets"
ACCORDS_DATASET_KEEP = env.int("ACCORDS_DATASET_KEEP", default=30)
# The dataset's licence (a Frictionless licence: name, path, title). Neither
# the code's nor the third-party quotations' terms: a deployment may change it.
ACCORDS_DATA_LICENSE = {
    "name": env("ACCORDS_DATA_LICENSE_NAME", default="ODC-BY-1.0"),
    "path": env(
        "ACCORDS_DATA_LICENSE_PATH",
        default="https://opendatacommons.org/licenses/by/1-0/",
    ),
    "title": env(
        "ACCORDS_DATA_LICENSE_TITLE",
        default="Open Data Commons Attribution License v1.0",
    ),
}

# Background work (a rebuild of the dataset after publishing). Django runs a
# task at once in the same process unless a worker's backend is named here.
TASKS = {
    "default": {
        "BACKEND": env(
            "DJANGO_TASKS_BACKEND",
            default="django.tasks.backends.immediate.ImmediateBackend",
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Failed logins and lockouts (WARNING) and successful logins (INFO) stay
    # in the log whatever the root level.
    "loggers": {"axes": {"level": "INFO"}},
}

# Login protection (django-axes). Failures are counted in the database, so
# every server process shares the count. After DJANGO_LOGIN_FAILURE_LIMIT
# failures an account, and separately an address, is refused for
# DJANGO_LOGIN_LOCKOUT_MINUTES; every attempt while locked starts the wait
# again. `manage.py axes_reset` unlocks (README, "For editors").
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int("DJANGO_LOGIN_LOCKOUT_MINUTES", default=60)
)
# Either is enough: one account guessed from many addresses, or many accounts
# guessed from one address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not wipe the failures counted against its address, which
# may be an attacker's too.
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Not a banner on every manage.py command; attempts and lockouts are still
# logged, and recorded in the database and the audit log.
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"


def client_address(request) -> str:
    """The address API throttling uses (REST_FRAMEWORK's NUM_PROXIES).

    Behind the proxy that is the client's, not the proxy's: counting the
    proxy's would lock everyone out at once.
    """
    from rest_framework.throttling import BaseThrottle

    return BaseThrottle().get_ident(request)


AXES_CLIENT_IP_CALLABLE = client_address
# Logs name the address but not the typed username, which is sometimes a
# password typed in the wrong field (the admin's access attempts show it).
AXES_SENSITIVE_PARAMETERS = ["username"]

# Editorial admin: limits for uploaded photos and portraits (checked before a
# file is stored; renditions are made from the kept original).
ACCORDS_IMAGE_UPLOADS = {
    "formats": ["JPEG", "PNG", "WEBP"],
    "max_bytes": env.int("ACCORDS_IMAGE_MAX_BYTES", default=10 * 1024 * 1024),
    "min_size": (320, 200),
    "max_size": (8000, 8000),
}

# API (/api/v1/): reads open, writes with a token or session and the model's
# permission, JSON errors, throttled anonymous clients. See docs/api.md.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous write gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api_policies.ModelPermissionsOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api_policies.BoundedJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api_policies.ContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "core.api_policies.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["core.api_policies.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("DJANGO_API_ANON_RATE", default="120/min")},
    # Without a proxy, a client-sent X-Forwarded-For must not pick the
    # throttling identity.
    "NUM_PROXIES": 1 if env.bool("DJANGO_BEHIND_PROXY", default=False) else 0,
    "DEFAULT_SCHEMA_CLASS": "core.schema.ApiSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Accords API",
    "DESCRIPTION": (
        "The published record of the Abraham Accords: countries and their "
        "accords status over time, officials and their positions, and dated "
        "events with their sources. Reads are open; writes need a token "
        "(`Authorization: Token <key>`) or a session, and the model's "
        "permission. Partial dates are ISO 8601 reduced precision (`1992`, "
        "`1992-04`, `1992-04-15`) with a `*_precision` field. Every error is "
        'JSON: `{"detail": …, "code": …}`.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.finish_schema",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AccordsStatusEnum": "countries.models.AccordsStatus",
        "CountryStatusEnum": ["candidate", "announced", "signatory"],
        "PublicationStatusEnum": "core.models.PublicationStatus",
        "PrecisionEnum": ["day", "month", "year"],
        "EventKindEnum": "events.models.EventKind",
        "PublicationKindEnum": "events.models.PublicationKind",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
