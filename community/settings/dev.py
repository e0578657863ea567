"""Local development and the demo (`make run`): debug on, permissive hosts, e-mails to files."""

from pathlib import Path

from community.environment import is_set
from community.settings.base import *  # noqa: F403
from community.settings.base import CARREFOUR_DATA_DIR, INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]"]
# The demo harvests partner-like sites served on this machine.
HARVEST_ALLOWED_NETWORKS = env("HARVEST_ALLOWED_NETWORKS") or ["127.0.0.0/8"]
# Development: a new account may sign in at once; the verification e-mail is still sent (to
# the files below) and its link works, but nothing waits for it.
ACCOUNT_EMAIL_VERIFICATION = "optional"
# Without EMAIL_URL, e-mails (verification, moderation digests of the first harvest...) go to
# one file each under CARREFOUR_DATA_DIR/emails, not into `make run`'s terminal.
if not is_set("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(Path(CARREFOUR_DATA_DIR) / "emails")
# Demo content, the demo partner web and the benchmarks (`make run`, `make bench-*`).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
