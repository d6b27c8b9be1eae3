"""Porras settings: one module, read from the environment (see .env.example)."""

import datetime as dt
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
env = environ.Env()
# A .env file in the working directory is read when present (never required).
environ.Env.read_env(Path.cwd() / ".env", overwrite=False)

PORRAS_ENV = env.str("PORRAS_ENV", default="development")
PRODUCTION = PORRAS_ENV == "production"
DEV_SECRET_KEY = "porras-development-key-never-use-in-production"

DEBUG = env.bool("PORRAS_DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("PORRAS_SECRET_KEY", default=DEV_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "PORRAS_SECRET_KEY must be set to a random value of at least 50 characters "
        "in production (PORRAS_ENV=production)."
    )

ALLOWED_HOSTS = env.list(
    "PORRAS_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("PORRAS_CSRF_TRUSTED_ORIGINS", default=[])

DATA_DIR = Path(env.str("PORRAS_DATA_DIR", default=str(Path.cwd() / "var")))
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'porras.sqlite3'}")
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Wait for a concurrent writer instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
if env.str("REPLICA_DATABASE_URL", default=""):
    # A streaming replica for the figures and the officer's log search (core/routers.py).
    DATABASES["replica"] = env.db_url("REPLICA_DATABASE_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["porras.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "axes",
    "csp",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "porras.core",
    "porras.people",
    "porras.clients",
    "porras.audit",
    "porras.eventlog",
    "porras.decisions",
    "porras.intake",
    "porras.benefits",
    "porras.casework",
    "porras.activation",
    "porras.handbook",
    "porras.insight",
    "porras.synth",
    "porras.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "porras.core.middleware.LanguageMiddleware",
    # Before anything reads the body (CSRF reads a form's fields).
    "porras.core.middleware.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "porras.audit.middleware.AccessLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "porras.urls"
WSGI_APPLICATION = "porras.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "porras.core.context_processors.porras",
                "porras.home.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "people.Worker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:front"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated wrong passwords for one account from one address lock that pair out.
AXES_FAILURE_LIMIT = env.int("PORRAS_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("PORRAS_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# OpenID Connect sign-in (e.g. Entra ID) for counties that have it: install the
# `oidc` extra and set the variables below; password sign-in stays for admins.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
if OIDC_RP_CLIENT_ID:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "mozilla_django_oidc.auth.OIDCAuthenticationBackend")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    # Only workers that an admin has created may sign in.
    OIDC_CREATE_USER = False

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "porras_language"
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env.str("PORRAS_STATIC_ROOT", default=str(DATA_DIR / "static")))
# WhiteNoise serves static files in every mode; outside production straight from
# the package, so that the test server and `make demo` need no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# How many weeks ahead a manager plans the duty rota.
PORRAS_ROTA_WEEKS_AHEAD = env.int("PORRAS_ROTA_WEEKS_AHEAD", default=8)

# Intake attachments: stored under MEDIA_ROOT, which is never served as static files.
MEDIA_ROOT = Path(env.str("PORRAS_MEDIA_ROOT", default=str(DATA_DIR / "uploads")))
MEDIA_URL = "/media-not-served/"
PORRAS_MAX_ATTACHMENT_BYTES = env.int("PORRAS_MAX_ATTACHMENT_BYTES", default=10 * 2**20)
# The largest request: one attachment sent base64 in JSON (4/3 of its size) and the rest
# of the matter. A larger one is refused by its declared size before it is read.
PORRAS_MAX_REQUEST_BYTES = env.int(
    "PORRAS_MAX_REQUEST_BYTES", default=PORRAS_MAX_ATTACHMENT_BYTES * 4 // 3 + 2**20
)
DATA_UPLOAD_MAX_MEMORY_SIZE = PORRAS_MAX_REQUEST_BYTES
# Uploaded files above this go to a temporary file on disk, not into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 2**20

# Access log (703/2023): kept 12 years (the law's minimum; longer if set), then
# `porras audit purge` removes it.
PORRAS_ACCESS_LOG_RETENTION_YEARS = env.int("PORRAS_ACCESS_LOG_RETENTION_YEARS", default=12)
if PORRAS_ACCESS_LOG_RETENTION_YEARS < 12:
    raise ImproperlyConfigured(
        "PORRAS_ACCESS_LOG_RETENTION_YEARS cannot be under 12: the law keeps access logs 12 years."
    )
