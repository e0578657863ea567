"""Local development and the demo (`make run`): debug on, permissive hosts, console e-mail."""

from community.settings.base import *  # noqa: F403
from community.settings.base import INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]"]
# The demo harvests partner-like sites served on this machine.
HARVEST_ALLOWED_NETWORKS = env("HARVEST_ALLOWED_NETWORKS") or ["127.0.0.0/8"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
# Demo content, the demo partner web and the benchmarks (`make run`, `make bench-*`).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
