"""Django settings for the study site.

Every value that differs between a laptop and a server comes from the environment; the
defaults are safe for local use (see README, "Configuration", for each variable).
Reference: https://docs.djangoproject.com/en/5.2/ref/settings/
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state (SQLite database, caches, collected static files) lives under var/,
# which git ignores.
VAR_DIR = Path(os.environ.get("STUDYSITE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
# A machine with neither DJANGO_DEBUG nor DJANGO_SECRET_KEY set is a developer's checkout
# (`python manage.py check` must work there), so it runs in local development mode,
# answering only localhost. Setting the secret key, as every deployment must, turns debug
# off unless DJANGO_DEBUG=1; DJANGO_DEBUG=0 without a key refuses to start.
DEBUG = env_bool("DJANGO_DEBUG", not os.environ.get("DJANGO_SECRET_KEY", "").strip())

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
# https://docs.djangoproject.com/en/5.2/ref/settings/#csrf-trusted-origins
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # WhiteNoise serves static files in `runserver` too, exactly as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_htmx",
    # Failed-login tracking and lockout (configured under "Accounts" below).
    "axes",
    # Configured by hand below (loaders and the {% partialdef %} builtin).
    "template_partials.apps.SimpleAppConfig",
    "studysite.chapters",
    "studysite.widgets",
    "studysite.quiz",
    "studysite.progress",
    "studysite.accounts",
    # The read-only static export (`manage.py export_site`; imports the other apps, never
    # the reverse).
    "studysite.export",
    # Teams, the trainer dashboard and assignments (imports quiz and progress, never the reverse).
    "studysite.teams",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # https://whitenoise.readthedocs.io/en/stable/django.html
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's middleware, with the same header built once rather than per response
    # (studysite/csp_header.py; a quarter of a kept page's time in Django, issue 14).
    "studysite.csp_header.CachedCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the view into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "studysite.urls"
WSGI_APPLICATION = "studysite.wsgi.application"

# --- Templates --------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/templates/
# https://github.com/carltongibson/django-template-partials: its loader serves
# "name.html#partial"; `{% partialdef %}` is a builtin, so no template needs `{% load %}`.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "studysite.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# DATABASE_URL, e.g. postgres://user:password@host:5432/studysite; default: SQLite in var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for concurrent web use (https://docs.djangoproject.com/en/5.2/ref/databases/
    # #sqlite-transaction-behavior, https://sqlite.org/wal.html): readers never block the
    # writer (WAL); a writer waits up to 20 s for another instead of failing at once
    # ("database is locked"); and every transaction.atomic() takes the write lock when it
    # begins (IMMEDIATE), so a transaction that reads and then writes can never fail on
    # upgrading its lock. synchronous=NORMAL is WAL's recommended setting: a power cut can
    # lose the last commits but never corrupts the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
# Under ASGI (uvicorn, for live sessions; studysite/asgi.py sets DJANGO_DB_POOL=1) every
# request runs in a thread of its own, so persistent per-thread connections would pile up
# (PostgreSQL's "too many clients"): a psycopg pool per process shares a bounded set.
# https://docs.djangoproject.com/en/5.2/ref/databases/#connection-pool
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DJANGO_DB_POOL", False
):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # With a pool, Django hands CONN_HEALTH_CHECKS to psycopg's pool as
    # check=ConnectionPool.check_connection (and skips its own per-request check): each
    # connection is checked as it is handed out (an empty query, one loopback round trip)
    # and replaced if broken. After a PostgreSQL restart or failover, or a connection
    # killed by an idle timeout, every idle connection in the pool is dead; unchecked, the
    # next request on each would fail (tests/test_db_pool.py). Django 5.2 refuses "check"
    # among the pool options below ("multiple values for keyword argument"; Django ticket
    # #37075), so this setting is the way to turn it on.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#connection-pool
    # https://www.psycopg.org/psycopg3/docs/advanced/pool.html#connection-quality
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": int(os.environ.get("DJANGO_DB_POOL_SIZE", "20")),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches -----------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/cache/
# Rendered chapters have their own alias so they can be cleared alone
# (`python manage.py clear_chapter_cache`). Entries are keyed by the sha256 of the note
# and the renderer version, so a stale entry is never served, only left unused.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "chapters": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get(
            "STUDYSITE_CHAPTER_CACHE_DIR", str(VAR_DIR / "cache" / "chapters")
        ),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# --- Notes ------------------------------------------------------------------------
# Where the chapters (*.md) live; see README, "Adding notes".
NOTES_DIR = Path(os.environ.get("STUDYSITE_NOTES_DIR", BASE_DIR / "notes"))

# --- Passwords, language, time ----------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/static-files/ and
# https://whitenoise.readthedocs.io/en/stable/django.html
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed (gzip + Brotli) files in production, stylesheets without
        # their comments (studysite/static_storage.py); plain files while developing and
        # testing so that no collectstatic run is needed.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("STUDYSITE_PLAIN_STATIC", False)
            else "studysite.static_storage.CompressedManifestStorage"
        ),
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Without collectstatic (development, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or env_bool("STUDYSITE_PLAIN_STATIC", False)

# --- Security ---------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A refused post (no or stale CSRF token) gets a site page saying nothing was changed.
CSRF_FAILURE_VIEW = "studysite.accounts.views.csrf_failure"
# Behind a TLS-terminating proxy, set DJANGO_SECURE_PROXY_SSL_HEADER=1 so Django trusts
# X-Forwarded-Proto (only if the proxy always sets or strips that header).
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
# Bodies bigger than this are refused before a view reads them (the widget API
# answers 413 itself for anything over 64 KiB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# https://django-csp.readthedocs.io/en/latest/configuration.html
# No inline script or style anywhere: htmx is configured through a <meta> tag and keeps
# its indicator styles in our stylesheet; theme and copy buttons live in static JS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    },
}

# --- Accounts ---------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/auth/default/
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# django-axes checks every login against its lockout records first; ModelBackend then
# checks the password. https://django-axes.readthedocs.io/en/latest/2_installation.html
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# N failures for one username from one client IP lock that pair out for the cool-off;
# other people (other IPs) can still sign in to the same account, and a successful
# password reset lifts the lockout.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries while locked out neither count nor extend the cool-off, so "try again in N
# minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "studysite.accounts.lockout.lockout_response"
AXES_VERBOSE = False  # no "AXES: BEGIN ..." banner on every manage.py command
AXES_DISABLE_ACCESS_LOG = True  # keep only failed attempts, not every sign-in's IP
# Behind proxies, the client IP is taken from a header the proxies set, counting
# DJANGO_TRUSTED_PROXY_COUNT addresses from the right (see studysite/accounts/client_ip.py);
# with 0 (the default) only the connection's address (REMOTE_ADDR) is used.
AXES_CLIENT_IP_CALLABLE = "studysite.accounts.client_ip.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "X-Forwarded-For")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # seconds a reset link stays valid
# Abuse limits (studysite/accounts/ratelimit.py): scope -> (how many, per seconds), counted
# in the database so that every worker and app server shares them. Password-reset mail
# per address and per client IP; accounts created per client IP and per email address.
_RESETS = int(os.environ.get("DJANGO_PASSWORD_RESET_LIMIT", "3"))
_SIGNUPS = int(os.environ.get("DJANGO_SIGNUP_LIMIT", "5"))
RATE_LIMITS = {
    "password-reset-address": (_RESETS, 3600),
    "password-reset-client": (_RESETS * 4, 3600),
    "signup-client": (_SIGNUPS, 3600),
    "signup-address": (_SIGNUPS, 3600),
    # Live-session joins (and wrong codes) per client IP: a classroom behind one NAT
    # address joins together, so this is generous.
    "live-join-client": (int(os.environ.get("DJANGO_LIVE_JOIN_LIMIT", "600")), 3600),
}
# Live sessions' event streams: a comment line this often keeps proxies from closing an
# idle stream; a stream ends after LIVE_STREAM_SECONDS and the browser reconnects.
LIVE_HEARTBEAT_SECONDS = float(os.environ.get("STUDYSITE_LIVE_HEARTBEAT_SECONDS", "15"))
LIVE_STREAM_SECONDS = float(os.environ.get("STUDYSITE_LIVE_STREAM_SECONDS", "1800"))

# --- Email ------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/email/
# Password-reset mail goes to standard error in development or when no SMTP host is set,
# and through the SMTP server named by the environment in production.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging ----------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/logging/
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
