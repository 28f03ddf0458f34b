"""Settings shared by every environment. Environment-specific files import * from here.

Configuration that differs between machines comes from the environment:
DATABASE_URL (SQLite file in the repo when unset), SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL, ADMINS,
BEHIND_PROXY... (the README's "Production" section lists them all).
"""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin and the apps whose models it translates.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "core",
    "cio_site",
    "articles",
    "stats",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_http_compression",
]

MIDDLEWARE = [
    # First, so that static files (answered by WhiteNoise) get these headers too.
    "core.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages in zstd, Brotli or gzip, the best the client accepts (static files come
    # precompressed from WhiteNoise); outside the ETag, so that a compressed page keeps a (weak)
    # ETag and answers If-None-Match with 304. Django's GZipMiddleware, with more codings.
    "django_http_compression.middleware.HttpCompressionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions, authentication and the view: a cached page costs one cache lookup.
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cio_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cio_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        # A kept connection is checked before each request reuses it, so after the database
        # restarts the next request reconnects instead of failing on a dead socket.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # While the database is down, fail fast (the outage page) rather than hold a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several requests at once (an editor's autosave while another
    # publishes): WAL lets readers read during a write, IMMEDIATE takes the write lock at the start
    # of a transaction instead of failing to upgrade to it mid-way, and writers wait for each
    # other for up to 20 s instead of answering "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out username or address is refused before any password is hashed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Django's PBKDF2, hashed one at a time on the machine (core/security.py): password guessing
# queues behind itself instead of taking every core from readers.
PASSWORD_HASHERS = [
    "core.security.SerializedPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------------------
# Italian is the default: the bare "/" falls back to it, and it is the language every
# page must exist in. Both languages are prefixed in URLs (/it/..., /en/...).
LANGUAGE_CODE = "it"
LANGUAGES = [
    ("it", _("Italian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "it"
# The CLDR locale whose conventions each language's dates follow: the site writes British English
# ("28 November 2026", "organisation"), not Babel's default US English ("November 28, 2026").
DATE_LOCALES = {"it": "it_IT", "en": "en_GB"}
MODELTRANSLATION_LANGUAGES = ("it", "en")
# No field ever shows or takes another language's value: a page missing its English copy is not
# published in English (articles.models.TranslatablePage), and saving from an English admin never
# copies the Italian copy into the English fields (core.languages.TranslatedModelMixin).
MODELTRANSLATION_ENABLE_FALLBACKS = False
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True
# The editor shows both languages' fields until an editor hides one; the browser remembers the choice.
WAGTAILMODELTRANSLATION_LOCALE_PICKER_DEFAULT = tuple(code for code, _name in LANGUAGES)
WAGTAILMODELTRANSLATION_LOCALE_PICKER_RESTORE = True

# Wagtail's own page-per-locale i18n is off: one page holds both languages.
WAGTAIL_I18N_ENABLED = False

# --- Static and media ------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = PROJECT_DIR / "root"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Serve user uploads from Django itself: fine on a laptop; in production the proxy serves MEDIA_ROOT
# (docs/deploy/nginx.conf) or the files live in an S3-compatible bucket (below).
SERVE_MEDIA = False

# Media in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set (pip install ".[s3]"); the
# rest (AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN, credentials) django-storages
# reads from the environment itself.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGINS: list[str] = []
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_DEFAULT_ACL = None  # the bucket's own policy decides who reads
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_ORIGINS = [AWS_S3_ENDPOINT_URL.rstrip("/")]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]

# Uploads: images of these types only, up to MAX_IMAGE_UPLOAD_MB; no request body (documents
# included) above MAX_REQUEST_BODY_MB, refused before it is read (core.security).
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("MAX_IMAGE_UPLOAD_MB", 10) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
MAX_REQUEST_BODY_SIZE = env_int("MAX_REQUEST_BODY_MB", 20) * 1024 * 1024

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "CIO Observatory"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Readers' search (articles/search.py): each language's copy is stemmed with its own Snowball
# algorithm, which is also the name of PostgreSQL's built-in text search configuration for it.
SEARCH_STEMMERS = {"it": "italian", "en": "english"}
# Open Graph's og:locale per language (language_TERRITORY): British English, as the copy is written.
OPEN_GRAPH_LOCALES = {"it": "it_IT", "en": "en_GB"}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party requests from the admin (avatars from Gravatar leak who is editing).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# May `load_demo_content --create-admin` create a local account? Never in production.
DEMO_ADMIN_ALLOWED = False

# --- Caches and the page cache (core/page_cache.py; README "Performance and caching") ------------
# REDIS_URL (redis://host:6379/0): the cache every worker and every server shares, which is how the
# site scales out. Without it, a cache still shared by every worker, so that a purge reaches them
# all (a per-process local-memory cache could not): on PostgreSQL the database's cache table
# (created by core's migrations); on SQLite files in CACHE_DIR, since a cache write to SQLite would
# queue readers behind the editors' write lock.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cio"),
            "TIMEOUT": 300,
        }
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cio_cache",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR") or str(BASE_DIR / "var" / "cache"),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# How long a rendered page is kept for anonymous readers; 0 turns the page cache off (to measure
# the uncached site). Purges (publish, unpublish, move, delete, data changed) make entries stale
# at once, whatever this is.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Rendered infographics, keyed on the chart they draw and its language (stats/blocks.py).
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 3600)
# The query parameters pages read (canonical positive integers): the index's ?page=N, the sitemap's
# ?p=N; every other one is left out of the key.
PAGE_CACHE_QUERY_PARAMS = ("page", "p")
# Browsers revalidate pages every time (0): a cheap 304 thanks to the ETag, and no reader keeps an
# old copy after a publish.
BROWSER_CACHE_SECONDS = env_int("BROWSER_CACHE_SECONDS", 0)
# A caching proxy or CDN in front that Wagtail purges (FRONTEND_CACHE_PURGE_URL) may hold pages
# this long (s-maxage). Without a purger, keep it 0: nothing would tell the proxy a page changed.
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "").strip()
PROXY_CACHE_SECONDS = env_int("PROXY_CACHE_SECONDS", 86400 if FRONTEND_CACHE_PURGE_URL else 0)
if FRONTEND_CACHE_PURGE_URL:
    # Wagtail's HTTP purger: a PURGE request per URL to the proxy (docs/deploy/nginx-cache.conf).
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

