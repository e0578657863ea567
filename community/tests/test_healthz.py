"""/healthz: 200 when the database and the task queue answer, 503 naming what failed."""

import socket

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthy_with_the_orm_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok", "broker": "orm"}
    assert "no-cache" in response["Cache-Control"]


def test_database_down_names_the_database_and_the_orm_queue(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    monkeypatch.setattr(
        "django_q.models.OrmQ.objects.using",
        lambda alias: (_ for _ in ()).throw(connection.Database.OperationalError("down")),
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failed"] == ["database", "queue"]
    assert "refused" not in response.content.decode()  # details go to the log only


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_redis_broker_down_returns_503_naming_the_queue(client, settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "redis": f"redis://127.0.0.1:{_free_port()}/0"}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["queue"]
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "redis"


@pytest.fixture
def redis_server(tmp_path):
    import shutil
    import subprocess
    import time

    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.processes
def test_healthy_with_a_live_redis_broker(client, settings, redis_server):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "redis": redis_server}
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["broker"] == "redis"
