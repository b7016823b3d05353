"""opsplan settings, read from the environment (12-factor).

With nothing set, opsplan runs embedded: a PostgreSQL of its own with its data in ``var/postgres/``
(``opsplan/embedded_db.py``, started by ``make run``), Celery tasks executed in-process, e-mail printed to the
console, DEBUG on. Production sets
``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``REDIS_URL``;
see ``.env.example`` and the README.
"""

from datetime import date, timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from opsplan import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# The embedded default may run with a throwaway key; anything with DEBUG off must set a real one.
_EMBEDDED_KEY = "embedded-only-insecure-key-set-SECRET_KEY-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_EMBEDDED_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "opsplan.apps.AxesConfig",  # django-axes, with a translated name
    "core.apps.CoreConfig",
    "opsplan.apps.OpsplanConfig",
    "accounts",
    "stores",
    "imports",
    "funnel",
    "orders",
    "staffing",
    "team",
    "assessments",
    "rotas",
    "inventory",
    "promotions",
    "rollups",
    "alerts",
    "dashboards",
    "briefings",
    "demo",
]

MIDDLEWARE = [
    # Outermost, so that every 503 (health check, database outage, whatever answers it) says when to retry.
    "core.unavailable.RetryAfterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the CSRF check reads a form: oversized 413, a form in another media type 415, not UTF-8 400.
    "opsplan.limits.RequestBodyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "stores.middleware.AccessRuleMiddleware",
    # Last, as django-axes requires: it turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opsplan.urls"
WSGI_APPLICATION = "opsplan.wsgi.application"
ASGI_APPLICATION = "opsplan.asgi.application"

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
                "django.template.context_processors.i18n",
                "opsplan.context_processors.navigation",
            ],
            # money, count, pct … in every template, written one way (core/numbers.py).
            "builtins": ["core.templatetags.numbers", "core.templatetags.text"],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
# Without DATABASE_URL, the embedded PostgreSQL in var/postgres/ (`make run` starts it, `make stop` stops it).
EMBEDDED_DATABASE = not env.str("DATABASE_URL", default="")
DATABASES = {"default": env.db("DATABASE_URL", default=embedded_db.database_url())}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database (postgres://…).")
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A persistent connection (CONN_MAX_AGE > 0) that died with a database restart is replaced at the start of the
# next request instead of failing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is refused (429, Retry-After) for LOGIN_COOLOFF_MINUTES; a success clears the count. Keyed on the
# pair so that an attacker cannot lock a colleague out from elsewhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.login_locked_out"
# Behind a reverse proxy, the number of proxies in front of opsplan whose X-Forwarded-For to trust.
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
AXES_VERBOSE = False

# --- Language, time, money ----------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# ISO input formats first in every locale (what date, time and datetime-local inputs take) and thousands
# separated by a comma in Chinese too: core/formats/__init__.py says why.
FORMAT_MODULE_PATH = ["core.formats"]
CURRENCY = "CNY"


def _env_date(name: str, default: str) -> date:
    text = env.str(name, default=default)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date like {default}, not {text!r}.") from None


# The one range of days opsplan accepts in every model, form, API field, query parameter and import
# (core/dates.py): far enough from Python's first and last day that date arithmetic never overflows.
BUSINESS_DATE_MIN = _env_date("BUSINESS_DATE_MIN", "2000-01-01")
BUSINESS_DATE_MAX = _env_date("BUSINESS_DATE_MAX", "2099-12-31")
if not date(1900, 1, 1) <= BUSINESS_DATE_MIN < BUSINESS_DATE_MAX <= date(2999, 12, 31):
    raise ImproperlyConfigured("BUSINESS_DATE_MIN must come before BUSINESS_DATE_MAX, both within 1900..2999.")

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="opsplan <opsplan@localhost>")
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))


