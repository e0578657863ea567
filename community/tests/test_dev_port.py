"""`make run PORT=8123`: links follow the port; development e-mails go to files (issue 16, 8)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "from projects.catalogue.records import absolute as a; "
    "print(json.dumps([s.SITE_URL, s.WAGTAILADMIN_BASE_URL, s.HARVEST_CONTACT_URL, "
    "s.EMAIL_BACKEND, getattr(s, 'EMAIL_FILE_PATH', ''), a('/projets/x/')]))"
)


def _dev_settings(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "EMAIL_URL", "PORT")}
    env.update(DJANGO_SETTINGS_MODULE="community.settings.dev", **extra)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_site_url_follows_port_and_emails_go_to_files():
    site, admin, contact, backend, folder, link = _dev_settings(PORT="8123")
    assert site == admin == "http://127.0.0.1:8123"
    assert contact == "http://127.0.0.1:8123/a-propos/"
    assert link == "http://127.0.0.1:8123/projets/x/"
    assert backend.endswith("filebased.EmailBackend") and folder.endswith("emails")


def test_an_explicit_site_url_and_email_url_win():
    site, _admin, _contact, backend, _folder, link = _dev_settings(
        PORT="8123", SITE_URL="https://carrefour.example.org/", EMAIL_URL="consolemail://"
    )
    assert site == "https://carrefour.example.org"
    assert link == "https://carrefour.example.org/projets/x/"
    assert backend.endswith("console.EmailBackend")
