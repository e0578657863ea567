"""Technical endpoints of the site package."""

import logging
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import FileResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

ICONS = Path(__file__).parent / "static" / "icons"
QUEUE_TIMEOUT = 2  # seconds: a load balancer's probe must not hang on a dead Redis


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_queue():
    """The task queue answers: Redis ``PING`` (Redis broker), else the ORM broker's table."""
    redis_url = settings.Q_CLUSTER.get("redis")
    if redis_url:
        import redis

        if isinstance(redis_url, dict):
            client = redis.Redis(**redis_url, socket_timeout=QUEUE_TIMEOUT)
        else:
            client = redis.Redis.from_url(
                redis_url, socket_timeout=QUEUE_TIMEOUT, socket_connect_timeout=QUEUE_TIMEOUT
            )
        try:
            if not client.ping():
                raise ConnectionError("Redis did not answer PING")
        finally:
            client.close()
        return
    from django_q.models import OrmQ

    OrmQ.objects.using(settings.Q_CLUSTER.get("orm", "default")).exists()


@never_cache
def healthz(request):
    """Readiness for load balancers and orchestrators: the database and the task queue answer.

    200 ``{"status": "ok", "database": "ok", "queue": "ok", "broker": ...}`` or 503 with the
    failing parts named in ``failed`` (details go to the log, not to the public).
    """
    broker = "redis" if settings.Q_CLUSTER.get("redis") else "orm"
    body = {"status": "ok", "database": "ok", "queue": "ok", "broker": broker}
    failed = []
    try:
        _check_database()
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        logger.exception("healthz: the database does not answer")
        body["database"] = "error"
        failed.append("database")
    try:
        _check_queue()
    except Exception:  # noqa: BLE001
        logger.exception("healthz: the task queue does not answer")
        body["queue"] = "error"
        failed.append("queue")
    if failed:
        body["status"] = "error"
        body["failed"] = failed
        return JsonResponse(body, status=503)
    return JsonResponse(body)


@never_cache
@require_GET
def switch_language(request):
    """Remember the visitor's language (``?lang=en&next=/catalogue/``) and go back to ``next``.

    A link rather than Django's ``set_language`` (POST with a CSRF token): a form on every page
    would make each rendering the visitor's own, and the shared catalogue page impossible. The
    worst a forged link can do is switch someone's interface language, which they see and undo.
    """
    lang = request.GET.get("lang", "")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if lang in dict(settings.LANGUAGES) and check_for_language(lang):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24 * 7)
def favicon(request):
    """``/favicon.ico``: browsers ask for it whatever the page says; a 404 would be logged in
    every visitor's console."""
    return FileResponse((ICONS / "favicon.ico").open("rb"), content_type="image/x-icon")


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24)
def web_manifest(request):
    """The web app manifest (name, colours, icons) linked from every public page."""
    body = {
        "name": settings.WAGTAIL_SITE_NAME,
        "short_name": "Carrefour",
        "lang": "fr",
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#12355b",
        "icons": [
            {"src": static("icons/favicon.svg"), "type": "image/svg+xml", "sizes": "any"},
            {"src": static("icons/icon-192.png"), "type": "image/png", "sizes": "192x192"},
            {"src": static("icons/icon-512.png"), "type": "image/png", "sizes": "512x512"},
        ],
    }
    return JsonResponse(
        body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
