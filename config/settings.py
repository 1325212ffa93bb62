"""Settings for the meeting-minutes archive, read from the environment.

Development (the default) needs nothing: SQLite under ``var/`` and a generated secret key.
Production (``MINUTES_ENV=production``) refuses to start without ``SECRET_KEY`` and
``ALLOWED_HOSTS`` and turns on every HTTPS and cookie protection ``check --deploy`` asks for.
"""

import ipaddress
import os
import re
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from config.private_files import PRIVATE_MODE, create_private

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MINUTES_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_count(name: str, default: int) -> int:
    """A positive whole number from the environment (a limit: 0 or less would mean nothing sane)."""
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name}={value!r}: give a whole number of at least 1.")
    return int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("MINUTES_ENV", "development").strip().lower()
PRODUCTION = ENVIRONMENT == "production"


# manage.py runserver, on any address: config/wsgi.py lets it run with DEBUG set explicitly.
DEVELOPMENT_SERVER = (
    len(sys.argv) > 1
    and os.path.basename(sys.argv[0]) in {"manage.py", "django-admin"}
    and sys.argv[1] == "runserver"
)


def runserver_on_loopback(args: list[str]) -> bool:
    """Whether runserver's arguments bind it to this machine alone (127.0.0.1, localhost, ::1)."""
    addrports = [arg for arg in args if not arg.startswith("-")]
    if not addrports or addrports[0].isdigit():  # runserver's default address: 127.0.0.1 (::1 with -6)
        return True
    host = re.sub(r":\d+$", "", addrports[0]).strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Off unless set, except for a developer's runserver on loopback: a server other people can reach
# (runserver on 0.0.0.0, gunicorn) must not show them tracebacks, settings and code. config/wsgi.py
# refuses to serve with DEBUG at all.
DEBUG = env_bool(
    "DEBUG", default=not PRODUCTION and DEVELOPMENT_SERVER and runserver_on_loopback(sys.argv[2:])
)


def _development_secret_key() -> str:
    # A stable random key per checkout, so sessions survive restarts without a key in the repo.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        create_private(key_file).write_text(secrets.token_urlsafe(64))
    elif key_file.stat().st_mode & 0o077:
        key_file.chmod(PRIVATE_MODE)  # written 0644 by older versions
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if PRODUCTION:
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "MINUTES_ENV=production needs SECRET_KEY: a random string of at least 50 characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
        )
elif not SECRET_KEY:
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "MINUTES_ENV=production needs ALLOWED_HOSTS, e.g. ALLOWED_HOSTS=minutes.example.edu"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "orgunits",
    "people",
    "minutes",
    "search",
    "benchmarks",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageOnlyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Lets the |script filter show stored text in Simplified for readers who asked for it.
    "minutes.context_processors.ScriptPreferenceMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "minutes.context_processors.script_preference",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'minutes.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the pages' queries run in milliseconds, but a few (counting the people and units
    # tied to visible meetings: one EXISTS per tie) are estimated above jit_above_cost, and
    # compiling them took 30 ms of a 35 ms query.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")


def statement_timeout(value: str) -> str:
    """``DATABASE_STATEMENT_TIMEOUT`` as PostgreSQL reads it: a number with ms, s or min (0: none)."""
    value = value.strip().replace(" ", "")
    if not re.fullmatch(r"\d+(ms|s|min)?", value):
        raise ImproperlyConfigured(
            f"DATABASE_STATEMENT_TIMEOUT={value!r}: give a number with ms, s or min, e.g. 5s (0 turns it off)."
        )
    return value


