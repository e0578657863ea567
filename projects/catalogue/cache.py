"""Answers of the catalogue kept in Django's cache, made stale by any write to the catalogue.

Most visits ask the same few questions (the catalogue's first page, a theme, a region, "jard…"
in the search box); computing their facet counts over tens of thousands of projects at every
request would take most of the database's time. Each answer is stored under a key that holds
the *catalogue version*: a PostgreSQL sequence that every statement changing projects, their
links, themes, territories, organisations or the page tree advances (migration
``0006_catalogue_facets``).
A publication, a harvest or an editor's correction thus shows at the next request.

The time-to-live (``CATALOGUE_CACHE_SECONDS``, 0 to turn the cache off) bounds the one case the
version cannot see: an answer computed while a writer's transaction, already counted, had not
committed yet. The cache is per process by default, shared through Redis when ``REDIS_URL``
is set (``community/settings/base.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from projects.catalogue.db import read_connection

T = TypeVar("T")
PREFIX = "catalogue:v"


def catalogue_version() -> int:
    """The current catalogue version (advances with every write that changes the catalogue)."""
    with read_connection().cursor() as cursor:
        cursor.execute("SELECT last_value, is_called FROM projects_catalogue_version")
        value, called = cursor.fetchone()
    return value if called else 0


def answer_key(kind: str, parts: tuple, version: int) -> str:
    """The cache key of an answer; answers hold translated labels, so the language is part of it."""
    parts = (*parts, get_language())
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{PREFIX}{version}:{kind}:{digest}"


def enabled() -> bool:
    return settings.CATALOGUE_CACHE_SECONDS > 0


def stored_answers(requests: dict[str, tuple[str, tuple]]) -> tuple[dict[str, str], dict]:
    """For ``{name: (kind, parts)}``: each one's key at the current version (one version read)
    and the answers already stored ``{name: answer}`` — for a caller that computes several
    answers in one go and stores them with ``store_answers``."""
    if not enabled():
        return {}, {}
    version = catalogue_version()
    keys = {name: answer_key(kind, parts, version) for name, (kind, parts) in requests.items()}
    found = cache.get_many(list(keys.values()))
    return keys, {name: found[key] for name, key in keys.items() if key in found}


def store_answers(keys: dict[str, str], answers: dict) -> None:
    if keys:
        cache.set_many(
            {keys[name]: answer for name, answer in answers.items()},
            settings.CATALOGUE_CACHE_SECONDS,
        )


def cached_answer(kind: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or the answer stored for ``kind`` and ``parts`` at the current version."""
    if not enabled():
        return compute()
    key = answer_key(kind, parts, catalogue_version())
    answer = cache.get(key)
    if answer is None:
        answer = compute()
        cache.set(key, answer, settings.CATALOGUE_CACHE_SECONDS)
    return answer
