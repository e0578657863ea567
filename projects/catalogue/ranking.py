"""Bounded ranking: ``ts_rank`` on the few hundred best candidates of a cheap order, not on
every match.

A broad word ("insertion", "numérique") matches a fifth of the catalogue; ranking each of those
rows to keep 20 cost most of a computed answer. The relevance of a row is its text rank plus
bonuses (``projects.catalogue.matching.rank_expression``); the text rank is dominated by where
the words are (title A far above summary B and description C). So the catalogue's order is:

1. the *candidates*: the first ``candidates()`` matches by a cheap order — the number of terms
   found in the title (a weight-A match, no position work), the same bonuses as the rank
   (themes named, places typed, words matched for any-word matching), then recency — ranked
   among themselves by the full relevance;
2. then every other match, in that cheap order.

When a search matches no more than ``candidates()`` projects, this is exactly the full ranking.
``manage.py bench_search`` measures how often the first page of a broad search is the one the
full ranking gives (overlap@10, @20); ``full=True`` keeps the previous order callable.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import BooleanField, Case, ExpressionWrapper, F, FloatField, Q, When
from django.db.models.expressions import RawSQL

from projects.catalogue.matching import (
    NEAR_BONUS,
    SEARCH_CONFIG,
    THEME_BONUS,
    WIDE_MATCHES,
    rank_expression,
)

DEFAULT_CANDIDATES = 300
_LEXEME = re.compile(r"([a-z0-9]+)(:\*)?")
#: the cheap order (ties: recency, as the full ranking), and the same over the facets' CTE
CHEAP_ORDER = (F("cheap").desc(), F("first_published_at").desc(), F("id").desc())
CHEAP_ORDER_SQL = "cheap DESC, first_published_at DESC, id DESC"


def candidates() -> int:
    """How many matches are ranked (``CATALOGUE_RANK_CANDIDATES``, default 300; 0: every
    match, the previous order)."""
    return max(0, int(getattr(settings, "CATALOGUE_RANK_CANDIDATES", DEFAULT_CANDIDATES)))


def title_only(term: str) -> str:
    """``term``'s tsquery text restricted to the title (weight A): "(lieux | lieu)" →
    "(lieux:A | lieu:A)", a prefix "educ:*" → "educ:*A". Terms hold only ``[a-z0-9]`` keys,
    parentheses and operators (``projects.catalogue.matching``)."""
    return _LEXEME.sub(lambda m: m.group(1) + (":*A" if m.group(2) else ":A"), term)


def cheap_sql(plan, params=None, table: str = "projects_project") -> tuple[str, list]:
    """SQL and parameters of the cheap score of a row: terms found in its title, and the same
    bonuses as ``rank_expression`` (words matched, themes named, places typed)."""
    match = getattr(params, "match", "all")
    near = (getattr(params, "extra", None) or {}).get("near")
    vector = f'"{table}"."search_vector"'
    parts, values = [], []
    for term in plan.terms:
        parts.append(f"({vector} @@ to_tsquery(%s, %s))::int")
        values += [SEARCH_CONFIG, title_only(term)]
    if match in WIDE_MATCHES and plan.widens:
        for term in plan.words:
            parts.append(f"({vector} @@ to_tsquery(%s, %s))::int")
            values += [SEARCH_CONFIG, term]
    for pk in plan.theme_ids:
        parts.append(f'{THEME_BONUS} * (%s = ANY("{table}"."facet_theme_ids"))::int')
        values.append(pk)
    if near and near[0] in ("commune_id", "department_id"):
        parts.append(f'{NEAR_BONUS} * ("{table}"."{near[0]}" = ANY(%s))::int')
        values.append(list(near[1]))
    # the SQL is ours; typed words reach it only as parameters, and as [a-z0-9] keys
    return "(" + " + ".join(parts) + ")::float", values


def cheap_expression(plan, params=None):
    sql, values = cheap_sql(plan, params)
    return RawSQL(sql, values)  # noqa: S611


def bounded_ordered(queryset, plan, params):
    """``queryset`` (the matches) in the catalogue's relevance order: the candidates by their
    full relevance, then the other matches by the cheap order (see the module's docstring).
    The facets' single statement cuts its page in the same order, in SQL."""
    qs = queryset.annotate(cheap=cheap_expression(plan, params))
    # the candidates' ids first (at most a few hundred): as a subquery, the cheap score's SQL
    # would name the outer row (Django aliases the inner table)
    top = list(qs.order_by(*CHEAP_ORDER).values_list("id", flat=True)[: candidates()])
    if not top:
        return qs.order_by(*CHEAP_ORDER)
    qs = qs.annotate(candidate=ExpressionWrapper(Q(id__in=top), output_field=BooleanField()))
    rank = Case(When(candidate=True, then=rank_expression(plan, params)), output_field=FloatField())
    rest = Case(When(candidate=False, then=F("cheap")), output_field=FloatField())
    return qs.annotate(rank=rank, rest=rest).order_by(
        F("candidate").desc(),
        F("rank").desc(),
        F("rest").desc(),
        F("first_published_at").desc(),
        F("id").desc(),
    )


def bounded_page_sql(plan, params, every: str) -> tuple[str, list]:
    """SQL (three ``%s`` left: the window, the page size, the offset, in that order after the
    returned values) of the page of ids over the facets' CTE ``m``, ``row_number`` giving the
    position, in ``bounded_ordered``'s order. The full rank is computed for the candidates only,
    from their rows."""
    n = candidates()
    rank = rank_expression(plan, params)
    outer = f"pos > {n}, rank DESC, CASE WHEN pos > {n} THEN pos END, first_published_at DESC, "
    outer += "id DESC"
    sql = (
        f"SELECT 'page', id::text, row_number() OVER (ORDER BY {outer}) FROM ("  # noqa: S608
        f"SELECT c.id, c.first_published_at, c.pos, {rank.sql} AS rank FROM ("
        # the window numbers the kept rows only: the cut is a top-N sort, not a sort of all
        f"SELECT id, first_published_at, row_number() OVER (ORDER BY {CHEAP_ORDER_SQL}) AS pos "
        f"FROM (SELECT id, first_published_at, cheap FROM m WHERE {every} "
        f"ORDER BY {CHEAP_ORDER_SQL} LIMIT %s) AS t) AS c "
        f"LEFT JOIN projects_project ON projects_project.id = c.id AND c.pos <= {n} "
        f"ORDER BY {outer} LIMIT %s OFFSET %s) AS p"
    )
    return sql, list(rank.params)
