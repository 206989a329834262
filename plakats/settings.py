"""Django settings for Plakats.

Every value an operator may change comes from the environment. A bad value
raises ImproperlyConfigured at start-up, so a misconfigured server fails
loudly instead of half-working.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLAKATS_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def dev_secret_key() -> str:
    """Return the development key kept in var/, making it on first use."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = os.environ.get("SECRET_KEY") or dev_secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    # django-ninja's templates and static files: the API docs page without a CDN.
    "ninja",
    "plakats.core",
    "plakats.accounts",
    "plakats.geo",
    "plakats.venues",
    "plakats.materials",
    "plakats.distribution",
    "plakats.imports",
    "plakats.outreach",
    "plakats.reports",
    "plakats.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "plakats.core.datacache.FigureVersionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "plakats.core.middleware.RoleRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plakats.urls"
WSGI_APPLICATION = "plakats.wsgi.application"

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
                "plakats.core.context_processors.role",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'plakats.sqlite3'}"
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", "0"))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so a
        # read-check-write (stock on hand) cannot interleave with another writer.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: concurrency tests need real locking between connections.
    _db["TEST"] = {"NAME": str(VAR_DIR / f"test_{os.getpid()}.sqlite3")}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation pays off for long analytical queries; the app's are short, and
    # on the benchmark JIT added 30–900 ms to some of them when the machine was busy.
    _db.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    _db["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_plakats")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username and address before any
# password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
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
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(12 * 3600))

LANGUAGE_CODE = "lv"
# The staff UI's languages: LocaleMiddleware picks only these (from the cookie or
# the browser), so a staff page never renders in a language without a full catalogue.
LANGUAGES = [("lv", _("Latvian")), ("en", _("English"))]
# The venue-facing pages (confirmation links, cover letters) also speak Russian,
# which many venues' contacts prefer; those pages choose their language themselves.
VENUE_LANGUAGES = [("lv", "Latviešu"), ("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Riga")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["plakats.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded files (artwork, photos) live outside the static root and are served
# only through views that check login.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "plakats@localhost")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions end after SESSION_COOKIE_AGE, not when the browser closes: field
# staff on phones would otherwise log in again at every visit.
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", "false")
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "true")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# PLAKATS_HTTPS=true (production behind TLS) redirects http to https and sends
# HSTS; off by default so a plain-http test or demo server still works.
PLAKATS_HTTPS = envbool("PLAKATS_HTTPS", "false")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(PLAKATS_HTTPS))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if PLAKATS_HTTPS else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
# The preload flag only matters once someone submits the domain to hstspreload.org.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(PLAKATS_HTTPS))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def tile_origin(url: str) -> str | None:
    """Return the origin the map loads tiles from ("{s}" subdomains become "*")."""
    if not url:
        return None
    parts = urlsplit(url.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"PLAKATS_MAP_TILE_URL must be an http(s) URL, got {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


# Map tiles: an XYZ tile server ({z}/{x}/{y}); empty = no background tiles (the
# map still draws municipality outlines from the shipped GeoJSON, and markers).
PLAKATS_MAP_TILE_URL = os.environ.get(
    "PLAKATS_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
).strip()
PLAKATS_MAP_TILE_ATTRIBUTION = os.environ.get(
    "PLAKATS_MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
PLAKATS_MAP_TILE_ORIGIN = tile_origin(PLAKATS_MAP_TILE_URL)

# Content-Security-Policy: only this site's own files; no inline script or
# style (htmx's indicator style is switched off by a meta tag in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"] + ([PLAKATS_MAP_TILE_ORIGIN] if PLAKATS_MAP_TILE_ORIGIN else []),
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for
# one username from one address, that pair is refused for the cool-off time,
# even with the right password.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"

# Background work (web checks, reminders, large imports): Django tasks with a
# database backend, so no broker is needed; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# A database cache: shared by every app server, so rate limits hold across workers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "plakats_cache",
    }
}

