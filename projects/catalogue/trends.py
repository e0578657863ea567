"""Trends of the catalogue, nationally or for a territory: what grows, what emerges.

- ``theme_distribution``: share of each level-1 theme, compared with the national share;
- ``yearly_counts``: projects per year, by first publication ("first seen") or start year;
- ``emerging_themes``: level-1 and level-2 themes whose share grew most in the last 12 months
  compared with the 12 months before;
- ``emerging_terms``: words (lexemes of titles, summaries and themes, from PostgreSQL
  ``ts_stat``) whose share of projects grew most over the same periods. Cached for an hour.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from projects.catalogue.db import read_connection
from projects.models import Project, Theme

TERMS_CACHE = 60 * 60
MIN_DOCS = 5


def _public(territory: dict | None):
    qs = Project.objects.public()
    return qs.filter(**territory) if territory else qs


def theme_distribution(territory: dict | None = None) -> list[dict]:
    """Level-1 themes: count and share here, share nationally."""

    def counts(qs):
        total = qs.count()
        by_theme = dict(
            Theme.objects.filter(parent=None, projects__in=qs)
            .values_list("code")
            .annotate(n=Count("projects", distinct=True))
        )
        return total, by_theme

    total, here = counts(_public(territory))
    national_total, national = counts(_public(None)) if territory else (total, here)
    rows = []
    for theme in Theme.objects.filter(parent=None).order_by("sort_order", "code"):
        n = here.get(theme.code, 0)
        rows.append(
            {
                "code": theme.code,
                "label": theme.label,
                "count": n,
                "share": n / total if total else 0.0,
                "national_share": national.get(theme.code, 0) / national_total
                if national_total
                else 0.0,
            }
        )
    return rows


def yearly_counts(territory: dict | None = None, *, field: str = "first_published_at") -> list:
    """``[(year, count)]`` by year of first publication or of start (``start_year``)."""
    qs = _public(territory)
    if field == "start_year":
        rows = qs.exclude(start_year=None).values_list("start_year").annotate(n=Count("id"))
    else:
        rows = (
            qs.exclude(first_published_at=None)
            .annotate(year=ExtractYear("first_published_at"))
            .values_list("year")
            .annotate(n=Count("id"))
        )
    return sorted(rows)


def _periods():
    now = timezone.now()
    return now - timedelta(days=365), now - timedelta(days=730), now


def emerging_themes(territory: dict | None = None, *, limit: int = 8) -> list[dict]:
    recent_start, previous_start, _now = _periods()
    qs = _public(territory)
    recent = qs.filter(first_published_at__gte=recent_start)
    previous = qs.filter(
        first_published_at__gte=previous_start, first_published_at__lt=recent_start
    )
    n_recent, n_previous = recent.count(), previous.count()
    if not n_recent or not n_previous:
        return []

    def by_theme(subset):
        return dict(
            Theme.objects.filter(projects__in=subset)
            .values_list("code")
            .annotate(n=Count("projects", distinct=True))
        )

    a, b = by_theme(recent), by_theme(previous)
    labels = dict(Theme.objects.values_list("code", "label"))
    rows = []
    for code, n in a.items():
        share, before = n / n_recent, b.get(code, 0) / n_previous
        if n >= MIN_DOCS:
            rows.append(
                {
                    "code": code,
                    "label": labels[code],
                    "count": n,
                    "share": share,
                    "previous_share": before,
                    "growth": share - before,
                }
            )
    rows.sort(key=lambda r: -r["growth"])
    return [r for r in rows if r["growth"] > 0][:limit]


def emerging_terms(territory: dict | None = None, *, limit: int = 15) -> list[dict]:
    """Words whose share of projects grew most in the last 12 months (cached one hour)."""
    key = "catalogue:terms:" + ",".join(f"{k}={v}" for k, v in sorted((territory or {}).items()))
    cached = cache.get(key)
    if cached is not None:
        return cached
    recent_start, previous_start, _now = _periods()
    qs = _public(territory)
    recent = qs.filter(first_published_at__gte=recent_start)
    previous = qs.filter(
        first_published_at__gte=previous_start, first_published_at__lt=recent_start
    )
    n_recent, n_previous = recent.count(), previous.count()
    rows: list[dict] = []
    if n_recent and n_previous:
        a, b = _stat(recent), _stat(previous)
        for word, n in a.items():
            if n < MIN_DOCS or len(word) < 4:
                continue
            share, before = n / n_recent, b.get(word, 0) / n_previous
            rows.append(
                {
                    "word": word,
                    "count": n,
                    "share": share,
                    "previous_share": before,
                    "growth": share - before,
                }
            )
        rows.sort(key=lambda r: (-r["growth"], r["word"]))
        rows = [r for r in rows if r["growth"] > 0][: limit * 2]
        spelled = _spellings(recent, [r["word"] for r in rows])
        for r in rows:
            r["stem"] = r["word"]
            r["word"] = spelled.get(r["stem"], "")
        rows = [r for r in rows if r["word"]][:limit]  # a stem no text spells is never shown
    cache.set(key, rows, TERMS_CACHE)
    return rows


def _stat(qs) -> dict[str, int]:
    inner, params = qs.order_by().values("search_vector").query.sql_with_params()
    with read_connection().cursor() as cursor:
        # ts_stat takes the text of a query: the parameters are quoted into it by the driver
        sub = read_connection().ops.compose_sql(inner, params)
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat(%s, 'AB') ORDER BY ndoc DESC LIMIT 2000", [sub]
        )
        return dict(cursor.fetchall())


def _spellings(qs, stems: list[str]) -> dict[str, str]:
    """``{stem: the word as written}``: for each lexeme (``habit``), the most frequent word of
    the projects' titles, summaries and theme labels (the text the statistics read, weights
    A and B) that stems to it (``habitat``, ``solidarité``), so the table shows real words."""
    if not stems:
        return {}
    inner, params = qs.order_by().values("id").query.sql_with_params()
    table = Project._meta.db_table
    links = Project.themes.through._meta.db_table
    themes = Project.themes.field.related_model._meta.db_table
    sql = f"""
        SELECT lex, w FROM (
            SELECT w, (tsvector_to_array(to_tsvector('french_unaccent', w)))[1] AS lex,
                   count(*) AS n
            FROM (
                SELECT regexp_split_to_table(
                    lower(p.title || ' ' || coalesce(p.summary, '') || ' ' || coalesce((
                        SELECT string_agg(t.label, ' ') FROM {themes} t
                        JOIN {links} pt ON pt.theme_id = t.id WHERE pt.project_id = p.id
                    ), '')), '[^[:alpha:]]+') AS w
                FROM {table} p WHERE p.id IN ({inner})
            ) words
            WHERE length(w) >= 3
            GROUP BY w
        ) spelled
        WHERE lex = ANY(%s)
        ORDER BY lex, n DESC, length(w), w
    """  # noqa: S608 - our table name and the ORM's own subquery; values are parameters
    found: dict[str, str] = {}
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [*params, stems])
        for lex, word in cursor.fetchall():
            found.setdefault(lex, word)
    return found