# --- The morning briefing (briefings/, docs/briefing.md) ------------------------------------------
def _fernet_keys() -> list[str]:
    """Explicit keys first (the first seals new values), then the key derived from SECRET_KEY, which opens what
    was sealed before an explicit key was set."""
    from cryptography.fernet import Fernet

    from core.crypto import key_from_secret

    named = env.str("BRIEFING_KEY", default="") or env.str("FIELD_ENCRYPTION_KEY", default="")
    keys = [k.strip() for k in named.split(",") if k.strip()]
    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                "BRIEFING_KEY / FIELD_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes), comma-separated."
            ) from None
    return [*keys, key_from_secret(SECRET_KEY).decode()]


FIELD_ENCRYPTION_KEYS = _fernet_keys()
# Webhooks go only to the platforms' own https hosts. Loopback receivers (http://127.0.0.1:PORT/…) are for local
# development with DEBUG on, and for tests, which switch this on themselves; refused at start-up without DEBUG.
BRIEFING_WEBHOOK_ALLOW_LOOPBACK = env.bool("BRIEFING_WEBHOOK_ALLOW_LOOPBACK", default=False)
if BRIEFING_WEBHOOK_ALLOW_LOOPBACK and not DEBUG:
    raise ImproperlyConfigured("BRIEFING_WEBHOOK_ALLOW_LOOPBACK is for development only: it needs DEBUG on.")
BRIEFING_WEBHOOK_TIMEOUT = env.float("BRIEFING_WEBHOOK_TIMEOUT", default=10.0)
# A failed delivery is tried again after BASE, 2×BASE, 4×BASE … seconds (capped at an hour), MAX_ATTEMPTS in all.
BRIEFING_MAX_ATTEMPTS = env.int("BRIEFING_MAX_ATTEMPTS", default=5)
BRIEFING_RETRY_BASE_SECONDS = env.int("BRIEFING_RETRY_BASE_SECONDS", default=60)
# The address pages are linked from in messages sent out (e-mails, robots), e.g. https://opsplan.example.com.
SITE_URL = env.str("SITE_URL", default="")

# --- Celery -------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# No broker configured means the embedded default: tasks run in-process, synchronously.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest task, so a slow rollup is not delivered twice.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's consumer, kept alive when Redis goes away while a task or a countdown is pending (opsplan/celery.py).
CELERY_WORKER_CONSUMER = "opsplan.celery:Consumer"
# With Redis down, queuing a task from a web request ("recompute now") gives up after about a second instead of
# holding the request for the result backend's default 20 retries a second apart.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The beat schedule lives in the database (opsplan/schedules.py, editable in the admin):
# a nightly rollup at 02:00 in each store time zone, and the daily alerts e-mail.
CELERY_TASK_STORE_EAGER_RESULT = True  # "recompute now" reads the task's state in the embedded mode too
CELERY_RESULT_EXPIRES = 24 * 60 * 60
# After actuals change, one rollup of the dirty ranges follows, at most one per this many seconds.
ROLLUP_ON_WRITE = env.bool("ROLLUP_ON_WRITE", default=True)
ROLLUP_DEBOUNCE_SECONDS = env.int("ROLLUP_DEBOUNCE_SECONDS", default=60)
# Fault-injection tests only: hold each rollup transaction open this long (a worker is killed meanwhile).
ROLLUP_FAULT_DELAY_SECONDS = env.float("ROLLUP_FAULT_DELAY_SECONDS", default=0.0)
# The nightly run hands its stores to the workers in chunks of this many (one task and one transaction each).
NIGHTLY_CHUNK_STORES = env.int("NIGHTLY_CHUNK_STORES", default=200)
if NIGHTLY_CHUNK_STORES < 1:
    raise ImproperlyConfigured("NIGHTLY_CHUNK_STORES must be a positive number of stores.")

