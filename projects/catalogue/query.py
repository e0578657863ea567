"""The catalogue's query helpers, below its search, facets, suggestions and highlights.

``project_filter`` turns ``SearchParams`` into a queryset of public projects, the text through
``projects.catalogue.matching`` (synonyms, variants, every word or any word);
``project_ordered`` sorts it (the order ``CATALOGUE_ORDER`` is also the one the facets' single
statement uses, in SQL). ``search_query_for`` is the previous, literal matching (every word,
the last one always a prefix), kept for type-ahead and for the relevance comparison
(``manage.py search_relevance``).
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q, QuerySet

from members.models import Organisation
from projects.catalogue.matching import rank_expression, search_plan
from projects.catalogue.ranking import bounded_ordered, candidates
from projects.models import Project, Theme

SEARCH_CONFIG = "french_unaccent"
# columns listings never show
HEAVY_FIELDS = ("search_vector", "harvest_values", "provenance", "theme_reasons", "contact_email")
WORD_RE = re.compile(r"\w+", re.UNICODE)


#: The catalogue's orders, newest first ((column, nulls last) each, descending): by relevance
#: when there is text and the visitor sorts by relevance, else by recency.
_ORDERS = {
    True: (("rank", False), ("first_published_at", False), ("id", False)),
    False: (("first_published_at", True), ("id", False)),
}


def tsquery_text(text: str, *, weights: str = "") -> str | None:
    """The raw ``to_tsquery`` text for ``text``: every word, the last one as a prefix
    (type-ahead: "educ" finds "éducation"). ``weights`` (e.g. "A": the title) restricts where
    the words may match. ``None`` when ``text`` has no word."""
    words = WORD_RE.findall(text or "")[:12]
    if not words:
        return None
    terms = [f"{w}:{weights}" if weights else w for w in words[:-1]]
    terms.append(f"{words[-1]}:*{weights}")
    return " & ".join(terms)


def search_query_for(text: str, *, weights: str = "") -> SearchQuery | None:
    """A PostgreSQL tsquery matching every word of ``text``, the last one as a prefix.
    Accents and case are ignored by the configuration (``french_unaccent``)."""
    raw = tsquery_text(text, weights=weights)
    if raw is None:
        return None
    return SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw")


def theme_ids_for(codes) -> list[int | None]:
    """Theme ids for codes (``None`` for an unknown code: it matches nothing)."""
    if not codes:
        return []
    found = dict(Theme.objects.filter(code__in=codes).values_list("code", "id"))
    return [found.get(code) for code in codes]


def project_filter(params, queryset: QuerySet | None = None) -> QuerySet:
    """Public projects matching the text and every facet filter of ``params`` (unordered)."""
    qs = queryset if queryset is not None else Project.objects.public()
    plan = search_plan(params.q)
    if plan is not None:
        raw = plan.raw(params.match)
        qs = qs.filter(search_vector=SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw"))
    # No theme or organisation has the id -1: an unknown code matches nothing, in SQL that the
    # facet counts can embed (an empty queryset would not compile).
    theme_ids = [-1 if pk is None else pk for pk in theme_ids_for(params.themes)]
    if theme_ids:
        # every theme must be present (links include the parents of sub-themes); the arrays
        # are copies of the link tables kept by a trigger (migration 0006), indexed with GIN
        qs = qs.filter(facet_theme_ids__contains=theme_ids)
    if params.regions:
        qs = qs.filter(region_id__in=params.regions)
    if params.departments:
        qs = qs.filter(department_id__in=params.departments)
    if params.communes:
        qs = qs.filter(commune_id__in=params.communes)
    if params.organisations:
        qs = qs.filter(organisation_condition(params.organisations))
    if params.years:
        qs = qs.filter(start_year__in=params.years)
    if params.precisions:
        qs = qs.filter(location_precision__in=params.precisions)
    return qs


def project_ordered(params, queryset: QuerySet | None = None, *, full: bool = False) -> QuerySet:
    """``project_filter`` sorted by relevance (when there is text) or by recency. Relevance ranks
    the candidates of a cheap order (``projects.catalogue.ranking``); ``full`` ranks every
    match (the previous order, for the benchmark's overlap measure)."""
    qs = project_filter(params, queryset)
    plan = search_plan(params.q)
    if plan is not None and params.sort == "relevance" and not full and candidates():
        return bounded_ordered(qs, plan, params)
    if plan is not None and params.sort == "relevance":
        return qs.annotate(rank=rank_expression(plan, params)).order_by(
            *catalogue_order(ranked=True)
        )
    return qs.order_by(*catalogue_order(ranked=False))


def legacy_ordered(text: str, queryset: QuerySet | None = None) -> QuerySet:
    """The previous search of ``text``: every word literally, the last one as a prefix, ranked
    by ``ts_rank`` (``manage.py search_relevance`` compares it with today's)."""
    qs = queryset if queryset is not None else Project.objects.public()
    query = search_query_for(text)
    if query is None:
        return qs.order_by(*catalogue_order(ranked=False))
    return (
        qs.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by(*catalogue_order(ranked=True))
    )


def catalogue_order(*, ranked: bool) -> list:
    """The catalogue's order as ORM expressions (``project_ordered``)."""
    return [
        F(c).desc(nulls_last=True) if nulls_last else F(c).desc()
        for c, nulls_last in _ORDERS[ranked]
    ]


def catalogue_order_sql(*, ranked: bool) -> str:
    """The same order as an SQL ``ORDER BY`` list (the facets' single statement)."""
    return ", ".join(
        f"{c} DESC NULLS LAST" if nulls_last else f"{c} DESC" for c, nulls_last in _ORDERS[ranked]
    )


def organisation_condition(slugs) -> Q:
    """Projects listed by one of the public organisations ``slugs`` (an unknown slug matches
    nothing: no organisation has the id -1)."""
    orgs = list(Organisation.objects.public().filter(slug__in=slugs).values_list("id", flat=True))
    return Q(facet_organisation_ids__overlap=orgs or [-1])
