"""Read-side queries of the catalogue (views, pages, API, feeds, exports and commands call these).

``project_filter`` turns ``SearchParams`` into a queryset of public projects; ``project_catalogue``
adds ordering, one page of results with highlighted words, facet counts and a "did you mean".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet

from members.models import Organisation
from projects.catalogue.facets import FACETS
from projects.models import Project, Theme

SEARCH_CONFIG = "french_unaccent"
# columns listings never show
HEAVY_FIELDS = ("search_vector", "harvest_values", "provenance", "theme_reasons", "contact_email")
_WORD = re.compile(r"\w+", re.UNICODE)


def tsquery_text(text: str, *, weights: str = "") -> str | None:
    """The raw ``to_tsquery`` text for ``text``: every word, the last one as a prefix
    (type-ahead: "educ" finds "éducation"). ``weights`` (e.g. "A": the title) restricts where
    the words may match. ``None`` when ``text`` has no word."""
    words = _WORD.findall(text or "")[:12]
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


def theme_ids_for(codes) -> list[int | None]:
    """Theme ids for codes (``None`` for an unknown code: it matches nothing)."""
    if not codes:
        return []
    found = dict(Theme.objects.filter(code__in=codes).values_list("code", "id"))
    return [found.get(code) for code in codes]


def project_filter(params, queryset: QuerySet | None = None) -> QuerySet:
    """Public projects matching the text and every facet filter of ``params`` (unordered)."""
    qs = queryset if queryset is not None else Project.objects.public()
    query = search_query_for(params.q)
    if query is not None:
        qs = qs.filter(search_vector=query)
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
    if params.organisations:
        orgs = list(
            Organisation.objects.public()
            .filter(slug__in=params.organisations)
            .values_list("id", flat=True)
        )
        qs = qs.filter(facet_organisation_ids__overlap=orgs or [-1])
    if params.years:
        qs = qs.filter(start_year__in=params.years)
    if params.precisions:
        qs = qs.filter(location_precision__in=params.precisions)
    return qs


def project_ordered(params, queryset: QuerySet | None = None) -> QuerySet:
    """``project_filter`` sorted by relevance (when there is text) or by recency."""
    qs = project_filter(params, queryset)
    query = search_query_for(params.q)
    if query is not None and params.sort == "relevance":
        return qs.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
            "-rank", "-first_published_at", "-id"
        )
    return qs.order_by(F("first_published_at").desc(nulls_last=True), "-id")


@dataclass
class CatalogueResult:
    params: object
    page: Page
    count: int
    facets: dict = field(default_factory=dict)
    suggestion: str = ""
    headlines: dict = field(default_factory=dict)


def project_catalogue(
    params, *, page_size: int = 20, with_facets: bool = True, with_projects: bool = True
) -> CatalogueResult:
    """One page of the catalogue for ``params``: results, total, facets, highlights, suggestion.
    Without ``with_projects`` the page holds the projects' ids only (no highlights), for a
    caller that builds its own records (the API).

    Facets do not depend on the page or the order: one cached answer serves every page. When
    neither is stored, one statement computes both (``projects.catalogue.facets``)."""
    from projects.catalogue.cache import store_answers, stored_answers
    from projects.catalogue.facets import catalogue_counts, facet_entries
    from projects.catalogue.highlight import project_headlines
    from projects.catalogue.suggest import did_you_mean

    keys, stored = stored_answers(
        {
            "facets": ("facets", (params.cache_key(), with_facets)),
            "page": ("page", (params.querystring(page=True), page_size, with_facets)),
        }
    )
    fresh = {}
    if "facets" not in stored:
        found = catalogue_counts(
            params,
            facets=FACETS if with_facets else (),
            page_size=None if "page" in stored else page_size,
            page=params.page,
        )
        stored["facets"] = fresh["facets"] = (
            facet_entries(params, found.counts) if with_facets else {},
            found.total,
        )
        if found.page_ids is not None:
            number = params.page
            stored["page"] = fresh["page"] = (found.page_ids, number, found.total, "")
    facets, total = stored["facets"]
    if "page" not in stored:
        stored["page"] = fresh["page"] = _page_ids(params, page_size, total)
    page_ids, number, count, suggestion = stored["page"]
    if count == 0 and params.q and "page" in fresh:
        suggestion = did_you_mean(params.q)
        stored["page"] = fresh["page"] = (page_ids, number, count, suggestion)
    store_answers(keys, fresh)
    paginator = Paginator([], page_size)
    paginator.__dict__["count"] = count  # counted once, with the facets
    if not with_projects:
        return CatalogueResult(params, Page(page_ids, number, paginator), count, facets, suggestion)
    found_projects = (
        Project.objects.filter(pk__in=page_ids)
        .select_related("commune", "department", "region")
        .defer(*HEAVY_FIELDS)
        .in_bulk()
    )
    projects = [found_projects[pk] for pk in page_ids if pk in found_projects]
    page = Page(projects, number, paginator)
    return CatalogueResult(
        params=params,
        page=page,
        count=count,
        facets=facets,
        suggestion=suggestion,
        headlines=project_headlines(projects, params.q),
    )


def _page_ids(params, page_size: int, total: int) -> tuple[list[int], int, int, str]:
    """Ids of the requested page clamped to the last one (a page past the end, or a later page
    of a search whose counts are stored), its number, the number of matches, no suggestion."""
    # Sort narrow rows (id, rank) first, then load the page's projects: sorting whole rows
    # (description, vector) of thousands of matches costs several times more.
    paginator = Paginator(project_ordered(params).values_list("id", flat=True), page_size)
    paginator.__dict__["count"] = total
    page = paginator.get_page(params.page)
    return list(page.object_list), page.number, total, ""
