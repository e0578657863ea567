"""The catalogue's search (views, pages, API, feeds, exports and commands call it).

``project_catalogue`` takes the filtered projects of ``projects.catalogue.query``, and adds
ordering, one page of results with highlighted words, facet counts and a "did you mean".
When every word must match and that finds fewer than ``FEW_RESULTS`` projects, the search
falls back to any word (ranked by the number of words matched) and says so (``notice``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator

from projects.catalogue.cache import cached_answer, store_answers, stored_answers
from projects.catalogue.facets import FACETS, catalogue_counts, facet_entries
from projects.catalogue.highlight import project_headlines
from projects.catalogue.matching import search_plan
from projects.catalogue.query import HEAVY_FIELDS, project_ordered
from projects.catalogue.suggest import did_you_mean
from projects.models import Commune, Department, Project


@dataclass
class CatalogueResult:
    params: object
    page: Page
    count: int
    facets: dict = field(default_factory=dict)
    suggestion: str = ""
    headlines: dict = field(default_factory=dict)
    #: "any": no project has every word, these have some of them (most first)
    notice: str = ""
    typed: str = ""  # the text typed, when the results are those of ``suggestion``
    theme_labels: str = ""  # "theme": the themes the text names, whose projects these are


FEW_RESULTS = 5


def project_catalogue(
    params, *, page_size: int = 20, with_facets: bool = True, with_projects: bool = True
) -> CatalogueResult:
    """``_project_catalogue``, and when it finds fewer than ``FEW_RESULTS`` projects the first
    of these that finds more, said by ``notice``: the corrected text ("corrected": a typo, a
    misspelt place), the same search around the places typed ("department": the department of
    a commune, the region of a department), one word of the text instead of every word
    ("any", ranked by the number of words matched), and when nothing at all matches the words,
    the projects of the themes the text names ("theme")."""
    options = {"page_size": page_size, "with_facets": with_facets, "with_projects": with_projects}
    result = _project_catalogue(params, **options)
    if result.count >= FEW_RESULTS or params.match:
        return result
    if params.q and (suggestion := cached_did_you_mean(params)):
        corrected = _project_catalogue(_corrected(params, suggestion), **options)
        if corrected.count > result.count:
            corrected.notice, corrected.suggestion, corrected.typed = (
                "corrected",
                suggestion,
                params.q,
            )
            return corrected
    if (params.q or result.count == 0) and (around := _around(params)) is not None:
        wider = _project_catalogue(around, **options)
        if wider.count > result.count:
            wider.notice = "department"
            return wider
    plan = search_plan(params.q) if params.q else None
    if plan is not None and plan.widens:
        matches = ["any"]
        if plan.any_words() != plan.words:
            # the words left out as common may be the only ones the filtered projects hold
            matches.append("any-all")
        for match in matches:
            wider = _project_catalogue(replace(params, match=match), **options)
            if wider.count > result.count:
                wider.notice = "any"
                return wider
    if result.count == 0 and (by_theme := _by_theme(params)) is not None:
        wider = _project_catalogue(by_theme, **options)
        if wider.count > result.count:
            wider.notice = "theme"
            wider.theme_labels = ", ".join(h.label for h in params.extra["themes"])
            return wider
    return result


def _by_theme(params):
    """The projects of the themes the text names ("mobilité" → the Mobilité theme, whose
    projects may never write the word), newest first; ``None`` when it names none."""
    hits = [h for h in (params.extra or {}).get("themes", ()) if h.code not in params.themes]
    if not params.q or not hits:
        return None
    themes = tuple(dict.fromkeys((*params.themes, *(h.code for h in hits))))
    return replace(params, q="", themes=themes, sort="recent", page=1)


def cached_did_you_mean(params) -> str:
    return cached_answer("did-you-mean", (params.cache_key(),), lambda: did_you_mean(params))


def _corrected(params, text: str):
    """``params`` with ``text`` typed instead, understood again (a corrected place name
    becomes its filter)."""
    from projects.catalogue.params import SearchParams

    data: dict[str, list[str]] = {}
    for name, value in params.items(sort=True):
        if name != "q":
            data.setdefault(name, []).append(value)
    data["q"] = [text]
    return SearchParams.from_querydict(_Multi(data))


class _Multi(dict):
    def get(self, name, default=None):
        values = super().get(name)
        return values[-1] if values else default

    def getlist(self, name):
        return list(super().get(name, []))


def _around(params):
    """The same search one level up from the places typed: the departments of its communes
    ("jardin à Plouër" → the Côtes-d'Armor), else the regions of the departments the text
    named; ``None`` when there is none. Projects of the places typed stay first
    (``extra["near"]``, ``projects.catalogue.matching.rank_expression``)."""
    extra = dict(params.extra or {})
    if params.communes:
        departments = tuple(
            Commune.objects.filter(insee_code__in=params.communes)
            .values_list("department_id", flat=True)
            .distinct()
        )
        if not departments:
            return None
        extra["near"] = ("commune_id", tuple(params.communes))
        return replace(
            params,
            communes=(),
            departments=tuple(dict.fromkeys((*params.departments, *departments))),
            page=1,
            extra=extra,
        )
    typed = [p.code for p in extra.get("places", ()) if p.kind == "department"]
    typed = [code for code in typed if code in params.departments]
    if not typed or params.regions:
        return None
    regions = tuple(
        Department.objects.filter(code__in=typed).values_list("region_id", flat=True).distinct()
    )
    extra["near"] = ("department_id", tuple(typed))
    departments = tuple(code for code in params.departments if code not in typed)
    return replace(params, departments=departments, regions=regions, page=1, extra=extra)


def _project_catalogue(
    params, *, page_size: int, with_facets: bool, with_projects: bool
) -> CatalogueResult:
    """One page of the catalogue for ``params``: results, total, facets, highlights, suggestion.
    Without ``with_projects`` the page holds the projects' ids only (no highlights), for a
    caller that builds its own records (the API).

    Facets do not depend on the page or the order: one cached answer serves every page. When
    neither is stored, one statement computes both (``projects.catalogue.facets``)."""
    keys, stored = stored_answers(
        {
            "facets": ("facets", (params.cache_key(), with_facets)),
            "page": (
                "page",
                (params.querystring(page=True), page_size, with_facets, params.extra.get("near")),
            ),
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
    store_answers(keys, fresh)
    paginator = Paginator([], page_size)
    paginator.__dict__["count"] = count  # counted once, with the facets
    if not with_projects:
        return CatalogueResult(params, Page(page_ids, number, paginator), count, facets, suggestion)
    found_projects = (
        Project.objects.filter(pk__in=page_ids)
        .select_related("commune", "department", "region", "thumbnail")
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
