"""Technical endpoints of the site package."""

from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Liveness and readiness: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        database = "error"
    status = 200 if database == "ok" else 503
    return JsonResponse({"database": database}, status=status)