# --- Security headers (core.security, core.middleware, Django's SecurityMiddleware) -------------
# Reader-facing pages: no inline script or style, nothing from elsewhere, never in a frame.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (and wagtail-modeltranslation) inject inline script and style, and the page
# editor frames its own previews: its own, looser policy, same origin only.
CSP_ADMIN_PATH_PREFIXES = ["/admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views answer SAMEORIGIN themselves
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Every powerful feature off; the site uses none of them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
PERMISSIONS_POLICY["fullscreen"] = ["self"]

# Is there a proxy in front (docs/deploy/nginx.conf) that sets X-Forwarded-Proto and X-Forwarded-For?
# Only then are those headers believed: without a proxy anyone could send them.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Admin sign-in: django-axes -------------------------------------------------------------------
# Five failures lock out the username, and separately the address, for AXES_COOLOFF_MINUTES;
# a success resets the count. Unlock at once with `manage.py axes_reset_username NAME` (README).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_LOCKOUT_CALLABLE = "cio_site.views.login_locked_out"
AXES_VERBOSE = False

# --- E-mail, admins -------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp://user:password@smtp.example.org:587/?tls=True (dj-email-url). Without it no
# e-mail can be sent: the admin hides its password-reset form instead of pretending, and any other
# message (moderation notices) is logged in one line, not sent.
EMAIL_URL = os.environ.get("EMAIL_URL", "").strip()
if EMAIL_URL:
    _email = dj_email_url.parse(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"] or None
else:
    EMAIL_BACKEND = "cio_site.mail.LoggedNotSentEmailBackend"
WAGTAIL_PASSWORD_RESET_ENABLED = bool(EMAIL_URL)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# ADMINS="Ada Lovelace <ada@example.org>, ops@example.org": told by e-mail of every server error.
ADMINS = [(name, address) for name, address in getaddresses([os.environ.get("ADMINS", "")]) if address]

# --- Logging: one line per event on stdout --------------------------------------------------------
# LOG_FORMAT=json (production's default) writes one JSON object a line; text is for people.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "one_line": {"()": "cio_site.logging.OneLineWarning"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {"()": "cio_site.logging.JSONFormatter"},
        "text": {"()": "cio_site.logging.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {
            "handlers": ["console", *(["mail_admins"] if ADMINS and EMAIL_URL else [])],
            "level": "WARNING",
            "propagate": False,
        },
        # A request for a host we do not serve is noise from scanners, not an error of ours.
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "filters": ["one_line"],
            "level": "WARNING",
            "propagate": False,
        },
        "cio_site": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