# The key of the access log's hash chain, kept outside the database: in the
# environment or in a file only the service account reads.
DEV_AUDIT_KEY = "porras-development-audit-key-never-use-in-production"
PORRAS_AUDIT_KEY = env.str("PORRAS_AUDIT_KEY", default="")
if not PORRAS_AUDIT_KEY and env.str("PORRAS_AUDIT_KEY_FILE", default=""):
    PORRAS_AUDIT_KEY = Path(env.str("PORRAS_AUDIT_KEY_FILE")).read_text().strip()
PORRAS_AUDIT_KEY = PORRAS_AUDIT_KEY or DEV_AUDIT_KEY
if PRODUCTION and (PORRAS_AUDIT_KEY == DEV_AUDIT_KEY or len(PORRAS_AUDIT_KEY) < 32):
    raise ImproperlyConfigured(
        "PORRAS_AUDIT_KEY (or PORRAS_AUDIT_KEY_FILE) must hold a random value of at least "
        "32 characters in production (PORRAS_ENV=production)."
    )
# Checkpoints of the chain head, written outside the database (point this at
# write-once or another host's storage) and compared by `porras audit verify`.
PORRAS_AUDIT_CHECKPOINT_FILE = Path(
    env.str("PORRAS_AUDIT_CHECKPOINT_FILE", default=str(DATA_DIR / "audit" / "checkpoints.jsonl"))
)
PORRAS_AUDIT_CHECKPOINT_SECONDS = env.int("PORRAS_AUDIT_CHECKPOINT_SECONDS", default=60)
# Looking up whether an identity code is a client: at most this many per worker in
# ten minutes (intake hint, registration, identification, stated reason by code).
PORRAS_HETU_LOOKUPS_PER_10_MIN = env.int("PORRAS_HETU_LOOKUPS_PER_10_MIN", default=30)
# Behind a reverse proxy that sets X-Forwarded-For, log the client address from it.
PORRAS_TRUST_X_FORWARDED_FOR = env.bool("PORRAS_TRUST_X_FORWARDED_FOR", default=False)
AXES_CLIENT_IP_CALLABLE = "porras.core.http.client_ip"

# Rate limits and lockouts count in the cache: give every process the same one in
# production (the database by default; redis:// when the county runs Redis).
CACHES = {
    "default": env.cache_url(
        "PORRAS_CACHE_URL", default="dbcache://porras_cache" if PRODUCTION else "locmemcache://"
    )
}

# Scheduled work (the figures' aggregates) runs on django-tasks with its database
# backend: `porras db_worker` takes the tasks from the same database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "porras.people.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Per token (or session user): an integration that loops is slowed, not the county.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env.str("PORRAS_API_RATE", default="300/minute")},
    "EXCEPTION_HANDLER": "porras.core.api.exception_handler",
}
# API tokens (django-rest-knox): only a hash is stored; each expires.
KNOX_TOKEN_MODEL = "people.ApiToken"
# knox's own token table is never used (ours replaces it): skip its migrations.
MIGRATION_MODULES = {"knox": None}
PORRAS_API_TOKEN_DAYS = env.int("PORRAS_API_TOKEN_DAYS", default=90)
PORRAS_API_TOKEN_MAX_DAYS = env.int("PORRAS_API_TOKEN_MAX_DAYS", default=365)
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(days=PORRAS_API_TOKEN_DAYS),
    "TOKEN_PREFIX": "porras_",  # lets secret scanners recognise a leaked token
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Porras API",
    "DESCRIPTION": "Integrations with Porras: clients, intake, distribution, cases, income "
    "support applications and decisions, the access log.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the package (drf-spectacular-sidecar): no CDN in county networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LineKindEnum": "porras.benefits.models.LineKind",
        "PayeeKindEnum": "porras.benefits.models.PayeeKind",
    },
}

SESSION_COOKIE_AGE = env.int("PORRAS_SESSION_SECONDS", default=8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from Porras itself, never inline;
# styles may be inline (bpmn-js and Swagger UI style their drawings), nothing external.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("PORRAS_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("PORRAS_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("PORRAS_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("PORRAS_LOG_LEVEL", default="INFO")},
    # django-axes tells of every sign-in at INFO; its lockouts come at WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
