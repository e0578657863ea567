"""How common a search word is in the catalogue, from PostgreSQL's own statistics.

The any-word fallback (``projects.catalogue.matching``) ORs the typed words together: one word
that nearly every project holds ("projet", "solidaire", "habitants") makes it match, count and
rank most of the catalogue, and says nothing about what the visitor looks for. ``share(term)``
estimates the fraction of projects holding a term without reading any project: ``ANALYZE``
(and autovacuum) keeps the most common lexemes of ``search_vector`` with their frequencies
(``pg_stats.most_common_elems`` / ``most_common_elem_freqs``, the figures the planner uses).
They are read once every ``STATS_SECONDS`` per process (a few hundred lexemes); the stems of
the words typed are asked of PostgreSQL once per word and kept in memory.

A lexeme outside that list is rarer than every one in it: its share counts as 0.
"""

from __future__ import annotations

import re
import threading
import time
from functools import lru_cache

from projects.catalogue.db import read_connection

SEARCH_CONFIG = "french_unaccent"
STATS_SECONDS = 300
_LEXEME = re.compile(r"'((?:[^']|'')*)'")
_FORMS = re.compile(r"[a-z0-9]+(?::\*)?")
_lock = threading.Lock()
_stats: dict = {"at": None, "shares": {}}


def lexeme_shares() -> dict[str, float]:
    """``{lexeme: fraction of projects holding it}`` for the most common lexemes (empty before
    the table was ever analysed)."""
    now = time.monotonic()
    with _lock:
        if _stats["at"] is not None and now - _stats["at"] < STATS_SECONDS:
            return _stats["shares"]
    with read_connection().cursor() as cursor:
        cursor.execute(
            "SELECT e, f FROM pg_stats, "
            "unnest(most_common_elems::text::text[], most_common_elem_freqs) AS u(e, f) "
            "WHERE schemaname = current_schema() AND tablename = 'projects_project' "
            "AND attname = 'search_vector' AND e IS NOT NULL"
        )
        shares = {lexeme: float(freq) for lexeme, freq in cursor.fetchall()}
    with _lock:
        _stats.update(at=now, shares=shares)
    return shares


def shares_reset() -> None:
    """Read the statistics again on next use (after ``ANALYZE``)."""
    with _lock:
        _stats.update(at=None, shares={})


@lru_cache(maxsize=8192)
def stems(word: str) -> tuple[str, ...]:
    """The lexemes the search configuration makes of ``word`` (an ``[a-z0-9]`` key)."""
    with read_connection().cursor() as cursor:
        cursor.execute("SELECT to_tsquery(%s, %s)::text", [SEARCH_CONFIG, word])
        text = cursor.fetchone()[0] or ""
    return tuple(m.replace("''", "'") for m in _LEXEME.findall(text))


def share(term: str) -> float:
    """The estimated fraction of projects holding the word term ``term`` of a search plan
    ("jardin", "(lieux | lieu)", "educ:*"): the sum over its forms (a prefix counts every
    common lexeme it starts), at most 1."""
    shares = lexeme_shares()
    if not shares:
        return 0.0
    total = 0.0
    for form in _FORMS.findall(term):
        if form.endswith(":*"):
            prefixes = stems(form[:-2]) or (form[:-2],)
            total += sum(
                f for lexeme, f in shares.items() if any(lexeme.startswith(p) for p in prefixes)
            )
        else:
            total += sum(shares.get(lexeme, 0.0) for lexeme in stems(form))
    return min(total, 1.0)
