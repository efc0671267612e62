"""Kencana settings, read from the environment (12-factor).

Every variable has a default that suits a local run on one laptop: SQLite and a
file-based Celery broker under ``var/``. Production sets DATABASE_URL,
CELERY_BROKER_URL, SECRET_KEY and ALLOWED_HOSTS (see README, "Configuration").
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# A local checkout keeps its settings in .env (written by `make run`); the real
# environment always wins over the file.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("KENCANA_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key() -> str:
    """A key generated once and kept in var/, so local sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


# Without DEBUG the key must come from the environment: a production server never
# invents its own secret.
SECRET_KEY = env.str("SECRET_KEY") if not DEBUG else env.str("SECRET_KEY", default="") or _local_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",  # explicit registration: leaflet.admin needs GDAL
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "leaflet",
    "simple_history",
    "axes",
    "csp",
    "kencana.core",
    "kencana.accounts",
    "kecamatan",
    "kencana.library",
    "kencana.readiness",
    "kencana.plans",
    "kencana.alerts",
    "logistics",
    "kencana.response",
    "kencana.shelters",
    "kencana.messaging",
    "kencana.upward",
    "kencana.dashboard",
    "kencana.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON compressed when the client accepts it; Django adds random bytes to each
    # compressed answer against BREACH. After WhiteNoise, which serves static files compressed itself.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kencana.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kencana.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kencana.core.middleware.DistrictTimezoneMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kencana.urls"
WSGI_APPLICATION = "kencana.wsgi.application"

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
                "csp.context_processors.nonce",
                "kencana.core.context_processors.navigation",
                "kencana.alerts.context_processors.unread_notifications",
            ],
            # Figures in the page's language (num, percent) in every template.
            "builtins": ["kencana.core.templatetags.figures"],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'kencana.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so the web server, the worker and beat
    # wait for each other instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://kencana")}

# --- People -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kencana.accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "kencana.core.errors.csrf_failure"  # the app's 403 page, not Django's English one
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sessions read from the cache (Redis in production), written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# API tokens expire this many days after they are created (and at any password change).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)

# Proxies in front of the app that append the client's address to X-Forwarded-For (the
# TLS-terminating proxy: 1). With 0 the header is ignored and the socket's address is the
# client. Throttles, log-in lockouts and the password-reset limit all key on this address.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "kencana.core.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "kencana.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Language and time ----------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kencana.formats"]  # dates shown as "5 Des 2026" in either language
USE_I18N = True
TIME_ZONE = "UTC"  # stored in UTC; shown in each district's own zone
USE_TZ = True

# --- Static and media -----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded evidence is private: it lives outside any URL and is served by views
# that check the user's scope.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
# Evidence photos are made smaller on the phone before they travel: longest side in pixels, as JPEG.
EVIDENCE_PHOTO_MAX_SIDE = env.int("EVIDENCE_PHOTO_MAX_SIDE", default=1600)

# --- Email --------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kencana <noreply@localhost>")

# --- Celery ---------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),  # not ./control in the working tree
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # A publisher (a web request, beat, a sweep) tries the broker once and gives up quickly:
        # what it could not hand over waits in the database for the sweeps. Workers consuming
        # keep retrying their own connection (broker_connection_max_retries).
        "max_retries": 0,
        "socket_connect_timeout": env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=1.0),
    }
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=1.0)
# After a failed hand-off a process stops trying the broker for this long (kencana.core.broker).
BROKER_PAUSE_SECONDS = env.int("BROKER_PAUSE_SECONDS", default=30)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"

# --- Alerts and notifications (kencana.alerts) ------------------------------------
# Failed email and webhook deliveries are retried after base, 2×base, 4×base… seconds.
ALERTS_RETRY_BASE_SECONDS = env.int("ALERTS_RETRY_BASE_SECONDS", default=30)
ALERTS_MAX_ATTEMPTS = env.int("ALERTS_MAX_ATTEMPTS", default=6)
ALERTS_WEBHOOK_TIMEOUT = env.float("ALERTS_WEBHOOK_TIMEOUT", default=5.0)
# The outbox sweeper re-enqueues deliveries still pending this long after they were due.
ALERTS_SWEEP_GRACE_SECONDS = env.int("ALERTS_SWEEP_GRACE_SECONDS", default=60)
# An RSS feed of CAP messages (e.g. BMKG nowcasts) polled by beat; empty = off.
ALERTS_CAP_FEED_URL = env.str("ALERTS_CAP_FEED_URL", default="")
ALERTS_CAP_FETCH_TIMEOUT = env.float("ALERTS_CAP_FETCH_TIMEOUT", default=10.0)

