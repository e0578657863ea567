"""Production serving: gunicorn with the production settings, WhiteNoise statics, security
headers, JSON logs, and `make prod` refusing to start without its secrets."""

import http.client
import json
import logging
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from community.logging import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 20 + "K8s9-pQ2_zR7vW3yT6uI1oP4aS5dF0gH"


def clean_env(**extra):
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "PYTHONPATH") if k in os.environ}
    if "CARREFOUR_DATA_DIR" in os.environ:
        base["CARREFOUR_DATA_DIR"] = os.environ["CARREFOUR_DATA_DIR"]
    return {**base, **extra}


def test_gunicorn_config_reads_the_environment(monkeypatch):
    for name, value in {
        "GUNICORN_BIND": "127.0.0.1:9001,127.0.0.1:9002",
        "GUNICORN_WORKERS": "3",
        "GUNICORN_THREADS": "8",
        "GUNICORN_TIMEOUT": "45",
        "LOG_FORMAT": "json",
    }.items():
        monkeypatch.setenv(name, value)
    config = runpy.run_path(str(ROOT / "community" / "gunicorn.conf.py"))
    assert config["bind"] == ["127.0.0.1:9001", "127.0.0.1:9002"]
    assert (config["workers"], config["threads"], config["worker_class"]) == (3, 8, "gthread")
    assert config["timeout"] == 45
    formatter = config["logconfig_dict"]["formatters"]["json"]["()"]
    assert formatter == "community.logging.JsonFormatter"


def test_json_formatter_writes_one_valid_object_per_line():
    formatter = JsonFormatter()
    try:
        raise ValueError('boum "quoted"\nsecond line')
    except ValueError:
        import sys as _sys

        record = logging.LogRecord(
            "carrefour.test", logging.ERROR, __file__, 1, "échec %s", ("é",), _sys.exc_info()
        )
    record.source_id = 42
    record.request = object()  # not JSON-serialisable: becomes its repr
    line = formatter.format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "échec é"
    assert entry["level"] == "ERROR" and entry["logger"] == "carrefour.test"
    assert entry["source_id"] == 42
    assert 'boum "quoted"' in entry["exception"]


def test_log_format_json_applies_to_django_logging():
    script = "import logging; logging.getLogger('carrefour').warning('dit \"bonjour\"')"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=clean_env(DJANGO_SETTINGS_MODULE="community.settings.dev", LOG_FORMAT="json"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {"logger": "carrefour", "message": 'dit "bonjour"'}.items() <= lines[-1].items()


def test_make_prod_refuses_without_secrets_and_says_what_to_set():
    result = subprocess.run(
        [sys.executable, "-m", "community.ops.prodstack"],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "SECRET_KEY and ALLOWED_HOSTS" in result.stderr
    assert "SECURE_SSL_REDIRECT=false make prod" in result.stderr


def _database_url():
    from django.db import connection

    db = connection.settings_dict
    host = db["HOST"] or db.get("OPTIONS", {}).get("host", "")
    auth = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    if host.startswith("/"):
        return f"postgres://{auth}@/{db['NAME']}?host={host}&port={db['PORT'] or 5432}"
    return f"postgres://{auth}@{host or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn + production settings on the test database, statics collected by WhiteNoise."""
    from community.ops.prodstack import gunicorn_command, prepare, terminate

    with django_db_blocker.unblock():
        database_url = _database_url()
    port = _free_port()
    environment = clean_env(
        DJANGO_SETTINGS_MODULE="community.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
        LOG_FORMAT="json",
        GUNICORN_ACCESS_LOG="true",
    )
    prepare(environment, migrate=False)
    log = tmp_path_factory.mktemp("log") / "gunicorn.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            gunicorn_command(), cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, log.read_text()
            time.sleep(0.1)
    yield port, environment, log
    terminate([process])


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.django_db
def test_gunicorn_serves_healthz_headers_and_compressed_statics(gunicorn_server):
    port, environment, log = gunicorn_server

    # Plain HTTP is redirected to HTTPS, except the load balancer's probe.
    response, _ = get(port, "/projets-recherche/")
    assert response.status == 301 and response.getheader("Location").startswith("https://")
    response, body = get(port, "/healthz")
    assert response.status == 200, body
    assert json.loads(body) == {"status": "ok", "database": "ok", "queue": "ok", "broker": "orm"}

    # Behind the TLS proxy: security headers on every answer.
    response, _ = get(port, "/no-such-page/", **{"X-Forwarded-Proto": "https"})
    headers = {k.lower(): v for k, v in response.getheaders()}
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cross-origin-opener-policy"] == "same-origin"

    # Statics: hashed names, compressed, cached for a year.
    manifest = json.loads((Path(environment["STATIC_ROOT"]) / "staticfiles.json").read_text())[
        "paths"
    ]
    hashed = manifest["css/site.css"]
    response, body = get(
        port, f"/static/{hashed}", **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")
    assert "max-age=315360000" in response.getheader("Cache-Control")

    # Access and error logs are JSON lines too.
    time.sleep(0.5)
    entries = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [e for e in entries if e["logger"] == "gunicorn.access"]
    assert any(e["http"]["path"] == "/healthz" and e["http"]["status"] == "200" for e in access)
