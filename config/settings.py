"""Settings for the portal: one module, configured through environment variables.

Defaults are safe for development (SQLite under var/, local-memory cache, console
e-mail). Production sets DEBUG=0 plus the variables listed in the README, and must
pass `manage.py check --deploy` without warnings.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_config(url):
    """Turn DATABASE_URL into Django's DATABASES entry.

    SQLite gets WAL, IMMEDIATE transactions and a busy timeout: without them the
    threaded development server answers "database is locked" under concurrent writes.
    PostgreSQL keeps connections open between requests and checks them first.
    """
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        # While the database is down or restarting, fail fast (friendly 503) instead of hanging.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    return config


# Pages of free text (search queries) in every process's own memory, a fixed number of them,
# under the shared generation: distinct queries can never push other pages out of the cache.
BOUNDED_PAGE_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-bounded",
    "OPTIONS": {"MAX_ENTRIES": 500},
}


def cache_config(redis_url):
    """Redis when REDIS_URL is set (shared by app servers), else local memory per process.

    Local memory is correct with several processes because every value in it is kept under
    the content generation that all processes share (portal/generation.py)."""
    if redis_url:
        return {
            "default": {
                # Django's Redis cache, but Redis down is an empty cache, not a 500.
                "BACKEND": "portal.cache.FailSoftRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
                "TIMEOUT": 60 * 60,
                # An unreachable or hung Redis costs a page at most this long.
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
            },
            "pagecache-bounded": BOUNDED_PAGE_CACHE,
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "TIMEOUT": 60 * 60,
            # Room for the page cache's entries (compressed pages of ~5-15 KB).
            "OPTIONS": {"MAX_ENTRIES": 3000},
        },
        "pagecache-bounded": BOUNDED_PAGE_CACHE,
    }


DEBUG = env_bool("DEBUG", False)
# pytest (>= 8.2) sets PYTEST_VERSION: tests run over plain HTTP and need no secret.
TESTING = bool(os.environ.get("PYTEST_VERSION"))

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
# The site's own domain, used by sitemaps and feeds (django.contrib.sites, which the
# redirects app needs). Each `migrate` writes it into the one Site record.
SITE_ID = 1
SITE_DOMAIN = env_str(
    "SITE_DOMAIN",
    "127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS else ALLOWED_HOSTS[0].lstrip("."),
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal.apps.PortalConfig",
    "editorial.apps.EditorialConfig",
    "accounts.apps.AccountsConfig",
    "articles.apps.ArticlesConfig",
    "association.apps.AssociationConfig",
    "submissions.apps.SubmissionsConfig",
    "search.apps.SearchConfig",
    "health.apps.HealthConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.humanize",
    "taggit",
    "django_prose_editor",
    "import_export",
    "captcha",
    "csp",
    "accounts.apps.AxesConfig",  # django-axes, with a Chinese name
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuses oversized bodies and NUL / invalid UTF-8 query strings before anything reads them.
    "portal.middleware.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compressed HTML without the front server; cached pages come compressed already.
    "portal.pagecache.TextGZipMiddleware",
    # Before sessions: a cached page costs no session, no view and no query.
    "portal.pagecache.PageCacheMiddleware",
    # Inside the page cache: a cached page keeps the policy it was rendered with (public
    # pages use no nonce), instead of django-csp building the header twice per hit.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.user.is_verified(): did this session pass the second factor (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    # Staff sessions: idle and absolute time limits, the second factor before anything
    # else, a forced password change when the password has expired (accounts/).
    "accounts.middleware.StaffAccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old addresses that editors map in the admin (Redirects): a 404 looks up its path
    # once (unique index on site and old path) and answers 301 when it is mapped.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # Last, as django-axes requires: answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is checked.
    "portal.auth.LoginGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
ADMIN_URL = env_str("ADMIN_URL", "admin/")
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # The project's templates lose their indentation when loaded (once per process:
            # portal/template_loaders.py); the apps' (admin, …) are read as they are.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "portal.template_loaders.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site_chrome",
            ],
        },
    },
]

if not env_str("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default database lives in the git-ignored var/
DATABASES = {
    "default": database_config(env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"))
}
# An optional read replica (PostgreSQL streaming replication): anonymous readers' pages
# read from it, staff and all writes use the primary (config/db_router.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **database_config(env_str("DATABASE_REPLICA_URL")),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("portal.pagecache.PageCacheMiddleware") + 1,
        "config.db_router.ReplicaRoutingMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES = cache_config(REDIS_URL)

# Staff passwords (等保 level 3): at least 12 characters of at least 3 of the 4 kinds
# (lower case, upper case, digits, symbols), not like the user's name, not common. The last
# entry validates nothing: it notes when a password changed, for PASSWORD_MAX_AGE_DAYS.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.passwords.PasswordAgeRecorder"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese"))]
# One language: no LocaleMiddleware, so no `Vary: Accept-Language` that would split every
# shared cache by browser language. Add it back (after sessions) with a second language.
if len(LANGUAGES) > 1:
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
                      "django.middleware.locale.LocaleMiddleware")  # fmt: skip
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Hosts whose video players editors may embed in rich text (portal.sanitize allows exactly
# these iframe sources, over HTTPS): Tencent Video, the WeChat channels player, bilibili.
VIDEO_EMBED_HOSTS = env_list(
    "VIDEO_EMBED_HOSTS", "v.qq.com,channels.weixin.qq.com,player.bilibili.com"
)
# Files the public sends (manuscripts) live outside MEDIA_ROOT and are never served
# by the web server; only a permission-checked view streams them to staff.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))


def media_storage_config(bucket):
    """Public uploads on the local disk, or on S3-compatible object storage when a bucket is
    named (needed with several app servers; `pip install '.[s3]'` brings django-storages)."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,
            # Public files under random names: plain URLs, never overwrite, no ACL games.
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }


