"""Partsdesk settings, read from the environment (see the configuration table in README.md).

The defaults give a working embedded store: SQLite, eager background tasks, in-memory cache.
`partsdesk.settings_production` hardens these for a public deployment.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "django-insecure-partsdesk-development-key-never-use-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_altcha",
    "ninja",
    "partsdesk.accounts",
    "partsdesk.notifications",
    "partsdesk.catalog",
    "partsdesk.pricing",
    "partsdesk.imports",
    "partsdesk.storefront",
    "partsdesk.shop",
    "partsdesk.desk",
    "partsdesk.watch",
    "partsdesk.orders",
    "partsdesk.billing",
    "partsdesk.payments",
    "partsdesk.invoices",
    "partsdesk.promotions",
    "partsdesk.api",
]

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
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "partsdesk.urls"
WSGI_APPLICATION = "partsdesk.wsgi.application"
ASGI_APPLICATION = "partsdesk.asgi.application"

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
                "partsdesk.storefront.context_processors.shop",
                "partsdesk.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL (psycopg 3).
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the
        # busy timeout instead of failing with "database is locked" mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA mmap_size=4294967296;"
            "PRAGMA cache_size=-131072;"
        ),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A search is a handful of index lookups; a parallel plan only adds worker start-up
    # (measured at 22 M offers: p99 19.5 ms with parallel workers, 3.6 ms without).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0"
    )
    # Lets two test runs share one PostgreSQL server without sharing a test database.
    if os.environ.get("TEST_DATABASE_NAME"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["partsdesk.accounts.backends.AccountBackend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "ru")
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: without a broker, tasks run eagerly in the calling process.
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", not os.environ.get("CELERY_BROKER_URL")
)
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Periodic work, run by `celery -A partsdesk beat` beside the workers.
CELERY_BEAT_SCHEDULE = {
    "fetch-price-lists": {"task": "imports.fetch_due_lists", "schedule": 3600},
    # Rates are entered ahead of time: the prices follow on the day a rate starts.
    "reprice-for-new-rates": {
        "task": "pricing.reprice_for_rates_starting_today",
        "schedule": crontab(hour=0, minute=5),
    },
    "escalate-overdue-reviews": {"task": "orders.escalate_overdue_reviews", "schedule": 300},
    "refresh-supplier-stats": {"task": "orders.refresh_supplier_stats", "schedule": 86400},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Content Security Policy: only our own scripts and styles; ALTCHA solves in blob: workers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # The one <style> the pinned ALTCHA widget (django-altcha 1.0.0, altcha 2.3.0) injects;
        # the browser tests fail on any CSP violation if an upgrade changes it.
        "style-src": [SELF, "'sha256-pg+oQARqMq4wCazyrsMt8HY89BJkXkEFkwNWxg2iPdg='"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Suppliers' delivery record from our own orders (orders.supplier_stats): the rolling window,
# and how many positions make a history worth showing beside the declared figures.
SUPPLIER_STATS_WINDOW_DAYS = int(os.environ.get("SUPPLIER_STATS_WINDOW_DAYS", "90"))
SUPPLIER_STATS_MIN_POSITIONS = int(os.environ.get("SUPPLIER_STATS_MIN_POSITIONS", "5"))

# The shop itself.
SHOP_NAME = os.environ.get("SHOP_NAME", "Partsdesk")
SHOP_CURRENCY = os.environ.get("SHOP_CURRENCY", "RUB")
PHONE_REGION = os.environ.get("PHONE_REGION", "RU")
SHOP_EMAIL = os.environ.get("SHOP_EMAIL", "shop@partsdesk.local")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Accounts.
ACTIVATION_HOURS = 24
PASSWORD_RESET_TIMEOUT = 60 * 60
REMEMBER_ME_DAYS = 30
API_TOKEN_DAYS = 90
LOGIN_FAILURES_BEFORE_PAUSE = 5
LOGIN_PAUSE = datetime.timedelta(minutes=15)
LOGIN_FAILURES_PER_ACCOUNT_HOUR = 100
LOGIN_FAILURES_PER_IP_HOUR = int(os.environ.get("LOGIN_FAILURES_PER_IP_HOUR", "50"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
ALTCHA_HMAC_KEY = os.environ.get("ALTCHA_HMAC_KEY", SECRET_KEY)
ALTCHA_MAX_NUMBER = int(os.environ.get("ALTCHA_MAX_NUMBER", "100000"))

# Mail: files under var/mail/ by default (the demo), SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", SHOP_EMAIL)
SEARCH_PAGE_SIZE = int(os.environ.get("SEARCH_PAGE_SIZE", "50"))

NINJA_PAGINATION_PER_PAGE = SEARCH_PAGE_SIZE

# Payments (docs/payments.md): the provider new payments go through ("sandbox" is built in
# and works offline; "yookassa" needs the shop id and secret key).
PAYMENT_PROVIDER = os.environ.get("PAYMENT_PROVIDER", "sandbox")
YOOKASSA_SHOP_ID = os.environ.get("YOOKASSA_SHOP_ID", "")
YOOKASSA_SECRET_KEY = os.environ.get("YOOKASSA_SECRET_KEY", "")
YOOKASSA_API_URL = os.environ.get("YOOKASSA_API_URL", "https://api.yookassa.ru/v3")
SANDBOX_WEBHOOK_SECRET = os.environ.get(
    "SANDBOX_WEBHOOK_SECRET", "partsdesk-sandbox-webhook-secret-for-development"
)
