"""Settings shared by every environment; read from the environment (see .env.example)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django_stubs_ext
from django.utils.csp import CSP

from config.database import database_settings
from config.env import env_bool, env_int, env_list, env_str

# Lets admin and queryset classes be subscripted at runtime, as the type checker wants.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The demo key is for local use only: production.py refuses to start with it.
SECRET_KEY = env_str("SECRET_KEY", "insecure-demo-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
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
    "django_htmx",
    "axes",
    "django_tasks_db",
    "pcrs.core",
    "pcrs.memberstates",
    "pcrs.accounts",
    "pcrs.registry",
    "pcrs.missions",
    "pcrs.readiness",
    "pcrs.consultations",
    "pcrs.gender",
    "pcrs.training",
    "pcrs.performance",
    "pcrs.statistics",
    "pcrs.generation",
    "pcrs.partnerships",
    "pcrs.reports",
    "pcrs.api",
    "pcrs.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server, compressed and cached for a year (hashed names).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database that is away gives a clean 503 page or JSON error, not a 500 (ADR 0061).
    "pcrs.core.outage.DatabaseOutageMiddleware",
    "pcrs.core.badinput.OutOfRangeInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the user's choice (cookie, set by the switch), else Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a login unless marked @login_not_required.
    "pcrs.core.middleware.LoginRequiredMiddleware",
    "pcrs.accounts.middleware.IdleSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "pcrs.accounts.middleware.NoStoreMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Lock-out after repeated failed logins; must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "pcrs.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_settings(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        pool_max_size=env_int("DB_POOL_MAX_SIZE", 4),
        pool_timeout=env_int("DB_POOL_TIMEOUT", 5),
        sqlite_busy_timeout=env_int("SQLITE_BUSY_TIMEOUT", 20),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after a working day, or after an idle hour, whichever comes first.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# django-axes: five failures lock the username for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
# Lock the account, not the address: field offices share NAT addresses, and locking by IP
# would let one person's typos shut out a whole office.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pcrs.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# API tokens are valid for this many hours after issue.
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 12)

# Reverse proxies of ours in front of the app (0: none, clients connect directly). Only then is
# X-Forwarded-For read, and only the entry the outermost of them appended (pcrs.accounts.throttle).
PCRS_TRUSTED_PROXIES = env_int("PCRS_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "pcrs.accounts.throttle.client_address"
# Failed log-ins (page and token endpoint) allowed per address and per user name in the window.
PCRS_LOGIN_ATTEMPTS_PER_ADDRESS = env_int("PCRS_LOGIN_ATTEMPTS_PER_ADDRESS", 10)
PCRS_LOGIN_ATTEMPTS_PER_USERNAME = env_int("PCRS_LOGIN_ATTEMPTS_PER_USERNAME", 5)
PCRS_LOGIN_WINDOW = env_int("PCRS_LOGIN_WINDOW_SECONDS", 15 * 60)

LANGUAGE_CODE = "en"
# The Secretariat's working languages. Catalogues: pcrs/<app>/locale/ per app, and locale/ at
# the root for the root templates and config/; the compiled .mo files are committed.
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switch's choice is remembered for a year (also stored on the user, for e-mails).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `manage.py collectstatic` (make demo does it) writes hashed, compressed copies.
    "staticfiles": {"BACKEND": "config.storage.StaticStorage"},
}
# Pages name static files through {% static %} (hashed names), so the unhashed copies are dropped.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Source maps are for developer tools only: not worth compressing (collectstatic's slowest part).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4"),
    *("mpeg", "mpg", "webm", "wmv", "map"),
)

# Costly page fragments (home panels, gaps) are cached per session under a data version that
# every write changes (pcrs/core/freshness.py, ADR 0065); off, they are computed each time.
PCRS_FRAGMENT_CACHE = env_bool("PCRS_FRAGMENT_CACHE", default=True)

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)

# Email: the console in the demo; production sets EMAIL_BACKEND (SMTP) and its options.
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "pcrs-noreply@example.org")
# The site's own address, for links in e-mails: SITE_URL, else the local PORT being served.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}")

# One cache shared by every app server and worker: the log-in and API rate limits count
# attempts across processes and machines (a per-process cache would let each of N processes
# allow the full limit). PCRS_CACHE=database (the default) is a table in the database all
# servers share (created by pcrs/core/migrations/0002; CACHE_TABLE renames it);
# PCRS_CACHE=locmem keeps it in each process: for one process only (the tests).
_CACHE_BACKENDS = {
    "database": "django.core.cache.backends.db.DatabaseCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
}
_cache = env_str("PCRS_CACHE", "database")
if _cache not in _CACHE_BACKENDS:
    raise ValueError(f"PCRS_CACHE must be one of {sorted(_CACHE_BACKENDS)}, not {_cache!r}")
CACHE_TABLE = env_str("CACHE_TABLE", "pcrs_cache")
CACHES = {
    "default": {
        "BACKEND": _CACHE_BACKENDS[_cache],
        "LOCATION": CACHE_TABLE,
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 50_000)},
    }
}

# Background work (generation runs, publications, sweeps) is queued in the database and run by
# `manage.py db_worker`: nothing else needs to be running, on SQLite or PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A task RUNNING longer than this whose worker cannot be seen is failed by the reaper.
PCRS_TASK_RUNNING_TIMEOUT = env_int("PCRS_TASK_RUNNING_TIMEOUT", 60 * 60)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pcrs.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "pcrs.api.pagination.StandardPagination",
    # JSON with bounded nesting (also on the token endpoint), forms and uploads.
    "DEFAULT_PARSER_CLASSES": [
        "pcrs.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "pcrs.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "20/min", "token_username": "10/min"},
    # Any DRF throttle reads X-Forwarded-For exactly as pcrs.accounts.throttle does.
    "NUM_PROXIES": PCRS_TRUSTED_PROXIES,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PCRS API",
    "DESCRIPTION": (
        "Peacekeeping Capability Readiness System. Authenticate with POST /api/v1/auth/token/ "
        "and send `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files (drf-spectacular-sidecar), never a CDN.
    "ENUM_NAME_OVERRIDES": {
        "PledgeStatusEnum": "pcrs.registry.models.PledgeStatus",
        "CapabilityCategoryEnum": "pcrs.registry.models.CapabilityCategory",
        "CeilingCategoryEnum": "pcrs.missions.models.CeilingCategory",
        "GenderCategoryEnum": "pcrs.missions.models.GenderCategory",
        "RequirementStatusEnum": "pcrs.missions.models.RequirementStatus",
        "CentreStatusEnum": "pcrs.training.models.CentreStatus",
        "RecognitionStatusEnum": "pcrs.training.models.RecognitionStatus",
        "CourseKindEnum": "pcrs.training.models.CourseKind",
        "EvaluationKindEnum": "pcrs.performance.models.EvaluationKind",
        "PlanStatusEnum": "pcrs.performance.models.PlanStatus",
        "DecisionKindEnum": "pcrs.performance.models.DecisionKind",
        "OfferKindEnum": "pcrs.partnerships.models.OfferKind",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step of a PDF at INFO (pcrs.reports, ADR 0140).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Domain tunables with documented defaults. Dated tables (gender targets, reimbursement
# rates) live in the database; these are the periods the readiness sweep applies.
# Where the real UN data files live (../shared/data/real beside the repository).
PCRS_REAL_DATA_DIR = Path(
    env_str("PCRS_REAL_DATA_DIR", str(BASE_DIR.parent / "shared" / "data" / "real"))
)

# Readiness periods: these only seed the first ReadinessPolicy row; after that the Secretariat
# administrator edits the dated policy table (admin site). AAV and RDL-verification validity
# are not published by the UN: the defaults are assumptions (docs/adr/0020).
PCRS_READINESS = {
    "FIRST_RENEWAL_MONTHS": env_int("PCRS_FIRST_RENEWAL_MONTHS", 12),
    "RENEWAL_INTERVAL_MONTHS": env_int("PCRS_RENEWAL_INTERVAL_MONTHS", 6),
    "AAV_VALIDITY_MONTHS": env_int("PCRS_AAV_VALIDITY_MONTHS", 36),
    "VERIFICATION_VALIDITY_MONTHS": env_int("PCRS_VERIFICATION_VALIDITY_MONTHS", 12),
    "REMINDER_DAYS": env_int("PCRS_REMINDER_DAYS", 30),
    "RDL_DEPLOY_WITHIN_DAYS": env_int("PCRS_RDL_DEPLOY_WITHIN_DAYS", 60),
}

# Published statistics (ADR 0050): the day of the month a release is due, and the disclosure
# parameters (threshold of States, dominance share, p% rule, protection interval).
STATISTICS_PUBLICATION_DAY = env_int("PCRS_STATISTICS_PUBLICATION_DAY", 1)
STATISTICS_DISCLOSURE = {
    "min_states": env_int("PCRS_DISCLOSURE_MIN_STATES", 3),
    "dominance_share": env_int("PCRS_DISCLOSURE_DOMINANCE_PERCENT", 85) / 100,
    "p_percent": env_int("PCRS_DISCLOSURE_P_PERCENT", 10) / 100,
    "protection_share": env_int("PCRS_DISCLOSURE_PROTECTION_PERCENT", 15) / 100,
    "protection_min": env_int("PCRS_DISCLOSURE_PROTECTION_MIN", 1),
}

# Content-Security-Policy (Django's built-in middleware): scripts only from our own static
# files, never inline; no plugins, no framing, forms post only here. Inline style attributes
# remain allowed (the templates and htmx use them; they cannot run code).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