STORAGES = {
    "default": media_storage_config(env_str("MEDIA_S3_BUCKET")),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: keep large files on disk rather than in memory, refuse absurd request bodies.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
FILE_UPLOAD_PERMISSIONS = 0o640
# Whole request bodies, refused from Content-Length before they are read
# (portal.middleware). Public forms: 5 attachments of at most 50 MB together, plus the
# form; the admin: a magazine PDF of at most 80 MB. The front server's body limit must
# be at least the larger one (see the README).
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 55 * 1024 * 1024)
MAX_ADMIN_REQUEST_BODY_BYTES = env_int("MAX_ADMIN_REQUEST_BODY_BYTES", 100 * 1024 * 1024)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where notifications for editors go (new manuscripts, new messages).
EDITORS_EMAIL = env_str("EDITORS_EMAIL", "editors@localhost")

# How many reverse proxies append to X-Forwarded-For in front of the app (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not (DEBUG or TESTING)
CSRF_COOKIE_SECURE = not (DEBUG or TESTING)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# /healthz is polled by the load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-axes logs every login at INFO; lockouts come at WARNING.
        "axes": {"level": "WARNING"},
    },
}

# Apps whose models lose C0 control characters on every save (portal.text): everything
# editors and the public type, tags included.
TEXT_CLEANED_APPS = [
    "portal", "articles", "association", "submissions", "search", "health", "taggit",
]  # fmt: skip

# Exports open in spreadsheets: the formats of portal.spreadsheets neutralise cells that
# would run as formulas (django-import-export calls their escape only with this on).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
# Without these django-import-export lets any staff user import and export every model
# it is enabled on (model admins may ask for more, as ZoneAdmin does).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Load tests only (`make soak`): the captcha accepts "PASSED". Refused at start-up unless
# every allowed host is a loopback name, which no public site can be.
CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE", False)


def check_captcha_test_mode(enabled, hosts):
    loopback = {"127.0.0.1", "localhost", "[::1]", "::1"}
    if enabled and (not hosts or any(host not in loopback for host in hosts)):
        raise ImproperlyConfigured(
            "CAPTCHA_TEST_MODE is for load tests on loopback only: ALLOWED_HOSTS must hold "
            "nothing but 127.0.0.1, localhost or [::1]."
        )


check_captcha_test_mode(CAPTCHA_TEST_MODE, ALLOWED_HOSTS)

