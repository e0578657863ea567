"""The one place where the process environment is read.

Every variable is listed here with its type and default, and documented in ``.env.example``
and the README. Settings modules import ``ENV`` values from here; nothing else reads
``os.environ`` for configuration. A ``.env`` file at the checkout root is read if present.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, []),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, ""),
    # Read replicas (issue 15): public catalogue reads go to one of them (community/db_router.py)
    DATABASE_REPLICA_URLS=(list, []),
    REPLICA_PIN_SECONDS=(int, 10),
    CARREFOUR_DATA_DIR=(str, str(BASE_DIR / ".data")),
    # empty: http://127.0.0.1:PORT (site_url()), so `make run PORT=8123` links to 8123
    SITE_URL=(str, ""),
    PORT=(int, 8000),
    REDIS_URL=(str, ""),
    CATALOGUE_CACHE_SECONDS=(int, 300),
    NEIGHBOURS_MAX_AGE_DAYS=(int, 7),
    Q_WORKERS=(int, 2),
    Q_CLUSTER_NAME=(str, "carrefour"),
    # Saved searches' alert e-mails (projects/lists/alerts.py): tries per e-mail, and the
    # delay before the next try (multiplied by the tries made so far).
    ALERT_MAX_ATTEMPTS=(int, 4),
    ALERT_RETRY_SECONDS=(int, 300),
    HARVEST_ALLOWED_NETWORKS=(list, []),
    HARVEST_USER_AGENT=(str, ""),
    HARVEST_CONTACT_URL=(str, ""),
    HARVEST_DRY_RUN_SECONDS=(int, 60),
    # Chromium for sources rendered in JavaScript (harvesting/renderer.py); empty: on the PATH
    HARVEST_CHROMIUM=(str, ""),
    # Project images (harvesting/images.py): largest image answer read, in bytes.
    PROJECT_IMAGE_MAX_BYTES=(int, 3 * 1024 * 1024),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    STATIC_ROOT=(str, str(BASE_DIR / "static_collected")),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(
        str,
        "Carrefour des innovations sociales <ne-pas-repondre@carrefour.local>",
    ),
    MAP_TILES_URL=(str, "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    MAP_TILES_ATTRIBUTION=(str, "© contributeurs OpenStreetMap"),
    LOG_LEVEL=(str, "INFO"),
    LOG_FORMAT=(str, "text"),
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31536000),
    CARREFOUR_ADMIN_USERNAME=(str, "admin"),
    CARREFOUR_ADMIN_EMAIL=(str, "admin@carrefour.local"),
    CARREFOUR_ADMIN_PASSWORD=(str, ""),
    CARREFOUR_DEMO_PROJECTS=(int, 400),
    CARREFOUR_DEMO_WEB=(bool, True),
    CARREFOUR_DEMO_WEB_PORT=(int, 8101),
    # Operations (issue 7): web server (community/gunicorn.conf.py), files, headers, backups.
    GUNICORN_BIND=(str, "127.0.0.1:8000"),
    GUNICORN_WORKERS=(int, 0),  # 0: 2 × CPU cores + 1
    GUNICORN_THREADS=(int, 4),
    GUNICORN_TIMEOUT=(int, 30),
    GUNICORN_GRACEFUL_TIMEOUT=(int, 30),
    GUNICORN_KEEPALIVE=(int, 5),
    GUNICORN_MAX_REQUESTS=(int, 2000),
    GUNICORN_ACCESS_LOG=(bool, False),
    MEDIA_URL=(str, "/media/"),
    MEDIA_STORAGE=(str, "django.core.files.storage.FileSystemStorage"),
    CSP_REPORT_ONLY=(bool, False),
    CSP_REPORT_URI=(str, ""),
    BACKUP_DIR=(str, str(BASE_DIR / "backups")),
    # Test harness only (tests/conftest.py)
    CARREFOUR_REQUIRE_BROWSER=(bool, False),
    CARREFOUR_CHROMIUM=(str, "/usr/bin/chromium"),
)

_dotenv = BASE_DIR / ".env"
if _dotenv.exists():
    environ.Env.read_env(str(_dotenv))


def is_set(name: str) -> bool:
    """True when ``name`` was given (environment or ``.env``), not left to its default."""
    import os

    return name in os.environ


def site_url() -> str:
    """The public address: ``SITE_URL``, else the development server's on ``PORT``."""
    return (env("SITE_URL") or f"http://127.0.0.1:{env('PORT')}").rstrip("/")
