"""Help while typing and after a miss: type-ahead suggestions and "did you mean".

- ``typeahead``: projects whose title starts with what was typed (accents ignored), else whose
  title has words starting with it (prefix full-text match on the title's own vector), plus
  matching themes and territories.
- ``did_you_mean``: for each word of a query that no project has, the closest word of a
  project title (trigram word similarity, accents removed on both sides, index from migration
  ``0005_catalogue_indexes``), of a theme or of a place name (held in memory), kept only when
  it is at least as close as ``WORD_SIMILARITY`` and the corrected query finds projects. A word
  some project has is never replaced.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Func, TextField
from django.db.models.functions import Lower
from django.urls import reverse

from projects.catalogue.cache import cached_answer
from projects.catalogue.db import read_connection
from projects.catalogue.facets import facet_labels
from projects.catalogue.matching import is_whole_word, synonym_groups
from projects.catalogue.query import SEARCH_CONFIG, WORD_RE, project_filter, search_query_for
from projects.catalogue.understanding import _names, clean, key
from projects.consolidation.text import fold, simple_key
from projects.models import Project

MIN_WORD = 3
TYPEAHEAD_CANDIDATES = 60
WORD_SIMILARITY = 0.45
NAME_SIMILARITY = 0.8  # difflib ratio of a correction ("rennnes" → "rennes": 0.92)
_vocabulary: dict = {}


def _name_words() -> dict[str, list[str]]:
    """Words of theme labels and keywords and names of regions, departments and communes of
    at least 2,000 inhabitants, by first letter (typos seldom hit the first one)."""
    names = _names.ready()
    stamp = (id(names.places), names.themes_stamp)
    if _vocabulary.get("stamp") != stamp:
        words = set(names.theme_words)
        for name_key, candidates in names.places.items():
            if " " not in name_key and any(c[3] >= 2000 for c in candidates):
                words.add(name_key)
        by_letter: dict[str, list[str]] = {}
        for word in sorted(words):
            if len(word) >= MIN_WORD:
                by_letter.setdefault(word[0], []).append(word)
        _vocabulary.update(stamp=stamp, words=by_letter)
    return _vocabulary["words"]


def _closest_name_word(word: str) -> tuple[str, float] | None:
    folded = key(word)
    found = difflib.get_close_matches(
        folded, _name_words().get(folded[:1], []), n=1, cutoff=NAME_SIMILARITY
    )
    if not found:
        return None
    return found[0], difflib.SequenceMatcher(None, folded, found[0]).ratio()


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
    db = read_connection()
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        # one typo in a short word gives about 0.5: below the default threshold (0.6)
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(WORD_SIMILARITY)],
        )
        cursor.execute(sql, {"word": word})
        row = cursor.fetchone()
    return row[0] if row else None


def _better_word(word: str) -> str | None:
    """The closest known word to ``word`` (one no project has), or ``None``."""
    options = []
    if title_word := _closest_word(word):
        ratio = difflib.SequenceMatcher(None, key(word), key(title_word)).ratio()
        options.append((ratio, title_word))
    if name_word := _closest_name_word(word):
        options.append((name_word[1], name_word[0]))
    # "circulaire" is not "scolaire" (0.67): a correction is a typo away from what was typed
    options = [o for o in options if key(o[1]) != key(word) and o[0] >= NAME_SIMILARITY]
    return max(options)[1] if options else None


def did_you_mean(params) -> str:
    """A corrected text for ``params`` (or typed text) that finds projects, or ``""``."""
    from projects.catalogue.params import SearchParams

    if isinstance(params, str):
        params = SearchParams.from_querydict({"q": params})
    words = WORD_RE.findall(params.q)[:6]
    synonyms = synonym_groups()
    corrected, changed = [], False
    for word in words:
        folded = key(word)
        if (
            " " not in folded
            and len(folded) >= MIN_WORD
            and folded not in synonyms
            and not is_whole_word(folded)
        ):
            better = _better_word(word)
            if better:
                corrected.append(better)
                changed = True
                continue
        corrected.append(word)
    if not changed:
        return ""
    suggestion = " ".join(corrected)
    for match in ("all", "any"):
        if project_filter(replace(params, q=suggestion, match=match)).exists():
            return suggestion
    return ""


def typeahead(text: str, *, limit: int = 6) -> dict:
    """Suggestions for the search box: ``{"projects": [...], "themes": [...], "places": [...]}``.
    The same few prefixes come back from every visitor: answers are cached (``cache``)."""
    text = clean(text[:400])[:100]
    return cached_answer("typeahead", (text.lower(), limit), lambda: _typeahead(text, limit))


def _starts_a_word(name: str, typed: str) -> bool:
    """Does a word of ``name`` start with ``typed`` ("reunion" finds "La Réunion",
    "loire-atl" finds "Loire-Atlantique")?"""
    return f" {simple_key(typed)}" in f" {simple_key(name)}"


def _typeahead_rank(title: str, text: str) -> tuple:
    """Titles that start with what was typed first, then shorter ones, then alphabetical."""
    plain, typed = fold(title).lower(), fold(text).lower()
    return (not plain.startswith(typed), len(title), plain)


def _typeahead(text: str, limit: int) -> dict:
    query = search_query_for(text)
    if query is None or len(text) < 2:
        return {"projects": [], "themes": [], "places": []}
    typed = fold(text).lower()
    # Titles starting with the typed text first (index ``project_title_prefix``, in title
    # order: a few rows read, however common the prefix). Only when they are too few, titles
    # with a word starting with it (the title's own vector, index ``project_title_search``;
    # no ORDER BY: sorting every title that matches a short prefix costs tens of milliseconds
    # at 100k projects, and a few dozen matches are enough to pick the best few from).
    candidates = list(
        Project.objects.public()
        .annotate(
            folded=Func(Lower("title"), function="catalogue_unaccent", output_field=TextField())
        )
        .filter(folded__startswith=typed)
        .order_by()
        .values("title", "slug")[:TYPEAHEAD_CANDIDATES]
    )
    if len(candidates) < limit:
        seen = {r["slug"] for r in candidates}
        candidates += [
            r
            for r in Project.objects.public()
            .annotate(title_vector=SearchVector("title", config=SEARCH_CONFIG))
            .filter(title_vector=query)
            .order_by()
            .values("title", "slug")[:TYPEAHEAD_CANDIDATES]
            if r["slug"] not in seen
        ]
    rows = sorted(candidates, key=lambda r: _typeahead_rank(r["title"], text))[:limit]
    projects = [
        {"label": r["title"], "url": reverse("projects:detail", kwargs={"slug": r["slug"]})}
        for r in rows
    ]
    # themes and territories from the names the facets already hold (no query)
    labels = facet_labels()
    words = typed.split()
    themes = [
        {"code": code, "label": label}
        for code, label, _parent, _order in sorted(
            labels["themes"].values(), key=lambda t: (t[3], t[0])
        )
        if all(word in fold(label).lower() for word in words)
    ][:4]
    places = [
        {"code": code, "label": name, "kind": "region"}
        for code, name in sorted(labels["regions"].items(), key=lambda r: r[1])
        if _starts_a_word(name, typed)
    ][:3] + [
        {"code": code, "label": label, "kind": "department"}
        for code, label in sorted(labels["departments"].items())
        if _starts_a_word(label, typed) or code.lower() == typed
    ][:3]
    return {"projects": projects, "themes": themes, "places": places}
