"""Territory pages (region, department) and the trends page, with CSV of every chart."""

from __future__ import annotations

import csv

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from members.models import Organisation
from projects.catalogue import trends
from projects.catalogue.charts import bar_chart, column_chart
from projects.catalogue.csv_cells import csv_row
from projects.catalogue.presenters import catalogue_url
from projects.models import Department, Project, Region


def _territory(kind: str | None, slug: str | None):
    if kind == "region":
        obj = get_object_or_404(Region, slug=slug)
        return obj, {"region_id": obj.code}, f"region={obj.code}"
    if kind == "department":
        obj = get_object_or_404(Department.objects.select_related("region"), slug=slug)
        return obj, {"department_id": obj.code}, f"department={obj.code}"
    return None, None, ""


def _trend_context(territory_filter) -> dict:
    distribution = trends.theme_distribution(territory_filter)
    first_seen = trends.yearly_counts(territory_filter)
    started = trends.yearly_counts(territory_filter, field="start_year")
    return {
        "distribution": distribution,
        "distribution_chart": bar_chart(distribution, value="share", compare="national_share"),
        "first_seen": first_seen,
        "first_seen_chart": column_chart(first_seen),
        "started": started,
        "started_chart": column_chart(started),
        "emerging_themes": trends.emerging_themes(territory_filter),
        "emerging_terms": trends.emerging_terms(territory_filter),
    }


def territory_page(request, kind, slug):
    territory, territory_filter, query = _territory(kind, slug)
    projects = Project.objects.public().filter(**territory_filter)
    partners = (
        Organisation.objects.public()
        .filter(project_sources__project__in=projects)
        .annotate(n=Count("project_sources__project", distinct=True))
        .order_by("-n", "name")[:15]
    )
    context = {
        "territory": territory,
        "kind": kind,
        "count": projects.count(),
        "latest": projects.select_related("commune", "department", "thumbnail").order_by(
            "-first_published_at"
        )[:6],
        "partners": partners,
        "catalogue_link": f"{catalogue_url()}?{query}",
        "query": query,
        "departments": territory.departments.order_by("code") if kind == "region" else None,
        **_trend_context(territory_filter),
    }
    return render(request, "projects/territory.html", context)


def trends_page(request):
    context = {"regions": Region.objects.order_by("name"), **_trend_context(None)}
    return render(request, "projects/trends.html", context)


class _SafeWriter:
    """A csv writer whose cells are neutralised (theme labels, words of harvested text)."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow(csv_row(row))


def trends_csv(request, kind=None, slug=None):
    """The numbers of every chart of a trends or territory page, as one CSV."""
    _territory_obj, territory_filter, _query = _territory(kind, slug)
    data = _trend_context(territory_filter)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="carrefour-tendances.csv"'
    response.write("\ufeff")
    writer = _SafeWriter(csv.writer(response))
    writer.writerow([_("série"), _("clé"), _("libellé"), _("valeur"), _("valeur nationale")])
    for r in data["distribution"]:
        writer.writerow(
            ["themes", r["code"], r["label"], f"{r['share']:.4f}", f"{r['national_share']:.4f}"]
        )
    for year, n in data["first_seen"]:
        writer.writerow(["first_seen", year, year, n, ""])
    for year, n in data["started"]:
        writer.writerow(["start_year", year, year, n, ""])
    for r in data["emerging_themes"]:
        writer.writerow(["emerging_theme", r["code"], r["label"], f"{r['growth']:.4f}", ""])
    for r in data["emerging_terms"]:
        writer.writerow(
            ["emerging_term", r.get("stem", r["word"]), r["word"], f"{r['growth']:.4f}", ""]
        )
    return response