# Domain settings.
PLAKATS_PAGE_SIZE = envint("PLAKATS_PAGE_SIZE", "50")
PLAKATS_ORGANISATION = os.environ.get("PLAKATS_ORGANISATION", "Plakats demo NGO")
PLAKATS_CONTACT = os.environ.get("PLAKATS_CONTACT", "info@example.org")
# Public links for venues (QR codes, e-mails) are made from this address.
PLAKATS_BASE_URL = os.environ.get("PLAKATS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a venue may correct its answer through the same link.
PLAKATS_CONFIRMATION_CORRECTION_DAYS = envint("PLAKATS_CONFIRMATION_CORRECTION_DAYS", "14")
# Follow-up: placements sent this many days ago without an answer are listed.
PLAKATS_FOLLOWUP_AFTER_DAYS = envint("PLAKATS_FOLLOWUP_AFTER_DAYS", "21")
PLAKATS_PHOTO_MAX_BYTES = envint("PLAKATS_PHOTO_MAX_BYTES", str(8 * 1024 * 1024))
# A confirmation link stops working this many days after its campaign ends.
PLAKATS_CONFIRMATION_LINK_DAYS_AFTER_CAMPAIGN = envint(
    "PLAKATS_CONFIRMATION_LINK_DAYS_AFTER_CAMPAIGN", "365"
)
# Wrong confirmation tokens allowed per client address (django-ratelimit rate).
PLAKATS_CONFIRMATION_MISS_RATE = os.environ.get("PLAKATS_CONFIRMATION_MISS_RATE", "20/10m")
# Behind a reverse proxy, the header that carries the client's address, e.g.
# HTTP_X_FORWARDED_FOR; otherwise every venue would share the proxy's limit.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
PLAKATS_IMPORT_MAX_BYTES = envint("PLAKATS_IMPORT_MAX_BYTES", str(20 * 1024 * 1024))
# Spreadsheets are zip files: refuse one that would unpack to more than this (zip bombs).
PLAKATS_IMPORT_MAX_UNZIPPED_BYTES = envint(
    "PLAKATS_IMPORT_MAX_UNZIPPED_BYTES", str(200 * 1024 * 1024)
)
PLAKATS_IMPORT_MAX_ROWS = envint("PLAKATS_IMPORT_MAX_ROWS", "200000")
# Evidence older than this many days no longer proves a placement is on display:
# reports count "displayed" only with fresher evidence, and older placements
# without it are flagged "unverified".
PLAKATS_EVIDENCE_MAX_AGE_DAYS = envint("PLAKATS_EVIDENCE_MAX_AGE_DAYS", "365")
# Report figures stay cached until their data changes (plakats.core.datacache); 0 = off.
PLAKATS_FIGURE_CACHE_SECONDS = envint("PLAKATS_FIGURE_CACHE_SECONDS", str(24 * 3600))
# Web placement checks (plakats.outreach.webchecks): how often each page is
# fetched, how long one fetch may take and how much of it is read, and after how
# many failed checks in a row the placement counts as removed. Private, loopback
# and link-local addresses are refused (SSRF) unless ALLOW_PRIVATE (tests only).
PLAKATS_WEB_CHECK_EVERY_HOURS = envint("PLAKATS_WEB_CHECK_EVERY_HOURS", "24")
PLAKATS_WEB_CHECK_TIMEOUT = envint("PLAKATS_WEB_CHECK_TIMEOUT", "10")  # seconds
PLAKATS_WEB_CHECK_MAX_BYTES = envint("PLAKATS_WEB_CHECK_MAX_BYTES", str(2 * 1024 * 1024))
PLAKATS_WEB_CHECK_FAILURES_BEFORE_REMOVED = envint("PLAKATS_WEB_CHECK_FAILURES_BEFORE_REMOVED", "3")
PLAKATS_WEB_CHECK_ALLOW_PRIVATE = envbool("PLAKATS_WEB_CHECK_ALLOW_PRIVATE", "false")
# Editions whose valid-until date is this many days away (or past) show on the dashboard.
PLAKATS_EXPIRY_WARNING_DAYS = envint("PLAKATS_EXPIRY_WARNING_DAYS", "60")
# The dashboard warns when an edition's stock on hand (all locations) falls below this.
PLAKATS_STOCK_WARNING = envint("PLAKATS_STOCK_WARNING", "50")
# The organisation's own hotline numbers (comma-separated): the personal-data guard of
# the hotline log and event notes lets them through in any formatting. The default is
# the fictional demo hotline (plakats/core/demo/names.py OLD_HOTLINE, NEW_HOTLINE).
PLAKATS_OWN_PHONE_NUMBERS = envlist("PLAKATS_OWN_PHONE_NUMBERS", "+371 20000000,+371 20001111")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
