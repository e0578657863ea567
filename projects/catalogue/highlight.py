"""Matched words of a search highlighted in titles and summaries (PostgreSQL ``ts_headline``).

Computed for the projects of the current page only. The database marks words with control
characters; the text is escaped in Python and the marks become ``<mark>``, so harvested text can
never inject markup.
"""

from __future__ import annotations

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from projects.catalogue.matching import search_plan
from projects.models import Project

START, STOP = "\x02", "\x03"
OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2"


def marked_html(text: str) -> str:
    return mark_safe(  # noqa: S308 - escaped first, only our marks become tags
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )


def project_headlines(projects, text: str) -> dict[int, dict[str, str]]:
    """``{project id: {"title": html, "summary": html}}`` for the words of ``text``."""
    plan = search_plan(text)
    if plan is None or not projects:
        return {}
    raw = plan.any_raw
    sql = (
        f"SELECT id, ts_headline('french_unaccent', title, q, 'HighlightAll=true, {OPTIONS}'), "  # noqa: S608
        f"ts_headline('french_unaccent', summary, q, '{OPTIONS}') "
        f"FROM {Project._meta.db_table}, to_tsquery('french_unaccent', %s) q WHERE id = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [raw, [p.pk for p in projects]])
        rows = cursor.fetchall()
    return {
        pk: {"title": marked_html(title or ""), "summary": marked_html(summary or "")}
        for pk, title, summary in rows
    }
