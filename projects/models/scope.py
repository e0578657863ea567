"""Which projects an account may see and edit in the admin: the members policy applied to projects.

Below every caller (the moderation task of ``projects.models.holders``, ``projects.permissions``,
the services): a partner editor acts on the projects that one of their organisations lists (a
``ProjectSource``); platform admins act on all.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from members.permissions import is_platform_admin, organisations_for
from projects.models.project import DuplicateCandidate, Project, ProjectSource


def projects_for(user) -> QuerySet[Project]:
    """Projects ``user`` may see and edit in the admin (drafts included)."""
    if is_platform_admin(user):
        return Project.objects.all()
    organisations = organisations_for(user)
    return Project.objects.filter(
        pk__in=ProjectSource.objects.filter(organisation__in=organisations).values("project_id")
    )


def project_sources_for(user) -> QuerySet[ProjectSource]:
    """Partner pages (``ProjectSource``) ``user`` may see and edit."""
    if is_platform_admin(user):
        return ProjectSource.objects.all()
    return ProjectSource.objects.filter(organisation__in=organisations_for(user))


def duplicates_for(user) -> QuerySet[DuplicateCandidate]:
    """Duplicate pairs with one of ``user``'s projects whose other side ``user`` may see too
    (theirs, or published): another organisation's draft title never shows."""
    if is_platform_admin(user):
        return DuplicateCandidate.objects.all()
    mine = projects_for(user).values("pk")
    return (
        DuplicateCandidate.objects.filter(Q(project__in=mine) | Q(other__in=mine))
        .filter(Q(project__live=True) | Q(project__in=mine))
        .filter(Q(other__live=True) | Q(other__in=mine))
    )


def user_can_edit_project(user, project) -> bool:
    if project is None or project.pk is None:
        return False
    if is_platform_admin(user):
        return True
    return projects_for(user).filter(pk=project.pk).exists()
