"""Django settings: everything that differs between machines comes from the environment.

Embedded default (no services): SQLite under var/, the in-memory channel layer and eager Celery.
Production: DATABASE_URL (PostgreSQL), REDIS_URL (channel layer, Celery broker, live state), SECRET_KEY
and ALLOWED_HOSTS are all required; none has a default.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from callcenter.core.env import (
    ImproperlyConfiguredEnv,
    env_bool,
    env_int,
    env_list,
    env_origins,
    env_str,
    parse_database_url,
    validate_hsts,
    validate_phone_region,
    validate_redis_url,
)

# Lets the generic classes of Django that the type stubs parametrize (ModelAdmin[Model], ...) take
# type arguments at runtime too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CALLCENTER_VAR_DIR") or BASE_DIR / "var")

DEMO = env_bool("CALLCENTER_DEMO", False)
DEBUG = env_bool("DJANGO_DEBUG", False)


def _demo_secret_key() -> str:
    """The demo keeps a random key in var/ so sessions survive a restart; never used in production."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


_secret = env_str("SECRET_KEY")
if _secret is None:
    if DEMO:
        _secret = _demo_secret_key()
    elif DEBUG:
        # Stable across processes so that encrypted fields written by one command are readable by the next.
        _secret = _demo_secret_key()
    else:
        raise ImproperlyConfiguredEnv(
            "SECRET_KEY is required (set DJANGO_DEBUG=1 or CALLCENTER_DEMO=1 for local use)"
        )
SECRET_KEY: str = _secret

_hosts = env_list("ALLOWED_HOSTS")
if not _hosts:
    if DEMO or DEBUG:
        _hosts = ["127.0.0.1", "localhost", "[::1]"]
    else:
        raise ImproperlyConfiguredEnv(
            "ALLOWED_HOSTS is required: a comma-separated list of the host names served"
        )
if "*" in _hosts and not DEBUG:
    raise ImproperlyConfiguredEnv("ALLOWED_HOSTS must list the served hosts explicitly, not '*'")
ALLOWED_HOSTS: list[str] = _hosts
# Origins allowed to POST forms over HTTPS, with the scheme: https://callcenter.example.org
CSRF_TRUSTED_ORIGINS: list[str] = env_origins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "axes",
    "callcenter.core",
    "callcenter.accounts",
    "callcenter.audit",
    "callcenter.pbx",
    "callcenter.agents",
    "callcenter.ami",
    "callcenter.live",
    "callcenter.stats",
    "callcenter.dialer",
    "callcenter.wallboard",
    "callcenter.quality",
    "callcenter.payroll",
]
# The Asterisk simulator and the demo (no models; their commands asterisk_sim, seed_demo and run_demo) are
# installed for the demo (CALLCENTER_DEMO, `make demo`) and for local use and the tests (DJANGO_DEBUG),
# never in production.
if DEMO or DEBUG:
    INSTALLED_APPS += ["callcenter.simulator", "callcenter.demo"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused for too many failures into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "callcenter.urls"
WSGI_APPLICATION = "callcenter.wsgi.application"
ASGI_APPLICATION = "callcenter.asgi.application"

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
                "callcenter.accounts.context_processors.role",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": parse_database_url(_database_url).as_django()}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "callcenter.sqlite3"),
            "OPTIONS": {"timeout": 20},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow") or "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The demo serves localhost: its static files are copied, not compressed (which took half a minute).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEMO
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Redis: channel layer, Celery broker, live state -------------------------------------------------
_redis_url = env_str("REDIS_URL")
REDIS_URL: str | None = validate_redis_url(_redis_url) if _redis_url else None

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # The pub/sub layer delivers with lower latency than the list-based one (docs/performance.md).
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # Pub/sub channels are global to a Redis server, whatever its database number: processes that
            # share a Redis but must not hear each other (two test suites, two centers) take their own prefix.
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env_str("CHANNEL_LAYER_PREFIX", "asgi") or "asgi"},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND: str | None = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "stats-load-queue-logs": {
        "task": "callcenter.stats.tasks.load_queue_logs",
        "schedule": float(env_int("QUEUE_LOG_LOAD_INTERVAL", 60)),
    },
    # The daily queue report for the previous day, built every night.
    "stats-nightly-report": {
        "task": "callcenter.stats.tasks.build_nightly_report",
        "schedule": crontab(hour=0, minute=15),
    },
    # The users' report schedules (each in its own time zone) and the retries of report e-mails.
    "stats-report-schedules": {"task": "callcenter.stats.tasks.run_report_schedules", "schedule": 60.0},
    "dialer-schedule-campaigns": {"task": "callcenter.dialer.schedule_campaigns", "schedule": 30.0},
    "dialer-settle-unknown": {"task": "callcenter.dialer.settle_unknown", "schedule": 60.0},
    # Recordings: tie new RECORDING lines to their calls, re-check recent files, and the nightly retention.
    "quality-import-recordings": {"task": "callcenter.quality.tasks.import_recordings", "schedule": 60.0},
    "quality-check-recordings": {"task": "callcenter.quality.tasks.check_recordings", "schedule": 900.0},
    "quality-purge-recordings": {
        "task": "callcenter.quality.tasks.purge_recordings",
        "schedule": crontab(hour=2, minute=30),
    },
    # VIP routing: every node's AstDB family cc-vip made to match the contacts' tiers (docs/pbx-config.md).
    "wallboard-sync-vip": {
        "task": "callcenter.wallboard.tasks.sync_vip",
        "schedule": float(env_int("VIP_SYNC_INTERVAL", 300, minimum=30)),
    },
}
# Seconds one AMI action of the VIP routing push may take (connecting included).
VIP_AMI_TIMEOUT = float(env_int("VIP_AMI_TIMEOUT", 5, minimum=1))
# A pause longer than its reason's max_minutes is an alarm on the wallboard (always, in the browser); with
# PAUSE_LIMIT_EMAIL on, the supervisors of the agent's team also get one e-mail per such pause, from a
# task that looks at the live state every PAUSE_LIMIT_CHECK_INTERVAL seconds (docs/wallboard.md).
PAUSE_LIMIT_EMAIL = env_bool("PAUSE_LIMIT_EMAIL", False)
PAUSE_LIMIT_CHECK_INTERVAL = env_int("PAUSE_LIMIT_CHECK_INTERVAL", 30, minimum=5)
if PAUSE_LIMIT_EMAIL:
    CELERY_BEAT_SCHEDULE["wallboard-check-pause-limits"] = {
        "task": "callcenter.wallboard.tasks.check_pause_limits",
        "schedule": float(PAUSE_LIMIT_CHECK_INTERVAL),
    }
