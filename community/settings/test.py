"""Test suite: same embedded server (its own `test_` database), fast hashing, sync tasks."""

from community.settings.base import *  # noqa: F403
from community.settings.base import INSTALLED_APPS, Q_CLUSTER, env

DEBUG = False
# The demo app (demo web, demo catalogue, benchmarks) is tested with the rest.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HARVEST_ALLOWED_NETWORKS = env("HARVEST_ALLOWED_NETWORKS") or ["127.0.0.0/8"]
# Tasks run in-process and synchronously unless a test starts a real qcluster.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
