"""Help while typing and after a miss: type-ahead suggestions and "did you mean".

- ``typeahead``: projects whose title starts words with what was typed (prefix full-text match
  on the title's own vector, accents ignored; titles starting with it first), plus matching
  themes and territories.
- ``did_you_mean``: for each word of a query that finds nothing, the closest word of a project
  title by trigram word similarity, accents removed on both sides (index from migration
  ``0005_catalogue_indexes``), kept only if the corrected query finds projects.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse

from projects.consolidation.text import fold
from projects.models import Department, Project, Region, Theme

MIN_WORD = 3
TYPEAHEAD_CANDIDATES = 60
WORD_SIMILARITY = 0.45


def _word_matches(word: str) -> bool:
    from projects.selectors import search_query_for

    return Project.objects.public().filter(search_vector=search_query_for(word + " ")).exists()


def _closest_word(word: str) -> str | None:
    sql = f"""
        SELECT w FROM (
          SELECT DISTINCT regexp_split_to_table(lower(title), '[^[:alnum:]]+') AS w FROM (
            SELECT title FROM {Project._meta.db_table}
            WHERE live AND catalogue_unaccent(lower(%(word)s)) <%% catalogue_unaccent(lower(title))
            LIMIT 200
          ) t
        ) words
        WHERE length(w) >= {MIN_WORD}
        ORDER BY similarity(catalogue_unaccent(w), catalogue_unaccent(lower(%(word)s))) DESC, w
        LIMIT 1
    """  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        # one typo in a short word gives about 0.5: below the default threshold (0.6)
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(WORD_SIMILARITY)],
        )
        cursor.execute(sql, {"word": word})
        row = cursor.fetchone()
    return row[0] if row else None


def did_you_mean(text: str) -> str:
    """A corrected query that finds projects, or ``""``."""
    from projects.selectors import _WORD, search_query_for

    words = _WORD.findall(text)[:6]
    corrected, changed = [], False
    for word in words:
        if len(word) >= MIN_WORD and not _word_matches(word):
            better = _closest_word(word)
            if better and better != word.lower():
                corrected.append(better)
                changed = True
                continue
        corrected.append(word)
    if not changed:
        return ""
    suggestion = " ".join(corrected)
    query = search_query_for(suggestion + " ")
    return suggestion if Project.objects.public().filter(search_vector=query).exists() else ""


def typeahead(text: str, *, limit: int = 6) -> dict:
    """Suggestions for the search box: ``{"projects": [...], "themes": [...], "places": [...]}``.
    The same few prefixes come back from every visitor: answers are cached (``cache``)."""
    from projects.catalogue.cache import cached_answer

    text = " ".join(text.split())[:100]
    return cached_answer("typeahead", (text.lower(), limit), lambda: _typeahead(text, limit))


def _typeahead_rank(title: str, text: str) -> tuple:
    """Titles that start with what was typed first, then shorter ones, then alphabetical."""
    plain, typed = fold(title).lower(), fold(text).lower()
    return (not plain.startswith(typed), len(title), plain)


def _typeahead(text: str, limit: int) -> dict:
    from projects.selectors import SEARCH_CONFIG, search_query_for

    query = search_query_for(text)
    if query is None or len(text) < 2:
        return {"projects": [], "themes": [], "places": []}
    # The title's own vector (index ``project_title_search``), the same expression as the index.
    # No ORDER BY in SQL: sorting every title that matches a two-letter prefix costs tens of
    # milliseconds at 100k projects (and walking a title index in order, seconds for a prefix
    # whose titles sort late). A few dozen matches are enough to pick the best few from.
    candidates = (
        Project.objects.public()
        .annotate(title_vector=SearchVector("title", config=SEARCH_CONFIG))
        .filter(title_vector=query)
        .order_by()
        .values("title", "slug")[:TYPEAHEAD_CANDIDATES]
    )
    rows = sorted(candidates, key=lambda r: _typeahead_rank(r["title"], text))[:limit]
    projects = [
        {"label": r["title"], "url": reverse("projects:detail", kwargs={"slug": r["slug"]})}
        for r in rows
    ]
    words = Q()
    for word in text.split():
        words &= Q(label__unaccent__icontains=word)
    themes = [
        {"code": t.code, "label": t.label}
        for t in Theme.objects.filter(words).order_by("sort_order")[:4]
    ]
    places = [
        {"code": r.code, "label": r.name, "kind": "region"}
        for r in Region.objects.filter(name__unaccent__istartswith=text)[:3]
    ] + [
        {"code": d.code, "label": f"{d.name} ({d.code})", "kind": "department"}
        for d in Department.objects.filter(
            Q(name__unaccent__istartswith=text) | Q(code__iexact=text)
        )[:3]
    ]
    return {"projects": projects, "themes": themes, "places": places}
