"""Matched words of a search highlighted in titles and summaries (PostgreSQL ``ts_headline``).

Computed for the projects of the current page only. The database marks words with control
characters; the text is escaped in Python and the marks become ``<mark>``, so harvested text can
never inject markup.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

from projects.catalogue.db import read_connection
from projects.catalogue.matching import search_plan
from projects.models import Project

START, STOP = "\x02", "\x03"
FRAGMENT_DELIMITER = "\x04"
OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2, "
    f'FragmentDelimiter="{FRAGMENT_DELIMITER}"'
)


def marked_html(text: str) -> str:
    return mark_safe(  # noqa: S308 - escaped first, only our marks become tags
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )


def with_ellipses(headline: str, full: str) -> str:
    """``ts_headline`` cuts on words but says nothing: "…" where the fragment starts after the
    beginning or ends before the end of the text, and between two fragments."""
    if not headline:
        return headline
    fragments = [f.strip() for f in headline.split(FRAGMENT_DELIMITER)]
    plain = [f.replace(START, "").replace(STOP, "") for f in fragments]
    full = " ".join(full.split())
    text = " … ".join(fragments)
    if plain[0] and not full.startswith(" ".join(plain[0].split())):
        text = "… " + text
    if plain[-1] and not full.endswith(" ".join(plain[-1].split())):
        text = text.rstrip(" .,;:") + "…"
    return text


def project_headlines(projects, text: str) -> dict[int, dict[str, str]]:
    """``{project id: {"title": html, "summary": html}}`` for the words of ``text``."""
    plan = search_plan(text)
    if plan is None or not projects:
        return {}
    raw = plan.any_raw
    sql = (
        f"SELECT id, ts_headline('french_unaccent', title, q, 'HighlightAll=true, {OPTIONS}'), "  # noqa: S608
        f"ts_headline('french_unaccent', summary, q, '{OPTIONS}'), summary "
        f"FROM {Project._meta.db_table}, to_tsquery('french_unaccent', %s) q WHERE id = ANY(%s)"
    )
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [raw, [p.pk for p in projects]])
        rows = cursor.fetchall()
    return {
        pk: {
            "title": marked_html(title or ""),
            "summary": marked_html(with_ellipses(summary or "", full or "")),
        }
        for pk, title, summary, full in rows
    }
