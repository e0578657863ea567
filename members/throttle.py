"""A small rate limit kept in Django's cache (shared by every process with Redis), for the
public forms that allauth's own limits do not cover (``/membres/rejoindre/``).

The client address is the one allauth's adapter sees (``ALLAUTH_TRUSTED_PROXY_COUNT`` behind a
proxy), so the login throttle and this one agree on who a visitor is.
"""

from __future__ import annotations

import hashlib
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache


def client_ip(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # no address at all (a broken proxy): one shared bucket, still limited
        return "unknown"


def throttle_hit(scope: str, key: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt of ``key`` in ``scope``; False when ``limit`` attempts were already
    made in the last ``seconds`` (the attempt is then not counted)."""
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    cache_key = f"throttle:{scope}:{digest}"
    now = time.time()
    hits = [t for t in cache.get(cache_key, []) if t > now - seconds]
    if len(hits) >= limit:
        return False
    cache.set(cache_key, [*hits, now], seconds)
    return True
