"""Public views of the catalogue that are not Wagtail pages (a project is a snippet).

Thin: each view reads parameters, calls a selector or a ``projects.catalogue`` helper and
renders. The catalogue search itself is the ``CataloguePage`` (``projects/models/pages.py``).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve

from projects.catalogue.clusters import BBox, project_clusters
from projects.catalogue.params import SearchParams
from projects.catalogue.presenters import catalogue_url
from projects.catalogue.reading import description_for_page, search_neighbours
from projects.catalogue.shared_page import shared_view
from projects.catalogue.similar import similar_projects
from projects.catalogue.structured import project_json_ld
from projects.catalogue.suggest import typeahead
from projects.consolidation.normalize import description_without_emails, remove_emails
from projects.holders.selectors import project_is_held_by
from projects.models import Project
from projects.permissions import user_can_edit_project


@shared_view("projects:detail")
def project_detail(request, slug):
    """A project's page; anonymous visitors share its rendering (like the catalogue page)."""
    project = get_object_or_404(
        Project.objects.select_related("commune", "department", "region", "thumbnail"),
        slug=slug,
    )
    if not project.live:
        raise Http404
    # Imports already remove addresses; projects harvested before that still hold some, and
    # the page never shows one (the contact form below reaches the holders).
    project.description = description_without_emails(project.description)
    project.summary = remove_emails(project.summary)
    sources = project.sources.select_related("organisation").filter(organisation__status="public")
    themes = list(project.themes.select_related("parent").order_by("sort_order", "code"))
    show_summary, description = description_for_page(project.summary, project.description)
    catalogue = catalogue_url()
    context = {
        "project": project,
        "show_summary": show_summary,
        "description": description,
        "search": search_neighbours(project, request.GET, catalogue_url=catalogue),
        "sources": sources,
        "themes": themes,
        "similar": similar_projects(project),
        "json_ld": project_json_ld(project, request, themes=themes, sources=sources),
        "catalogue_url": catalogue,
        # "Modifier" only for those who may: the project's holders (public form) and the
        # editors of a partner that lists it (the admin)
        "holder_may_edit": project_is_held_by(project, request.user),
        "admin_edit_url": reverse("wagtailsnippets_projects_project:edit", args=[project.pk])
        if request.user.is_authenticated and user_can_edit_project(request.user, project)
        else "",
        "page_url": request.build_absolute_uri(project.get_absolute_url()),
    }
    return render(request, "projects/project_detail.html", context)


@require_GET
def typeahead_json(request):
    data = typeahead(request.GET.get("q", ""))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def project_map(request):
    params = SearchParams.from_querydict(request.GET)
    context = {"params": params, "catalogue_url": catalogue_url(), "query": params.q}
    return render(request, "projects/project_map.html", context)


@require_GET
def clusters_json(request):
    params = SearchParams.from_querydict(request.GET)
    bbox = BBox.parse(request.GET.get("bbox")) or BBox(-180, -90, 180, 90)
    try:
        zoom = int(request.GET.get("zoom", 5))
    except ValueError:
        zoom = 5
    return JsonResponse(
        project_clusters(params, bbox, zoom), json_dumps_params={"ensure_ascii": False}
    )


def _leaflet_root() -> Path:
    import xstatic.pkg.leaflet

    return Path(xstatic.pkg.leaflet.BASE_DIR)


@cache_control(public=True, max_age=60 * 60 * 24 * 7)
def leaflet_static(request, path):
    """Leaflet, served from the files of the ``xstatic-leaflet`` Python package (no CDN)."""
    if not path.startswith(("leaflet.js", "leaflet.css", "images/")):
        raise Http404
    return serve(request, path, document_root=_leaflet_root(), show_indexes=False)


def map_settings() -> dict:
    return {"tiles": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}
