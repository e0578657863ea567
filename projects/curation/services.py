"""Editors' decisions on matching: merge two projects, split a partner page off, mark distinct.

Each decision pins the partner pages concerned (``ProjectSource.match_locked``); the harvest
looks a page up by (partner, URL) first, so later harvests keep the editor's choice.
"""

from __future__ import annotations

from django.db import transaction

from projects.lists.services import list_entries_move
from projects.models import DuplicateCandidate, Project, ProjectSource, Theme


@transaction.atomic
def projects_merge(target: Project, other: Project) -> Project:
    """Fold ``other`` into ``target``: its partner pages, themes and members' list entries
    move (once per list), ``other`` goes."""
    if target.pk == other.pk:
        raise ValueError("Un projet ne peut pas être fusionné avec lui-même.")
    ProjectSource.objects.filter(project=other).update(
        project=target, match_locked=True, match_reason="fusion manuelle"
    )
    ProjectSource.objects.filter(project=target).update(match_locked=True)
    themes = set(target.themes.values_list("pk", flat=True)) | set(
        other.themes.values_list("pk", flat=True)
    )
    target.themes.set(Theme.objects.filter(pk__in=themes))
    for name in ("summary", "website", "image_url", "holder_name", "start_year"):
        if not getattr(target, name) and getattr(other, name):
            setattr(target, name, getattr(other, name))
    target.save()
    DuplicateCandidate.objects.filter(
        project__in=[target, other], other__in=[target, other]
    ).update(status=DuplicateCandidate.Status.MERGED)
    list_entries_move(other, target)
    other.delete()
    target.save_revision(clean=False, log_action=True)
    return target


@transaction.atomic
def project_split(source: ProjectSource) -> Project:
    """Detach one partner page into a project of its own (it was wrongly merged)."""
    values = source.harvested_values
    project = Project(
        title=values.get("title") or source.url[:255],
        summary=values.get("summary", ""),
        description=values.get("description", ""),
        website=values.get("website", ""),
        live=False,
    )
    project.save()
    source.project = project
    source.match_locked = True
    source.match_reason = "séparation manuelle"
    source.save()
    project.save_revision(clean=False, log_action=True)
    return project


def duplicate_mark_distinct(candidate: DuplicateCandidate) -> None:
    candidate.status = DuplicateCandidate.Status.DISTINCT
    candidate.save(update_fields=["status"])
