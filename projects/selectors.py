"""Read-side queries of the catalogue (views, pages, API and commands call these)."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet

from projects.models import Project

SEARCH_CONFIG = "french_unaccent"
_WORD = re.compile(r"\w+", re.UNICODE)


def search_query_for(text: str) -> SearchQuery | None:
    """A PostgreSQL tsquery matching every word of ``text``, the last one as a prefix
    (type-ahead: "educ" finds "éducation"). Accents and case are ignored by the configuration."""
    words = _WORD.findall(text or "")
    if not words:
        return None
    terms = [f"{w}" for w in words[:-1]] + [f"{words[-1]}:*"]
    return SearchQuery(" & ".join(terms), config=SEARCH_CONFIG, search_type="raw")


def project_search(text: str = "", queryset: QuerySet | None = None) -> QuerySet:
    """Published projects matching ``text``, best first (all of them, newest first, if empty)."""
    qs = queryset if queryset is not None else Project.objects.public()
    query = search_query_for(text)
    if query is None:
        return qs.order_by("-first_published_at", "-created_at")
    return (
        qs.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-created_at")
    )
