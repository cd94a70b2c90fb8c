"""Django settings for Enlace.

Everything that differs between deployments comes from environment variables
(read strictly by ``enlace.environment``); docs/configuration.md lists them.
The defaults give the embedded demo: SQLite, a local SMTP sink, no HTTPS.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from enlace.environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# A key prefixed "django-insecure" makes `check --deploy` complain, so a
# production deployment that forgets SECRET_KEY is told so.
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-enlace-development-key-do-not-use"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:" + env_str("PORT", "8000")).rstrip("/")
SITE_NAME = "Enlace"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "auditlog",
    "django_htmx",
    "bootstrap",
    "django_tasks_db",
    "crontask",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Enlace, platform first, then the domain.
    "access",
    "accounts",
    "audit",
    "mail",
    "processes",
    "directory",
    "pings",
    "communication_templates",
    "communications",
    "import_export",
    "api",
    "repository",
    "cbm",
    "exercises",
    "events",
    "calendars",
    "tutorial",
    "learning",
    "working_groups",
    "surveys",
    "demo",
    "monitoring",
    "backups",
]

MIDDLEWARE = [
    # First: answers the health probes and the metrics scrape before the HTTPS redirect and the host check, and
    # gives every other request its id (X-Request-ID) and its count in the metrics.
    "monitoring.middleware.OperationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what every middleware below and the views produce (static files are served
    # precompressed by WhiteNoise above, which answers before this runs). Its gzip header carries
    # random-length padding against BREACH, and CSRF tokens are masked afresh on every response.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "api.middleware.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before anything reads the signed-in user for a page: a session idle too long ends here.
    "accounts.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "audit.middleware.AuditMiddleware",
    "access.middleware.AccessMiddleware",
    "accounts.middleware.RequireMultiFactorMiddleware",
    "accounts.middleware.RememberLanguageMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "enlace.urls"
WSGI_APPLICATION = "enlace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "access.context_processors.principal",
                "enlace.dates.reader_time_zone",
                # Last: while a public page renders for the cache, it stands in for the CSRF token and CSP nonce.
                "enlace.page_cache.markers",
            ],
            "libraries": {
                "dates": "enlace.dates",
                "error_summary": "enlace.error_summary",
                "features": "enlace.features",
                "page_title": "enlace.page_title",
            },
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'enlace.sqlite3'}")
# Each web thread keeps its connection between requests (opening one costs more than most
# pages' queries); the health check replaces a connection the server closed meanwhile.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 600), conn_health_checks=True
    )
}
# The password may also come on its own (DATABASE_PASSWORD, or a secrets file as DATABASE_PASSWORD_FILE), so
# that a container's address needs no secret in it.
if env_str("DATABASE_PASSWORD"):
    DATABASES["default"]["PASSWORD"] = env_str("DATABASE_PASSWORD")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, scheduler) share the file: WAL lets readers
    # run beside a writer and IMMEDIATE transactions avoid upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg prepares a statement once it has run this many times: never, but where asked (a threshold of
    # None would refuse even those).
    NEVER_BY_COUNT = 2**31
    # JIT compilation pays off for long analytical queries, not for pages: a search whose plan merely looks
    # expensive (a permission subquery that is never run) spent 150 ms compiling it for a 0.1 ms execution.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Values travel apart from the SQL (server-side binding: no quoting of each value in Python), and the
    # hand-written statements every hot request runs are prepared once per connection
    # (``enlace.prepared_statements``); no other statement is (a search is planned for its own values). Off
    # behind a connection pooler that cannot keep prepared statements.
    if env_bool("DB_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": NEVER_BY_COUNT})
else:
    raise ImproperlyConfigured("DATABASE_URL must name a sqlite:// or postgres:// database.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits and lockouts must be shared across processes in production)
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # A prefix of its own lets another installation (or a test run) share the Redis database.
    CACHES = {
        "default": {
            "BACKEND": "enlace.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments that are the same for every visitor ({% cache %}: the confirmation page's blank form,
# the language menu) stay in each process's memory: asking Redis would cost about what rendering them does,
# and a deployment restarts the processes, so no fragment outlives the templates it was rendered from.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
}
# Sessions are written to the database and, with Redis, also kept in it: every signed-in request reads its
# session, and reading it from Redis spares a query and the decoding of the stored row. Only with a cache
# every process shares: a process's own memory would keep a session another process has ended.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
# Signed-out visitors' public pages stay cached until what they show changes, or this long at most
# (writes that send no signals, such as bulk imports, are caught up with by then).
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 600)
# How long a page of the API's directory lists is kept for the caller that read it (rest_api.list_cache); 0: never.
API_LIST_CACHE_SECONDS = env_int("API_LIST_CACHE_SECONDS", 300)

# --- Background work ----------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
CRONTASK = {"REDIS_URL": REDIS_URL or None}

# --- E-mail -------------------------------------------------------------------
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "127.0.0.1"),
            "port": env_int("EMAIL_PORT", 1025),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Enlace <noreply@enlace.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How many times the worker tries to deliver one message before giving up.
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 6)
# SMTP connections a worker keeps open at once while delivering a batch (see mail.smtp_connections).
EMAIL_CONNECTIONS = env_int("EMAIL_CONNECTIONS", 4)
DEMO_KEYS_DIR = Path(env_str("DEMO_KEYS_DIR", str(BASE_DIR / "var" / "demo-keys")))
DEMO_MAILBOX_DIR = Path(env_str("DEMO_MAILBOX_DIR", str(BASE_DIR / "var" / "demo-mailbox")))

# --- Accounts, sign-in, MFA, lockout -------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.VerifiedAddressBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# An address becomes a user's sign-in address only once the link sent to it is followed: a new one
# waits beside the current one until then (accounts.receivers gives every account a verified address).
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A password reset asked for an address with no account mails nothing: there is no sign-up to offer,
# and Enlace must not send mail to any address a stranger types.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_SESSION_REMEMBER = False
# Failed sign-ins are slowed down by allauth's rate limit, then locked out by axes.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_FORMS = {"login": "accounts.forms.SignInForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_FORMS = {
    "authenticate": "accounts.forms.SecondFactorForm",
    "reauthenticate": "accounts.forms.ConfirmSecondFactorForm",
}
MFA_TOTP_ISSUER = "Enlace"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_credentials"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# A session ends after this many minutes without a request (each request renews it), and in any case this many
# hours after signing in; the person is asked to sign in again and comes back to the page they were on.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 8)
# The most sensitive actions (access.recent_sign_in; allauth's own for second factors) ask for the password again
# when the person signed in, or last confirmed it, more than this many minutes ago.
REAUTHENTICATION_MINUTES = env_int("REAUTHENTICATION_MINUTES", 10)
ACCOUNT_REAUTHENTICATION_TIMEOUT = REAUTHENTICATION_MINUTES * 60
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# GnuPG reads (and later encrypts to) contacts' OpenPGP keys.
GPG_BINARY = env_str("GPG_BINARY", "gpg")

# --- Reporting security problems (/.well-known/security.txt, RFC 9116) ---------------------------
# Where to report: URIs (mailto:, https:); a bare e-mail address is taken as mailto:. Set it for a deployment.
SECURITY_CONTACTS = [
    contact if ":" in contact else f"mailto:{contact}"
    for contact in env_list("SECURITY_CONTACT", ["mailto:security@enlace.example.org"])
]
# The file's Expires is kept this many days ahead; RFC 9116 asks for less than a year.
SECURITY_TXT_EXPIRES_DAYS = env_int("SECURITY_TXT_EXPIRES_DAYS", 180)
if not 1 <= SECURITY_TXT_EXPIRES_DAYS <= 364:
    raise ImproperlyConfigured("SECURITY_TXT_EXPIRES_DAYS must be from 1 to 364 (RFC 9116: less than a year).")
SECURITY_TXT_LANGUAGES = env_list("SECURITY_TXT_LANGUAGES", ["en"])
SECURITY_POLICY_URL = env_str("SECURITY_POLICY_URL")

# --- Security headers ---------------------------------------------------------
HTTPS = env_bool("HTTPS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Languages and time -------------------------------------------------------
LANGUAGE_CODE = "en"
# The six official UN languages and Portuguese (an OAS official language); every catalogue is complete
# (enlace/tests/test_translations.py).
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files -------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production sets STATIC_MANIFEST=true and runs `collectstatic` for hashed,
# long-cached names; the demo and the tests serve files straight from the apps.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))) if STATIC_MANIFEST else None
# Uploaded files: the file system under MEDIA_ROOT, or (MEDIA_STORAGE=s3) a bucket every machine shares. Either
# way they are read only through the views that check who may see them: the bucket stays private, and a
# file's address in it is never given out (no public or signed URLs).
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    _s3_options = {
        "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
        "location": env_str("AWS_LOCATION"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if not _s3_options["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
elif MEDIA_STORAGE == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Policy documents uploaded to the repository: larger files are refused (megabytes).
REPOSITORY_MAX_UPLOAD_MB = env_int("REPOSITORY_MAX_UPLOAD_MB", 20)
# Office documents (zip archives) are judged by their central directory before they are accepted:
# parts, total size once inflated (megabytes), and inflated size over compressed size.
REPOSITORY_MAX_ZIP_PARTS = env_int("REPOSITORY_MAX_ZIP_PARTS", 10_000)
REPOSITORY_MAX_UNCOMPRESSED_MB = env_int("REPOSITORY_MAX_UNCOMPRESSED_MB", 300)
REPOSITORY_MAX_COMPRESSION_RATIO = env_int("REPOSITORY_MAX_COMPRESSION_RATIO", 200)
# Files given as evidence in a survey's answers: larger files are refused (megabytes). The repository's limit
# above bounds it too, since the same content checks read the file.
SURVEYS_EVIDENCE_MAX_UPLOAD_MB = env_int("SURVEYS_EVIDENCE_MAX_UPLOAD_MB", 20)

# --- Health and metrics (monitoring/) -----------------------------------------
# /health/ready fails once the worker's or the scheduler's last heartbeat is older than this (seconds); they
# write one every 30 seconds.
HEALTH_HEARTBEAT_MAX_AGE = env_int("HEALTH_HEARTBEAT_MAX_AGE", 300)
# The bearer token Prometheus sends to /metrics; without one, /metrics answers 404.
METRICS_TOKEN = env_str("METRICS_TOKEN")

# --- Logging ------------------------------------------------------------------
# ``json``: one JSON object a line (time, level, logger, message, request_id), for a log collector; ``text``:
# lines for a person reading a terminal. Both carry the request id and have secrets taken out.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "monitoring.logs.AddRequestId"},
        "redact": {"()": "monitoring.logs.RedactSecrets"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "monitoring.logs.JsonLines"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id", "redact"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "mail.log": {"level": "WARNING"},  # aiosmtpd (the demo mailbox) logs every SMTP command
    },
}

FORM_RENDERER = "enlace.form_rendering.EnlaceFormRenderer"


# --- REST API (api/) -----------------------------------------------------------
API_PREFIX = "/api/"
# How often a token's "last used" time is written (not on every request).
API_TOKEN_USE_RESOLUTION = timedelta(minutes=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.WithinTokenScope"],
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.FilterBackend",
        "api.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env_str("API_RATE_LIMIT", "600/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Enlace API",
    "DESCRIPTION": "Directories of points of contact, their nominations, ping tests and communications, "
    "as the caller may see them. Authenticate with a personal API token (Authorization: Bearer enl_...).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_error_responses",
    ],
}
