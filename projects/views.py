"""Public views of projects that are not Wagtail pages (a project is a snippet)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from projects.models import Project


def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.select_related("commune", "department", "region"), slug=slug
    )
    if not project.live:
        raise Http404
    sources = project.sources.select_related("organisation").filter(organisation__status="public")
    return render(request, "projects/project_detail.html", {"project": project, "sources": sources})