# Readers' forms (submissions): per-address limits, captcha, moderation.
SUBMISSIONS_RATE_LIMIT = 10  # manuscript and message posts per address and period
SUBMISSIONS_RATE_PERIOD = 60 * 60  # seconds
SUBMISSIONS_CAPTCHA_AFTER = 2  # posts in the period after which the captcha is asked
SUBMISSIONS_LOOKUP_LIMIT = 10  # status and 留言码 lookups per address and period
SUBMISSIONS_LOOKUP_PERIOD = 10 * 60  # seconds
SUBMISSIONS_REPLY_DUE_DAYS = 5  # an unanswered message older than this is overdue
SUBMISSIONS_DEFAULT_CHANNEL = ""  # slug for drafts without a preferred channel; "": the first

# The manuscript form is long: give a reader half an hour to answer the captcha.
CAPTCHA_TIMEOUT = 30
CAPTCHA_MATH_CHALLENGE_OPERATOR = "×"

# How long the site chrome (settings, navigation, link groups) stays cached; saves in
# the admin invalidate it at once, so this only bounds staleness after manual SQL.
CHROME_CACHE_TIMEOUT = env_int("CHROME_CACHE_TIMEOUT", 60 * 60 * 24)

# Page cache (portal/pagecache.py): how long an anonymous page may stay in the site's cache
# at most (saves and scheduled publish times end it sooner); 0 turns the cache off.
# Tests turn it on where they test it (tests/perf/).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if TESTING else 600)
# Cookies holding a reader's display choice that the server renders (elder mode): pages are
# cached once per value (deploy/nginx.conf keys its cache the same way). Elder-friendly mode
# (长者模式) is the cookie `elder=1` (absent: the standard mode), set by the /elder/ links
# without JavaScript or by the header toggle with it; the server renders `html.elder`.
ELDER_COOKIE_NAME = "elder"
PAGE_CACHE_VARIANT_COOKIES = (ELDER_COOKIE_NAME,)
# After a POST (a reader's message, a manuscript), the sender's reads stay on the primary
# for this long (with a read replica), and their pages skip the caches: they see what they
# just wrote. Staff, who carry a session, always read the primary.
PRIMARY_PIN_COOKIE_NAME = "pin"
PRIMARY_PIN_SECONDS = env_int("PRIMARY_PIN_SECONDS", 10)
# s-maxage: how long the front server (deploy/nginx.conf) or a CDN keeps a page. Edits
# show through it after at most this many seconds.
FRONT_CACHE_SECONDS = env_int("FRONT_CACHE_SECONDS", 1)
STALE_WHILE_REVALIDATE_SECONDS = env_int("STALE_WHILE_REVALIDATE_SECONDS", 30)

# View counting (articles/counter.py): with Redis, views are counted there and written
# to the database in batches, at most every VIEW_FLUSH_SECONDS, by whichever request finds
# the last flush older than that.
VIEW_FLUSH_SECONDS = env_int("VIEW_FLUSH_SECONDS", 5)
VIEW_COUNTER_PREFIX = env_str("CACHE_KEY_PREFIX", "portal") + ":views"
# The view beacon counts a reader (a salted hash of the address) once per article in this
# many seconds, and refuses an address that sends more than VIEW_BEACON_LIMIT a minute.
VIEW_ONCE_SECONDS = env_int("VIEW_ONCE_SECONDS", 30 * 60)
VIEW_BEACON_LIMIT = env_int("VIEW_BEACON_LIMIT", 120)

# --- Demo content (manage.py load_demo) -------------------------------------------------
# EXAMPLES ONLY. The contact details of the demo site, in this one place: the site
# settings, the 联系我们 page and the notices take them from here. None is real (a
# placeholder number, the reserved example.org domain, a dummy ICP number); the
# association enters its own in the admin (站点设置), where they are kept afterwards.
DEMO_CONTACT = {
    "address": "北京市东城区示例路 1 号",
    "postcode": "100000",
    "phone": "010-0000 0000",
    "email": "office@example.org",
    "icp_number": "京ICP备00000000号-1",
    "qq_group": "123456789",
}

# --- Content Security Policy (django-csp) and brute-force protection (django-axes) ---------

from csp.constants import NONCE  # noqa: E402