CELERY_TIMEZONE = TIME_ZONE
# Several beat processes may run; only the holder of the "beat" lease sends the schedules (docs/ha.md).
CELERY_BEAT_SCHEDULER = "callcenter.core.beat:LeasedScheduler"
# Every task goes to a queue a worker of docker/compose.yaml consumes (worker: default and reports;
# dialer-worker: dialer); Celery's own default, "celery", is consumed by no worker. Anything not routed
# below (Celery's built-in tasks, a new task) lands on "default". tests/deploy/test_celery_routing.py
# holds the routes and the compose workers together.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    # The pacing loops and their housekeeping: kept apart so a long report never delays dialing.
    "callcenter.dialer.*": {"queue": "dialer"},
    # Report builds can take seconds to minutes.
    "callcenter.stats.tasks.build_*": {"queue": "reports"},
    # The users' report schedules build their reports too.
    "callcenter.stats.tasks.run_report_schedules": {"queue": "reports"},
    # queue_log loading: short and frequent, it keeps statistics, payroll and the wallboard charts current.
    "callcenter.stats.tasks.load_*": {"queue": "default"},
}

# --- REST API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "callcenter.core.api.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "callcenter.core.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "callcenter.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Call-center control plane API",
    "DESCRIPTION": "Configuration, live state, statistics, payroll and dialer of an Asterisk contact center.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets shared by several fields, or different sets behind fields of the same name.
    "ENUM_NAME_OVERRIDES": {
        "CallOutcomeEnum": "callcenter.stats.models.Call.Outcome",
        "DialOutcomeEnum": "callcenter.dialer.models.Outcome",
        "EmptyRuleEnum": "callcenter.pbx.models.Queue.EmptyRule",
        "CallbackKindEnum": "callcenter.stats.models.Callback.Kind",
        "CallbackStatusEnum": "callcenter.stats.models.Callback.Status",
        "SpyModeEnum": "callcenter.wallboard.models.SpySession.Mode",
        "ConfigApplyStatusEnum": "callcenter.pbx.models.ConfigApply.Status",
    },
}

