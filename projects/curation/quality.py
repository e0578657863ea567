"""Catalogue quality figures (admin report and ``manage.py projects_quality``)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from projects.models import DuplicateCandidate, Project


def quality_report(projects: QuerySet | None = None, duplicates: QuerySet | None = None) -> dict:
    """Shares of ``projects`` (default: the whole catalogue) located (by precision),
    classified, with a website; pending ``duplicates`` (default: all)."""
    projects = Project.objects.all() if projects is None else projects
    duplicates = DuplicateCandidate.objects.all() if duplicates is None else duplicates
    total = projects.count()
    precision = dict(
        projects.values_list("location_precision")
        .annotate(n=Count("pk"))
        .values_list("location_precision", "n")
    )
    counts = projects.aggregate(
        with_theme=Count("pk", filter=Q(themes__isnull=False), distinct=True),
        with_website=Count("pk", filter=~Q(website=""), distinct=True),
        live=Count("pk", filter=Q(live=True), distinct=True),
        multi_source=Count(
            "pk",
            filter=Q(pk__in=Project.objects.annotate(n=Count("sources")).filter(n__gt=1)),
            distinct=True,
        ),
    )

    def share(n):
        return round(100 * n / total, 1) if total else 0.0

    return {
        "total": total,
        "live": counts["live"],
        "location": {
            p: {"count": precision.get(p, 0), "share": share(precision.get(p, 0))}
            for p in Project.Precision.values
        },
        "with_theme": {"count": counts["with_theme"], "share": share(counts["with_theme"])},
        "with_website": {"count": counts["with_website"], "share": share(counts["with_website"])},
        "multi_source": counts["multi_source"],
        "duplicates_pending": duplicates.filter(status=DuplicateCandidate.Status.PENDING).count(),
    }
