"""Technical endpoints of the site package."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

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