# --- Security -----------------------------------------------------------------------------------------
# HTTPS settings: on by default in production, off by default under DJANGO_DEBUG and the demo (plain
# HTTP on localhost); each can be set either way from the environment (docs/configuration.md).
_HTTPS_DEFAULT = not (DEBUG or DEMO)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _HTTPS_DEFAULT)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _HTTPS_DEFAULT)
# Behind a TLS-terminating proxy (docker/nginx) the request reaches Django over HTTP: the proxy's
# "X-Forwarded-Proto: https" says it came in over HTTPS. Trust it only where the proxy sets (and
# overwrites) that header, and nothing else can reach the application server.
if env_bool("SECURE_PROXY_SSL_HEADER", _HTTPS_DEFAULT):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS_DEFAULT)
# Health probes talk to the application server directly, over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS is remembered by browsers for SECURE_HSTS_SECONDS: opt-in, once HTTPS works for good.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
validate_hsts(SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD)

# --- Sign-in protection (django-axes) ------------------------------------------------------------------
# Failed sign-ins are counted per user name and client address together: after AXES_FAILURE_LIMIT
# failures that pair is refused, even with the right password, for AXES_COOLOFF_MINUTES (0: until an
# administrator lifts the lockout). The client address is REMOTE_ADDR, which uvicorn --proxy-headers
# sets from X-Forwarded-For when the request comes from the proxy's network (docker/compose.yaml).
AUTHENTICATION_BACKENDS = [
    "callcenter.accounts.backends.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
_axes_cooloff_minutes = env_int("AXES_COOLOFF_MINUTES", 30, minimum=0)
AXES_COOLOFF_TIME: timedelta | None = (
    timedelta(minutes=_axes_cooloff_minutes) if _axes_cooloff_minutes else None
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "callcenter.accounts.lockout.lockout_username"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "callcenter.accounts.lockout.lockout_response"

# Key for the encrypted model fields (AMI and SIP secrets). Separate from SECRET_KEY so that rotating
# sessions does not lose stored secrets; derived from SECRET_KEY only when not set.
FIELD_ENCRYPTION_KEY: str = env_str("FIELD_ENCRYPTION_KEY") or SECRET_KEY

# --- The center ---------------------------------------------------------------------------------------
ORGANISATION_NAME = env_str("ORGANISATION_NAME", "Demo contact center") or ""
ORGANISATION_INN = env_str("ORGANISATION_INN", "") or ""
ORGANISATION_KPP = env_str("ORGANISATION_KPP", "") or ""
AMI_DEFAULT_PORT = env_int("AMI_DEFAULT_PORT", 5038)
# AMI keep-alive of the bridge: after AMI_PING_IDLE_MS without a byte from Asterisk a Ping is sent; no
# answer (and no other byte) within AMI_PING_TIMEOUT_MS drops the connection and reconnects. A frozen or
# half-open peer is noticed within their sum plus 0.25 s (docs/ami.md). 0 turns the keep-alive off.
AMI_PING_IDLE_MS = env_int("AMI_PING_IDLE_MS", 2000, minimum=0)
AMI_PING_TIMEOUT_MS = env_int("AMI_PING_TIMEOUT_MS", 2000, minimum=1)
# The bridge's heartbeat per node in the live store: refreshed every LIVE_HEARTBEAT_INTERVAL_MS while its
# AMI link is up, gone LIVE_HEARTBEAT_TTL_MS after the last refresh. "connected" means "heartbeat present".
LIVE_HEARTBEAT_INTERVAL_MS = env_int("LIVE_HEARTBEAT_INTERVAL_MS", 1000, minimum=100)
LIVE_HEARTBEAT_TTL_MS = env_int("LIVE_HEARTBEAT_TTL_MS", 3000, minimum=200)
# How often agents logged in on a lost node are moved to the node their phone registered with (docs/ha.md).
FOLLOW_INTERVAL_MS = env_int("FOLLOW_INTERVAL_MS", 1000, minimum=200)
# How often each web process re-reads the heartbeats to tell the wallboards that a node was lost.
LIVE_STATUS_CHECK_MS = env_int("LIVE_STATUS_CHECK_MS", 1000, minimum=100)
# A full resync from Asterisk (QueueStatus + CoreShowChannels) every this many seconds; 0: only after a
# login or a reload.
LIVE_RESYNC_INTERVAL = env_int("LIVE_RESYNC_INTERVAL", 300, minimum=0)
# Also publish live changes to live.queue.<name> and live.team.<id> (nothing in the project reads them).
LIVE_PUBLISH_SCOPED_GROUPS = env_bool("LIVE_PUBLISH_SCOPED_GROUPS", False)
# Leases in Redis (docs/ha.md): one bridge holds each node's AMI connection, one beat sends the schedules.
# A holder renews every LEASE_RENEW_MS; a lease not renewed for LEASE_TTL_MS is free for a standby.
LEASE_TTL_MS = env_int("LEASE_TTL_MS", 6000, minimum=300)
LEASE_RENEW_MS = env_int("LEASE_RENEW_MS", 2000, minimum=100)
if LEASE_RENEW_MS * 2 > LEASE_TTL_MS:
    raise ImproperlyConfiguredEnv("LEASE_RENEW_MS must be at most half of LEASE_TTL_MS")
# The nightly daily queue report: formats stored, and who gets it by e-mail (none: stored and listed only).
DAILY_REPORT_RECIPIENTS = env_list("DAILY_REPORT_RECIPIENTS")
DAILY_REPORT_FORMATS = env_list("DAILY_REPORT_FORMATS", ["xlsx", "pdf"])
# A report e-mail that fails is tried again after 1, 2, 4 ... times REPORT_DELIVERY_RETRY_MINUTES, and
# marked failed after REPORT_DELIVERY_MAX_ATTEMPTS tries in all (docs/reports.md).
REPORT_DELIVERY_MAX_ATTEMPTS = env_int("REPORT_DELIVERY_MAX_ATTEMPTS", 6, minimum=1)
REPORT_DELIVERY_RETRY_MINUTES = env_int("REPORT_DELIVERY_RETRY_MINUTES", 1, minimum=1)
# The context an agent's "call back" from the agent page dials the customer's number in (the phones' own).
WALLBOARD_CALLBACK_CONTEXT = env_str("WALLBOARD_CALLBACK_CONTEXT", "cc-phones") or "cc-phones"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "callcenter@localhost") or "callcenter@localhost"
if DEMO:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The schedule whose holidays mark holiday work (code RV in T-13) in the payroll export; empty: the only one.
PAYROLL_SCHEDULE = env_str("PAYROLL_SCHEDULE", "") or ""
# Recordings (docs/recordings.md): days kept for queues without their own retention rule (0: kept for
# ever), and how long the requests of one play or download of a recording make a single audit entry.
RECORDING_RETENTION_DAYS = env_int("RECORDING_RETENTION_DAYS", 90, minimum=0)
RECORDING_AUDIT_WINDOW_S = env_int("RECORDING_AUDIT_WINDOW_S", 600, minimum=0)
# Region for phone numbers written without a country code: callers, CRM contacts, callbacks and dialer
# lists are all normalised to E.164 with it (callcenter.core.phones). DIALER_DEFAULT_REGION is its
# earlier name, still read when the new one is not set.
PHONE_DEFAULT_REGION = validate_phone_region(
    env_str("PHONE_DEFAULT_REGION") or env_str("DIALER_DEFAULT_REGION", "RU") or "RU"
)
DIALER_DEFAULT_REGION = PHONE_DEFAULT_REGION
# Callbacks: a call older than this many days (before the newest loaded queue_log line) opens no entry.
CALLBACK_MAX_AGE_DAYS = env_int("CALLBACK_MAX_AGE_DAYS", 7, minimum=1)
# Rendered configuration versions kept per node for rollback.
PBX_KEEP_VERSIONS = env_int("PBX_KEEP_VERSIONS", 10)
# Uploaded prompts and music on hold (callcenter/pbx/audio.py): the largest file accepted (MB) and the longest
# recording once converted (seconds). The nginx proxy's CLIENT_MAX_BODY_SIZE must allow the upload too.
PBX_AUDIO_MAX_UPLOAD_MB = env_int("PBX_AUDIO_MAX_UPLOAD_MB", 20, minimum=1)
PBX_AUDIO_MAX_SECONDS = env_int("PBX_AUDIO_MAX_SECONDS", 600, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO") or "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendered page at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Each failed sign-in and lockout is logged at WARNING; INFO repeats every step of the check.
        "axes": {"level": "WARNING"},
    },
}