# --- Cache ------------------------------------------------------------------------------------------
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- API --------------------------------------------------------------------------------------------
API_MAX_RECORDS = 10_000
# A 10,000-record push is about 1.5 MB of JSON; leave headroom but refuse anything absurd.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=8 * 1024 * 1024)
# A multipart request (a CSV/XLSX upload with its form) may be larger: the file is not held in memory, and the
# import forms explain their own, smaller limit. Anything over this is refused with 413 before it is read.
REQUEST_MAX_UPLOAD_SIZE = env.int("REQUEST_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
# Bulk pushes running at once per host (or container) and database; more are answered 429 with Retry-After, so
# pushes never hold every web worker and core (core/slots.py). 0: no cap.
API_PUSH_CONCURRENCY = env.int("API_PUSH_CONCURRENCY", default=2)
API_PUSH_RETRY_AFTER = env.int("API_PUSH_RETRY_AFTER", default=2)
# Where the slots' lock files live (default: the system's temporary directory).
API_PUSH_SLOT_DIR = env.str("API_PUSH_SLOT_DIR", default="")
# Deepest nesting of a JSON body (core/jsonparse.py); deeper is malformed JSON, 400.
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=64)
REST_FRAMEWORK = {
    # The API speaks JSON only (docs/api.md): one body per operation in the schema, so a generated client sends
    # what the server reads. Forms are the pages' business, not the API's.
    "DEFAULT_PARSER_CLASSES": ["core.jsonparse.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiClientTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["stores.permissions.StoreAccess"],
    "DEFAULT_FILTER_BACKENDS": ["stores.references.ReadableFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["stores.scoping.PrincipalRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api": env.str("API_RATE", default="1200/minute"),
        "ingest": env.str("API_INGEST_RATE", default="120/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "opsplan API",
    "DESCRIPTION": "Plans, actuals and rollups of e-commerce stores. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "opsplan.schema.document_common_errors",
        "opsplan.schema.declare_error_bodies",
        "opsplan.schema.describe_local_times",
        "opsplan.schema.accept_decimal_numbers",
        "opsplan.schema.describe_request_limits",
    ],
    # Several apps have a "kind" and a "status"; name each enum after its choices.
    "ENUM_NAME_OVERRIDES": {
        "MovementKindEnum": "inventory.choices.MovementKind",
        "FactoryOrderStatusEnum": "inventory.choices.FactoryOrderStatus",
        "PromotionKindEnum": "promotions.choices.PromotionKind",
        "PromotionStatusEnum": "promotions.choices.PromotionStatus",
        "PhaseKindEnum": "promotions.choices.PhaseKind",
        "ReminderStateEnum": ["none", "due", "overdue"],
        "AlertKindEnum": "alerts.choices.AlertKind",
        "AlertStateEnum": "alerts.choices.AlertState",
        "EventKindEnum": "alerts.choices.EventKind",
        "PlanStatusEnum": "funnel.choices.PlanStatus",
        "StoreStatusEnum": "stores.choices.StoreStatus",
        "ImportStatusEnum": "imports.choices.ImportStatus",
        "ShiftStateEnum": "rotas.choices.ShiftState",
        "HeadcountSourceEnum": "rotas.choices.HeadcountSource",
        "StaffRoleCodeEnum": "staffing.models.STAFF_ROLES",
        "NormUnitEnum": "staffing.choices.NormUnit",
        "EmploymentTypeEnum": "staffing.choices.EmploymentType",
        "TimeOffKindEnum": "staffing.choices.TimeOffKind",
        "StaffingStateEnum": ["ok", "tight", "short"],
    },
}

# --- Security (production) --------------------------------------------------------------------------
SECURE = env.bool("SECURE", default=not DEBUG)
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): scripts, styles, fonts, images and requests only from opsplan itself, so
# an injected <script> or <style>, or an inline handler, never runs. The pages' scripts are static files that read
# their data from json_script blocks. Style attributes stay allowed: the progress bars, timelines and calendars
# size and place their parts with computed inline styles, and a style attribute runs no script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run in-process (the embedded mode): a line per finished task, and kombu's note that the in-memory
    # broker has no host name, are noise in `make run`'s output and a command's.
    LOGGING["loggers"] |= {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
