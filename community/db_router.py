"""Read replicas: public catalogue reads go to a streaming replica, everything else to the primary.

``DATABASE_REPLICA_URLS`` names the replicas (``replica_0``, ``replica_1``… in ``DATABASES``).
``ReplicaMiddleware`` picks one replica for a whole request — a visitor's GET or HEAD outside the
admin, with no recent write of theirs — so that the request reads one consistent state. The
primary keeps:

- every write (``db_for_write``) and migrations;
- the admin (Wagtail's and Django's), and any request that is not GET/HEAD;
- the visitor's next requests for ``REPLICA_PIN_SECONDS`` after a write of theirs (a cookie set
  on the answer to their POST), so they read what they just wrote despite replication lag;
- everything outside a request: Django-Q2 tasks, commands, the shell.

The lag the catalogue tolerates is documented in docs/deployment.md.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings

PIN_COOKIE = "carrefour_primary"
SAFE_METHODS = ("GET", "HEAD")

# the replica this request reads from (None: the primary)
_read_alias: ContextVar[str | None] = ContextVar("carrefour_read_alias", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _read_alias.get()  # None: Django's default (the primary)

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas are copies of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _on_primary(request) -> bool:
    admin_prefixes = ("/admin/", "/django-admin/")
    return (
        request.method not in SAFE_METHODS
        or request.path.startswith(admin_prefixes)
        or PIN_COOKIE in request.COOKIES
    )


class ReplicaMiddleware:
    """Route this request's reads (see the module docstring); first in ``MIDDLEWARE``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.replicas = replica_aliases()

    def __call__(self, request):
        alias = None
        if self.replicas and not _on_primary(request):
            alias = random.choice(self.replicas)  # noqa: S311 (load spreading, not security)
        token = _read_alias.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if self.replicas and request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