# --- Messaging channels (Telegram, WhatsApp, SMS; docs/alerts.md) -------------------
# Provider secrets by name, e.g. MESSAGING_SECRETS=balangan_bot=123:ABC,balangan_wa_app=s3cret;
# a district's channel names the entries it uses, so no secret is stored in the database.
MESSAGING_SECRETS = env.dict("MESSAGING_SECRETS", default={})
MESSAGING_SENDER_PER_HOUR = env.int("MESSAGING_SENDER_PER_HOUR", default=20)  # inbound messages per sender
MESSAGING_MEDIA_MAX_BYTES = env.int("MESSAGING_MEDIA_MAX_BYTES", default=5 * 1024 * 1024)
MESSAGING_CODE_MINUTES = env.int("MESSAGING_CODE_MINUTES", default=15)  # a verification code's life

# --- REST API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call gets 401 with WWW-Authenticate rather than 403.
        "kencana.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "kencana.core.pagination.Pagination",
    # Services raise Django's ValidationError and PermissionDenied: answered as 400 and 403.
    "EXCEPTION_HANDLER": "kencana.core.api.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("TOKEN_THROTTLE_RATE", default="10/min"),
        "password_reset": env.str("PASSWORD_RESET_RATE", default="5/hour"),
    },
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kencana API",
    "DESCRIPTION": "Kecamatan Tangguh Bencana: readiness, plans, logistics and alerts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "DEFAULT_GENERATOR_CLASS": "kencana.core.api.SchemaGenerator",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ShelterKindEnum": "kencana.shelters.models.Shelter.Kind",
        "UpwardStateEnum": "kencana.upward.models.UpwardState",
    },
}

# --- Logistics ----------------------------------------------------------------------
# No stock document may be dated before this day (opening stock is received on or after it).
LOGISTICS_LEDGER_START = datetime.date.fromisoformat(env.str("LOGISTICS_LEDGER_START", default="2000-01-01"))

# --- Map --------------------------------------------------------------------------
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (-2.5, 115.3),
    "DEFAULT_ZOOM": 9,
    "MIN_ZOOM": 4,
    "MAX_ZOOM": 16,
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
    # Polygons are drawn whether or not a tile server answers: an office offline
    # still sees its kecamatan. No tile server is contacted unless one is configured.
    "TILES": [(_("Base map"), env.str("MAP_TILE_URL"), {"attribution": env.str("MAP_TILE_ATTRIBUTION", default="")})]
    if env.str("MAP_TILE_URL", default="")
    else [],
}

GEOMETRY_SIMPLIFY_TOLERANCE = env.float("GEOMETRY_SIMPLIFY_TOLERANCE", default=0.0005)  # degrees, ~55 m
# The coarse outline served when a map covers more than one district (a province, the country).
GEOMETRY_OUTLINE_TOLERANCE = env.float("GEOMETRY_OUTLINE_TOLERANCE", default=0.005)  # degrees, ~550 m
# How long a map's GeoJSON body stays cached; any change to what it shows invalidates it sooner.
MAP_CACHE_SECONDS = env.int("MAP_CACHE_SECONDS", default=6 * 3600)

# --- Content Security Policy ------------------------------------------------------
_tile_hosts = env.list("CSP_TILE_HOSTS", default=[])  # e.g. https://tile.openstreetmap.org
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],  # django-csp fills in the per-request nonce
        "style-src": ["'self'", "'unsafe-inline'"],  # Leaflet positions tiles and markers with style attributes
        "img-src": ["'self'", "data:", *_tile_hosts],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Production hardening -----------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Benchmarks -------------------------------------------------------------------
# `make bench` routes a query-free page as the framework floor; never on otherwise.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)