def media_origins():
    """Origins public media come from when they are not on this site (object store, CDN)."""
    origins = []
    for url in (
        MEDIA_URL,
        env_str("MEDIA_S3_CUSTOM_DOMAIN") and "https://" + env_str("MEDIA_S3_CUSTOM_DOMAIN"),
        env_str("MEDIA_S3_BUCKET") and env_str("MEDIA_S3_ENDPOINT_URL"),
    ):
        if url and "://" in url:
            scheme, rest = url.split("://", 1)
            origins.append(f"{scheme}://{rest.split('/', 1)[0]}")
    return origins


# No inline script anywhere: templates load files. The one inline script, the rich-text
# editor's import map, carries a per-request nonce (templates/admin/change_form.html);
# the nonce appears in the header only on pages that use it. Styles allow inline
# attributes: the admin's widgets and the editor set them, and they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *media_origins()],
        "media-src": ["'self'", *media_origins()],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        # Video players editors embed in rich text (portal.sanitize allows only these).
        "frame-src": ["'self'", *(f"https://{host}" for host in VIDEO_EMBED_HOSTS)],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Staff logins (accounts/lockout.py): 5 failures (password or second factor) lock one
# account *from one address* for 30 minutes; an address with 50 failures on any accounts
# is locked as a whole. Other accounts and other addresses are never affected. Reviewers
# and superusers unlock in the admin (登录锁定); `manage.py axes_reset_username NAME` too.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
# Failures are cleared when the whole login succeeded (after the second factor), by
# accounts, not by a right password alone: that would let the code be guessed for ever.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # accounts.admin shows the locks in Chinese, with an audited unlock
AXES_VERBOSE = False

# --- Staff accounts (accounts/): second factor, sessions, passwords --------------------

# Who must pass a second factor (TOTP) after the password: every superuser, the members
# of these groups, and anyone who enrolled an authenticator.
SECOND_FACTOR_REQUIRED_GROUPS = env_list(
    "SECOND_FACTOR_REQUIRED_GROUPS", "审核,初审,复审,终审,审计员"
)
# The name authenticator apps show next to the code.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "中国开发区协会")
# Staff sessions end after this long without a request, and this long after the login,
# whatever happens. The admin warns STAFF_SESSION_WARNING_SECONDS before the idle end.
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_MINUTES", 30) * 60
STAFF_SESSION_ABSOLUTE_SECONDS = env_int("STAFF_SESSION_MAX_HOURS", 12) * 3600
STAFF_SESSION_WARNING_SECONDS = 120
# A password older than this must be changed at the next login; 0: passwords never expire.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 0)

# Channels (by slug; their sub-channels too) whose pages link to the zone directory.
ASSOCIATION_DIRECTORY_CHANNELS = ["zones-news"]

# --- Site health (网站体检, health/README.md) ------------------------------------------------
# The inspection indicators (政府网站与政务新媒体检查指标) as thresholds. Marked "veto" where
# failing the item fails the site (单项否决): `manage.py site_health` then exits with 1.
# Days since a channel's newest published article after which it counts as not updated,
# by channel type (articles.Channel.kind; "static" channels are exempt).
HEALTH_STALE_DAYS = {"news": 14, "notices": 180, "policy": 180}
HEALTH_HOME_STALE_DAYS = 14  # veto: the home page's newest article older than this
HEALTH_STALE_CHANNELS_FAIL = 5  # veto: this many stale or empty channels
HEALTH_MESSAGE_WARN_WORKING_DAYS = 5  # an unanswered message older than this is listed
HEALTH_MESSAGE_FAIL_DAYS = 90  # veto: a message unanswered for longer (3 months)
# External links (`site_health --external` only): seconds per request, requests at once
# per host and in all, and whether addresses in private networks are skipped.
HEALTH_EXTERNAL_TIMEOUT = env_int("HEALTH_EXTERNAL_TIMEOUT", 10)
HEALTH_EXTERNAL_PER_HOST = 2
HEALTH_EXTERNAL_WORKERS = 16
HEALTH_EXTERNAL_SKIP_PRIVATE = True
# Content checks (the article form's panel and site_health): a title wider than this many
# Han characters (Latin letters and digits count half) is cut in the home page's one-line
# 最新资讯 list on a wide screen.
HEALTH_TITLE_MAX_WIDTH = 22
HEALTH_RUNS_SHOWN = 30  # runs in the trend chart of the 网站体检 page
HEALTH_ITEMS_KEPT = 500  # findings kept per check and run (the count is always complete)
