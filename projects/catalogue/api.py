"""Open data API of the catalogue (django-ninja, OpenAPI docs at ``/api/docs``).

``GET /api/projects`` searches like the catalogue page (same parameters, same facets);
``GET /api/projects/{id}`` gives one public project. Records come from
``projects.catalogue.records`` (explicit public columns: no e-mail ever).
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import BaseModel

from projects.catalogue.params import SearchParams
from projects.catalogue.records import project_records
from projects.catalogue.search import project_catalogue
from projects.models import Project

api = NinjaAPI(
    title="Carrefour des innovations sociales — API ouverte",
    version="1.0",
    description="Les projets publiés du catalogue : recherche plein texte, filtres et facettes.",
    urls_namespace="api",
)

MAX_PAGE_SIZE = 100

# Responses are plain pydantic models: the views hand over dicts, and ninja's ``Schema`` would
# wrap every attribute read in its ORM-friendly getter (a third of a cold API call's Python
# time for twenty projects and their facets).


class Coded(BaseModel):
    code: str
    label: str


class Partner(BaseModel):
    slug: str
    label: str
    url: str


class ProjectOut(BaseModel):
    id: int
    title: str
    slug: str
    url: str
    summary: str
    holder_name: str
    website: str
    start_year: int | None
    status: str
    themes: list[Coded]
    partners: list[Partner]
    commune: Coded | None
    department: Coded | None
    region: Coded | None
    latitude: float | None
    longitude: float | None
    location_precision: str
    published_at: datetime | None
    updated_at: datetime | None


class FacetCode(BaseModel):
    code: str
    label: str
    count: int


class FacetSlug(BaseModel):
    slug: str
    label: str
    count: int


class Facets(BaseModel):
    themes: list[FacetCode]
    regions: list[FacetCode]
    departments: list[FacetCode]
    organisations: list[FacetSlug]


class Place(BaseModel):
    kind: str  # "region", "department" or "commune"
    code: str
    label: str


class Understood(BaseModel):
    """What the search read in ``q``: the words it searched, the places that became filters,
    the themes it named (ranked first), and how it widened a search that found few projects
    ("corrected", "department", "any", "theme"; "" when it did not)."""

    q: str
    places: list[Place]
    themes: list[Coded]
    notice: str
    suggestion: str


class ProjectList(BaseModel):
    count: int
    results: list[ProjectOut]
    facets: Facets
    understood: Understood


class Filters(Schema):
    q: str = ""
    theme: list[str] = []
    region: list[str] = []
    department: list[str] = []
    commune: list[str] = []
    organisation: list[str] = []
    year: list[int] = []
    precision: list[str] = []
    sort: str = ""
    match: str = ""
    page: int = 1
    page_size: int = 20


@api.get("/projects", response=ProjectList, summary="Rechercher des projets")
def list_projects(request, filters: Query[Filters]):
    """Full-text search (French, accents ignored, synonyms; the last word a prefix when it is
    not a whole word) with filters. Places named in ``q`` ("à Rennes", "en Bretagne", "(35)",
    a postal code) become filters; ``understood`` tells what was read.

    Several values of one filter are alternatives (``region=53&region=52``), except themes,
    which must all be present. Facets count the matching projects per value."""
    if not 1 <= filters.page_size <= MAX_PAGE_SIZE:
        raise HttpError(
            422,
            _(
                "page_size doit être compris entre 1 et %(max)d : demandez moins de projets "
                "par page."
            )
            % {"max": MAX_PAGE_SIZE},
        )
    data = filters.dict()
    data = {k: v for k, v in data.items() if k != "page_size"}
    params = SearchParams.from_querydict(_QueryDict(data))
    result = project_catalogue(params, page_size=filters.page_size, with_projects=False)
    ids = list(result.page.object_list)
    if params.page > result.page.paginator.num_pages:
        ids = []
    records = {
        r["id"]: r for r in project_records(Project.objects.filter(pk__in=ids), stream=False)
    }
    keep = ("code", "slug", "label", "count")
    facets = {
        name: [{k: e[k] for k in keep if k in e} for e in result.facets[name]]
        for name in ("themes", "regions", "departments", "organisations")
    }
    extra = result.params.extra or {}
    understood = {
        "q": result.params.q,
        "places": [
            {"kind": p.kind, "code": p.code, "label": p.label} for p in extra.get("places", ())
        ],
        "themes": [{"code": t.code, "label": t.label} for t in extra.get("themes", ())],
        "notice": result.notice,
        "suggestion": result.suggestion,
    }
    return {
        "count": result.count,
        "results": [records[i] for i in ids],
        "facets": facets,
        "understood": understood,
    }


@api.get("/projects/{project_id}", response=ProjectOut, summary="Un projet")
def get_project(request, project_id: int):
    records = list(project_records(Project.objects.public().filter(pk=project_id), stream=False))
    if not records:
        raise Http404
    return records[0]


class _QueryDict(dict):
    """Enough of ``QueryDict`` for ``SearchParams.from_querydict``."""

    def getlist(self, key):
        value = self.get(key) or []
        return [str(v) for v in (value if isinstance(value, list) else [value])]
