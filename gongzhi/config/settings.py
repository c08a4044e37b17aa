"""Django settings; every value that varies by deployment comes from config/env.py."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from gongzhi.config import env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env.home()

SECRET_KEY = env.secret_key(DATA_DIR)
DEBUG = env.flag("DEBUG", False)
ALLOWED_HOSTS = env.csv("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env.csv("CSRF_TRUSTED_ORIGINS")
REDIS_URL = env.text("REDIS_URL")

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
    "import_export",
    "treebeard",
    "simple_history",
    "axes",
    "django_htmx",
    "bootstrap_wrapper",
    "gongzhi.core",
    "gongzhi.territory",
    "gongzhi.people",
    "gongzhi.demands",
    "gongzhi.notifications",
    "gongzhi.open311",
    "gongzhi.deliberation",
    "gongzhi.safety",
    "gongzhi.patrols",
    "gongzhi.mediation",
    "gongzhi.volunteering",
    "gongzhi.points",
    "gongzhi.property",
    "gongzhi.dispatch",
    "gongzhi.exchange",
    "gongzhi.analytics",
    "gongzhi.assessment",
    "gongzhi.workforce",
    "gongzhi.api",
    "gongzhi.site",  # the top floor: home, menu, API hub, demo command
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongzhi.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongzhi.config.urls"
WSGI_APPLICATION = "gongzhi.config.wsgi.application"
ASGI_APPLICATION = "gongzhi.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongzhi.site.context_processors.navigation",
                "gongzhi.notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(env.database_url(DATA_DIR), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web workers read while a command writes; the busy timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests get a file too: an in-memory shared-cache database answers "table is locked" at once
    # instead of waiting out the busy timeout, so races between connections could not be tested.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username + address pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Bootstrap ships as plain files in the bootstrap-wrapper package, not as an app's static folder;
# Leaflet's come from the django-leaflet package without installing the app (its admin module
# would load GeoDjango, which needs GDAL). The maps draw our own polygons, no tiles.
STATICFILES_DIRS = [
    ("bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
    Path(find_spec("leaflet").origin).parent / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
        "gongzhi.exchange.authentication.DepartmentKeyAuthentication",  # Authorization: Api-Key <key>
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "gongzhi.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gongzhi.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "共治 Gongzhi API",
    "DESCRIPTION": "党建引领基层治理平台接口 / Party-building-led grassroots governance API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would otherwise send the schema to validator.swagger.io: no request leaves the site.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind"; give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "gongzhi.deliberation.recurrence.MeetingKind",
        "PublicationKindEnum": "gongzhi.deliberation.workflow.PublicationKind",
        "MeetingStateEnum": "gongzhi.deliberation.models.meetings.MeetingState",
        "VoteStateEnum": "gongzhi.deliberation.models.meetings.VoteState",
        "TerritoryKindEnum": "gongzhi.territory.levels.Kind",
        "PartyOrgKindEnum": "gongzhi.people.models.org.PartyOrgKind",
        "CouncilKindEnum": "gongzhi.people.models.org.CouncilKind",
        "PartnerKindEnum": "gongzhi.people.models.staff.PartnerKind",
        "ActivityStateEnum": "gongzhi.volunteering.workflow.ActivityState",
        "SignUpStateEnum": "gongzhi.volunteering.workflow.SignUpState",
        "ActivityCategoryEnum": "gongzhi.volunteering.models.ActivityCategory",
        "TeamKindEnum": "gongzhi.volunteering.models.TeamKind",
        "EntryKindEnum": "gongzhi.points.models.EntryKind",
        "HolderEnum": "gongzhi.points.models.Holder",
        "RollEnum": "gongzhi.points.models.Roll",
        "RatingLevelEnum": "gongzhi.property.models.RatingLevel",
        "CommitteeRoleEnum": "gongzhi.property.models.CommitteeRole",
        "ServiceModeEnum": "gongzhi.property.models.ServiceMode",
        "DirectionEnum": "gongzhi.property.models.Direction",
        "TerritoryLevelEnum": "gongzhi.territory.levels.Level",
        "DutyKindEnum": "gongzhi.patrols.models.DutyKind",
        "FindingCategoryEnum": "gongzhi.patrols.models.FindingCategory",
        "DispositionEnum": "gongzhi.patrols.models.Disposition",
        "SafeHouseholdStateEnum": "gongzhi.safety.workflow.State",
        "SafeHouseholdOriginEnum": "gongzhi.safety.workflow.Origin",
        "PlaqueEnum": "gongzhi.safety.workflow.Plaque",
        "DisputeStateEnum": "gongzhi.mediation.workflow.State",
        "DisputeSourceEnum": "gongzhi.mediation.workflow.Source",
        "DisputeKindEnum": "gongzhi.mediation.workflow.Kind",
        "MediatorKindEnum": "gongzhi.mediation.workflow.MediatorKind",
        "DemandStateEnum": "gongzhi.demands.workflow.State",
        "TopicOriginEnum": "gongzhi.deliberation.models.topics.Origin",
    },
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env.flag("GONGZHI_HTTPS", False):
    SECURE_SSL_REDIRECT = env.flag("GONGZHI_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work (gongzhi/config/celery.py): Celery workers and beat with Redis in production.
# Without REDIS_URL the demo server runs the sweep in-process and sends notifications itself.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = env.text("GONGZHI_CELERY_QUEUE", "gongzhi")
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves its message for the next one
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # A tick that waited past the next one is dropped: the next sweep does its work anyway.
    "demand-sweep": {"task": "gongzhi.demands.sweep", "schedule": 60.0, "options": {"expires": 55}},
    # Hourly: both only act when there is something new (enough new labels; a rise not yet sent).
    "classifier-retrain": {
        "task": "gongzhi.dispatch.retrain",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "hotspot-rises": {"task": "gongzhi.dispatch.rises", "schedule": 3600.0, "options": {"expires": 3000}},
    # 一周一碰头、一月一盘点: each official's review link, Monday and the 1st at 08:00 (CELERY_TIMEZONE).
    # The last full month's figures of every official's node, computed before they look (command centre).
    "figures-warm": {
        "task": "gongzhi.analytics.tasks.warm_figures",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "review-reports-weekly": {
        "task": "gongzhi.analytics.tasks.send_review_reports",
        "schedule": crontab(minute=0, hour=8, day_of_week=1),
        "kwargs": {"kind": "weekly"},
    },
    "review-reports-monthly": {
        "task": "gongzhi.analytics.tasks.send_review_reports",
        "schedule": crontab(minute=0, hour=8, day_of_month=1),
        "kwargs": {"kind": "monthly"},
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
GONGZHI_INPROCESS_SWEEP = env.flag("GONGZHI_INPROCESS_SWEEP", not REDIS_URL)

# Notifications (gongzhi/notifications/backends.py), chosen like Django's EMAIL_BACKEND.
GONGZHI_SITE_URL = env.text("GONGZHI_SITE_URL")
GONGZHI_NOTIFICATION_BACKENDS: list = ["gongzhi.notifications.backends.InboxBackend"]
if env.flag("GONGZHI_NOTIFY_CONSOLE", False):
    GONGZHI_NOTIFICATION_BACKENDS.append("gongzhi.notifications.backends.ConsoleBackend")
if env.text("EMAIL_HOST"):
    EMAIL_HOST = env.text("EMAIL_HOST")
    EMAIL_PORT = int(env.text("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", False)
    DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "gongzhi@localhost")
    GONGZHI_NOTIFICATION_BACKENDS.append("gongzhi.notifications.backends.EmailBackend")
if env.text("GONGZHI_SMS_URL"):
    GONGZHI_NOTIFICATION_BACKENDS.append(
        {
            "BACKEND": "gongzhi.notifications.backends.SmsBackend",
            "OPTIONS": {
                "url": env.text("GONGZHI_SMS_URL"),
                "template": env.text("GONGZHI_SMS_TEMPLATE", "【共治】{title}：{body}"),
                "kinds": env.csv("GONGZHI_SMS_KINDS") or None,
            },
        }
    )
if env.text("GONGZHI_WEBHOOK_URL"):
    GONGZHI_NOTIFICATION_BACKENDS.append(
        {
            "BACKEND": "gongzhi.notifications.backends.WebhookBackend",
            "OPTIONS": {"url": env.text("GONGZHI_WEBHOOK_URL"), "secret": env.text("GONGZHI_WEBHOOK_SECRET")},
        }
    )

# Demand deadlines (gongzhi/demands/sweep.py): reminders as a share of the working-time window
# ("75%") or working hours before the due time ("1h"); escalation this many working hours overdue.
GONGZHI_DEADLINE_REMINDERS = env.csv("GONGZHI_DEADLINE_REMINDERS", "75%,1h")
GONGZHI_ESCALATE_AFTER_HOURS = float(env.text("GONGZHI_ESCALATE_AFTER_HOURS", "7"))

# Demand classifier (gongzhi/dispatch): where its versions live, and when the hourly job retrains
# it: once this many new human labels arrived since the last training, at most every N hours;
# the candidate is compared with the active model on this share of the new labels, held out.
GONGZHI_CLASSIFIER_DIR = env.text("GONGZHI_CLASSIFIER_DIR") or str(DATA_DIR / "models" / "classifier")
GONGZHI_RETRAIN_MIN_NEW = int(env.text("GONGZHI_RETRAIN_MIN_NEW", "200"))
GONGZHI_RETRAIN_MIN_HOURS = float(env.text("GONGZHI_RETRAIN_MIN_HOURS", "24"))
GONGZHI_RETRAIN_HOLDOUT = float(env.text("GONGZHI_RETRAIN_HOLDOUT", "0.25"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "WARNING")},
}

# Figures of the command centre are kept this many seconds per node, period and area (0: not kept).
GONGZHI_FIGURES_CACHE_SECONDS = int(env.text("GONGZHI_FIGURES_CACHE_SECONDS", "120") or 0)
# … and once the period has ended (a late rating still moves a past month a little); the hourly
# job computes the last full month ahead for every official's node, so their first look is warm.
GONGZHI_FIGURES_CACHE_PAST_SECONDS = int(env.text("GONGZHI_FIGURES_CACHE_PAST_SECONDS", "4200") or 0)
