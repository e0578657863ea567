"""gunicorn settings: ``gunicorn -c community/gunicorn.conf.py community.wsgi``.

Every value comes from the environment through community/environment.py (the one
place that reads it); see .env.example and docs/deployment.md. Threads (``gthread`` workers)
keep connections alive and overlap database waits; each thread holds its own database
connection (CONN_MAX_AGE), so workers × threads must stay below PostgreSQL's max_connections
once per web node.
"""

import multiprocessing
import os

from community.environment import env

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings.production")

wsgi_app = "community.wsgi:application"
bind = [address.strip() for address in env("GUNICORN_BIND").split(",") if address.strip()]
workers = env("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1
threads = max(1, env("GUNICORN_THREADS"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = env("GUNICORN_TIMEOUT")  # a request stuck longer than this: the worker is replaced
graceful_timeout = env("GUNICORN_GRACEFUL_TIMEOUT")  # SIGTERM: finish requests this long
keepalive = env("GUNICORN_KEEPALIVE")
# Recycle workers now and then (slow leaks), jittered so they do not restart together.
max_requests = env("GUNICORN_MAX_REQUESTS")
max_requests_jitter = max_requests // 10 if max_requests else 0
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeat
# Preload the app: workers fork from a process that already imported Django (faster starts,
# shared memory); database connections are only opened in the workers.
preload_app = True

accesslog = "-" if env("GUNICORN_ACCESS_LOG") else None
errorlog = "-"
loglevel = env("LOG_LEVEL").lower()
if env("LOG_FORMAT") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
        "formatters": {"json": {"()": "community.logging.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": env("LOG_LEVEL")},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO"},
        },
    }