# A request's statements are cut off after this, so one costly query (a query string built to be
# slow, a plan gone wrong) cannot hold a worker and a connection. Management commands (migrate,
# backup_archive, restore_archive, the importer) run long statements by design and go without.
_MANAGEMENT_COMMAND = (
    len(sys.argv) > 1
    and (
        os.path.basename(sys.argv[0]) in {"manage.py", "django-admin"}
        or sys.argv[0].endswith(os.path.join("django", "__main__.py"))  # python -m django
    )
    and sys.argv[1] != "runserver"
)
STATEMENT_TIMEOUT = statement_timeout(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "5s"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not _MANAGEMENT_COMMAND:
    _options = DATABASES["default"]["OPTIONS"]
    _options["options"] = f"{_options.get('options', '')} -c statement_timeout={STATEMENT_TIMEOUT}".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; the timeout rides out short write locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes), failures within an hour: five for one user name at one address
# lock that pair; twenty from one address, whatever the names, lock the address (password
# spraying); ten for one user name, from any addresses, lock the name. Each lockout lasts an hour.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env_count("AXES_FAILURE_LIMIT", 5)
LOGIN_LOCKOUTS = [
    (["username", "ip_address"], AXES_FAILURE_LIMIT),
    (["ip_address"], env_count("AXES_ADDRESS_FAILURE_LIMIT", 20)),
    (["username"], env_count("AXES_USERNAME_FAILURE_LIMIT", 10)),
]
AXES_LOCKOUT_PARAMETERS = [parameters for parameters, _ in LOGIN_LOCKOUTS]
# Compares each kind's count with its own limit above (django-axes has one limit for all).
AXES_HANDLER = "config.login_throttle.LoginThrottleHandler"
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
# Behind trusted proxies (nginx: TRUSTED_PROXY_COUNT=1) every request comes from the proxy's address;
# the client's is then the N-th from the right in X-Forwarded-For (the left part is the client's to forge).
# (Not named AXES_PROXY_COUNT: django-axes warns about that old setting name.)
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))


def client_ip_behind_proxies(request, proxies: int | None = None) -> str | None:
    proxies = TRUSTED_PROXY_COUNT if proxies is None else proxies
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


if TRUSTED_PROXY_COUNT:
    AXES_CLIENT_IP_CALLABLE = client_ip_behind_proxies

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [
    ("zh-hant", "繁體中文"),
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# The Atom feed's <author> (Atom requires one); empty means the site's name in the reader's language.
MINUTES_FEED_AUTHOR = os.environ.get("MINUTES_FEED_AUTHOR", "").strip()

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Development servers without DEBUG (runserver on 0.0.0.0) still serve the static files as they are.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# A signed-in reader's session comes from the worker's cache (the database on a miss): one query
# less on every page they open.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# No inline scripts anywhere. Inline style attributes stay allowed: Django's admin widgets use them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# The read-only API (/api/v1/): sessions (the signed-in reader of the pages) or tokens
# (rest_framework.authtoken, created in the admin) sign in; the rest follows the pages' visibility.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/min").strip() or None
if API_ANON_RATE and not re.fullmatch(r"[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)", API_ANON_RATE):
    raise ImproperlyConfigured(f"API_ANON_RATE={API_ANON_RATE!r}: give requests per period, e.g. 120/min.")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request with a wrong token is answered 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.PageFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    # Per worker process (the default cache is local memory): a bound on one client's work, not
    # an exact quota.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    # lazy, so the schema (and the documentation page drawn from it) follows the reader's language
    "TITLE": gettext_lazy("後勤會議紀要檔案庫 API"),
    "DESCRIPTION": gettext_lazy("唯讀 JSON API：會議、人員、單位、工作要求與工作任務。可見範圍與網頁相同。"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files from the drf-spectacular-sidecar package (static files), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "minutes.models.Meeting.Kind",
        "SpeechKindEnum": "minutes.models.Speech.Kind",
        "UnitKindEnum": "orgunits.models.OrgUnit.Kind",
        "FollowUpStatusEnum": "minutes.models.FollowUp",
    },
}

# The importer refuses files above this size (bytes).
MINUTES_MAX_REPORT_BYTES = int(os.environ.get("MINUTES_MAX_REPORT_BYTES", str(10 * 1024 * 1024)))
# The seed reports `make run` imports on first start.
MINUTES_SEED_REPORTS = BASE_DIR / "fixtures" / "seed-reports.txt"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
