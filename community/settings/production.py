"""Production: refuses to start without its secrets; HTTPS, secure cookies, compressed statics.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. See README "Production" and
docs/deployment.md. The Content-Security-Policy and JSON logs are set in base.py (section
"Operations") so that every environment sends the same headers.
"""

from django.core.exceptions import ImproperlyConfigured

from community.environment import env

# Checked before base.py is imported: without DATABASE_URL, base.py would start the embedded
# PostgreSQL of the checkout, which production never uses.
_missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL") if not env(name)]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: "
        + ", ".join(_missing)
        + ". Set them (see .env.example and the README, section Production) and start again."
    )
if len(env("SECRET_KEY")) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY is too short for production: use at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )

from community.settings.base import *  # noqa: E402, F403
from community.settings.base import MIDDLEWARE  # noqa: E402

DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The language choice (community.views.switch_language) is sent over HTTPS only, and not on
# cross-site requests.
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Load balancers probe /healthz over plain HTTP: answer them instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
STORAGES = {
    "default": {"BACKEND": env("MEDIA_STORAGE")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed file names never change: browsers and CDNs may keep them a year (WhiteNoise's default
# for them); other static files are revalidated after WHITENOISE_MAX_AGE seconds.
WHITENOISE_MAX_AGE = 3600

# Static files served compressed and cached forever (hashed names) straight from gunicorn.
MIDDLEWARE = [
    MIDDLEWARE[0],  # SecurityMiddleware first
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
