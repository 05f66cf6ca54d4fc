"""Settings for the Jiaozuo university–locality cooperation portal.

Everything that differs between a laptop and production comes from the environment.
Production is the default: unless DEBUG=True is set, the portal runs as production and refuses
to start without SECRET_KEY and ALLOWED_HOSTS (`make run` and `make test` set DEBUG=True).
Without DATABASE_URL and REDIS_URL we run on SQLite with eager Celery tasks; with them we use
PostgreSQL and Redis.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-0123456789")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"])
else:
    SECRET_KEY = env_required(
        "SECRET_KEY", "生产模式（未设置 DEBUG=True）必须提供足够长的随机密钥；本地开发请用 make run 或设置 DEBUG=True"
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS", "生产模式（未设置 DEBUG=True）必须列出允许访问的主机名，逗号分隔")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "accounts",
    "core",
    "credit",
    "talents",
    "demands",
    "achievements",
    "matching",
    "engagements",
    "platforms",
    "subsidies",
    "events",
    "supervision",
    "dashboard",
]

MIDDLEWARE = [
    # Oversized bodies are refused (413, Chinese) before anything reads them.
    "core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Chinese 404/500 pages even under DEBUG=True (no URL-pattern listing in development).
    "core.middleware.ChineseErrorPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the portal is Chinese whatever language the browser asks for.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware should be the last middleware.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "jiaozuo_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        # No "loaders" here on purpose: Django then wraps them in the cached loader (templates
        # parsed once per process), in production and in development alike.
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "jiaozuo_portal.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Persistent connections are checked before reuse, so a PostgreSQL restart costs no request.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The planner's default random_page_cost (4) models spinning disks: on SSD storage it
        # scans a whole table by primary key rather than use a (county, newest-first) index.
        # 1.1 is the usual SSD setting; DB_RANDOM_PAGE_COST="" leaves the server's own value.
        page_cost = os.environ.get("DB_RANDOM_PAGE_COST", "1.1").strip()
        if page_cost:
            options = DATABASES["default"].setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c random_page_cost={float(page_cost)}".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Covering indexes (Index(include=…), e.g. the claim queue's) are PostgreSQL's; SQLite, for
    # development and tests, builds them without the extra columns, which is all the warning says.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PortalBackend",
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed-login throttling (django-axes): 5 failures per username+IP lock for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
# Behind a reverse proxy every client arrives from the proxy's address; TRUSTED_PROXY_COUNT (the
# number of proxies we run in front of the portal) says which X-Forwarded-For entry is the
# client's. 0 (the default) trusts no header and uses the connection's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"

# Sessions: staff (bureau, liaisons, leaders, administrators) are signed out after 30 idle minutes.
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
# Django's database sessions, the lookup compiled once per process (core/sessions.py).
SESSION_ENGINE = "core.sessions"
# API tokens expire, and are revoked when the user's password changes.
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30)

# Anonymous pages that write: registration and the talent's self-service link (per client address).
RATELIMITS = {
    "register": (env_int("RATELIMIT_REGISTER_PER_HOUR", 10), 3600),
    "self_refresh": (env_int("RATELIMIT_SELF_REFRESH_PER_HOUR", 30), 3600),
}

# Chinese only: no LocaleMiddleware, so the browser's Accept-Language is never followed.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "core.storage.StaticFilesStorage"  # whitenoise's compressed manifest, URLs kept per process
    },
}
# Uploaded proofs and attachments are private: never served under STATIC/MEDIA URLs,
# only streamed by views that check permissions.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# `make backup` writes here (database dump + media archive + manifest); keep it off the web root.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))

# Upload limits (also enforced by each form; these stop oversized requests early).
# REQUEST_MAX_BYTES: any body larger than this is refused with a Chinese 413 before it is read
# (set the same limit in the reverse proxy, e.g. nginx client_max_body_size).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
# A crafted workbook is refused before openpyxl loads it (core/excel.py check_package).
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
IMPORT_MAX_SHARED_STRINGS_BYTES = env_int("IMPORT_MAX_SHARED_STRINGS_BYTES", 30 * 1024 * 1024)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_SCANNED_ROWS = env_int("IMPORT_MAX_SCANNED_ROWS", 2 * IMPORT_MAX_ROWS + 1000)

# Email: console in development; SMTP when EMAIL_HOST is set (or EMAIL_BACKEND names another).
# NOTIFY_SEND_EMAIL turns real sending off. Production refuses the console and file backends:
# they write talent names and contacts into logs.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if env_str("EMAIL_BACKEND"):
    EMAIL_BACKEND = env_str("EMAIL_BACKEND")
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    env_required("EMAIL_HOST", "生产模式必须配置邮件服务器（或以 EMAIL_BACKEND 指定不发送邮件的后端）")
if EMAIL_HOST:
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if not DEBUG and EMAIL_BACKEND.rsplit(".", 2)[-2] in ("console", "filebased"):
    raise ImproperlyConfigured(
        "生产模式不能使用控制台或文件邮件后端：邮件内容含个人信息，会写入日志。请配置 EMAIL_HOST。"
    )
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "焦作市科技合作门户 <noreply@jiaozuo.local>")
NOTIFY_SEND_EMAIL = env_bool("NOTIFY_SEND_EMAIL", not DEBUG)

# Celery: Redis when REDIS_URL is set; otherwise tasks run eagerly in-process.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a request fails fast when Redis is down; core/outbox.py keeps the task for later.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_BEAT_SCHEDULE = {
    # Each entry names a task in its app's tasks.py; every scheduled task is idempotent.
    "core-outbox-dispatch-every-minute": {
        "task": "core.tasks.dispatch_outbox",
        "schedule": timedelta(minutes=1),
    },
    "talents-refresh-due-daily": {
        "task": "talents.tasks.mark_refresh_due",
        "schedule": timedelta(days=1),
    },
    "demands-expire-daily": {
        "task": "demands.tasks.expire_demands",
        "schedule": timedelta(days=1),
    },
    "engagements-follow-up-daily": {
        "task": "engagements.tasks.send_follow_up_reminders",
        "schedule": timedelta(days=1),
    },
    # Reminder jobs (core.reminders): each runs daily at 08:00 and sends only on the days its
    # rule names; the ReminderLog makes every reminder go out once per (kind, recipient, period).
    "supervision-ledger-update-daily": {
        "task": "supervision.tasks.ledger_update_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "supervision-joint-meeting-daily": {
        "task": "supervision.tasks.joint_meeting_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "supervision-overdue-tasks-daily": {
        "task": "supervision.tasks.overdue_task_reminders",
        "schedule": crontab(hour=8, minute=5),
    },
    "events-fair-preparation-daily": {
        "task": "events.tasks.fair_preparation_reminders",
        "schedule": crontab(hour=8, minute=10),
    },
}

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # A JSON body must be one object; malformed JSON or a bare list is a Chinese 400.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Capped count on every list (exact up to 10,000, then `count_capped`): core.library.pagination.
    "DEFAULT_PAGINATION_CLASS": "core.library.pagination.LibraryApiPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "焦作市院（校）地科技合作门户 API",
    "DESCRIPTION": "人才库、需求库、成果库、对接与补助的接口。所有列表按当前用户的权限范围返回。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a field called "kind"; give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "accounts.models.Organisation.Kind",
        "DemandKindEnum": "demands.models.DemandKind",
        "ClaimAttachmentKindEnum": "subsidies.models.ClaimAttachment.Kind",
        "TalentStatusEnum": "talents.models.TalentStatus",
        "ClaimStatusEnum": "subsidies.models.Claim.Status",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Content-Security-Policy: only our own static files; the few inline blocks carry the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        # Eager tasks (no broker) would print a line per task into the runserver console.
        "celery": {"level": "INFO" if REDIS_URL else "WARNING"},
    },
}
