"""Production settings refuse to start without secrets and pass `check --deploy` cleanly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each test runs manage.py in a process of its own.
pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 20 + "K8s9-pQ2_zR7vW3yT6uI1oP4aS5dF0gH"


def manage(*args, **env):
    # Only the variables given here: the developer's own environment must not leak in.
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "community.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secrets():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL" in result.stderr
    assert ".env.example" in result.stderr


def test_production_rejects_a_short_secret_key():
    result = manage(
        "check",
        SECRET_KEY="short",
        ALLOWED_HOSTS="carrefour.example.org",
        DATABASE_URL="postgres://u@127.0.0.1:1/x",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is too short" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="carrefour.example.org",
        DATABASE_URL="postgres://carrefour@127.0.0.1:1/carrefour",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_and_same_site():
    script = (
        "from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = manage(
        "shell",
        "-c",
        script,
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="carrefour.example.org",
        DATABASE_URL="postgres://carrefour@127.0.0.1:1/carrefour",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "Lax", "True", "True"]


def test_every_environment_variable_is_documented():
    """The README's configuration and .env.example name every variable the platform reads."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    declared = re.findall(
        r"^\s+([A-Z][A-Z0-9_]+)=\(", (root / "community/environment.py").read_text(), re.M
    )
    assert len(declared) > 40
    readme, example = (root / "README.md").read_text(), (root / ".env.example").read_text()
    assert [n for n in declared if n not in readme or n not in example] == []
