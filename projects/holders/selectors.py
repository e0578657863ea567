"""Read-side queries for holders and contact (see ``projects/holders/``)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from projects.models import (
    ContactBlock,
    ContactMessage,
    ContactOptOut,
    Conversation,
    Project,
    ProjectClaim,
)
from projects.permissions import projects_for


def project_holders(project: Project) -> QuerySet:
    """Active accounts whose claim on ``project`` is confirmed."""
    return get_user_model().objects.filter(
        is_active=True,
        project_claims__project=project,
        project_claims__status=ProjectClaim.Status.CONFIRMED,
    )


def project_is_held_by(project: Project, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return project_holders(project).filter(pk=user.pk).exists()


def projects_held_by(user) -> QuerySet[Project]:
    return Project.objects.filter(claims__user=user, claims__status=ProjectClaim.Status.CONFIRMED)


def claim_for(project: Project, user) -> ProjectClaim | None:
    if user is None or not user.is_authenticated:
        return None
    return ProjectClaim.objects.filter(project=project, user=user).first()


def claims_to_review_for(user) -> QuerySet[ProjectClaim]:
    """Pending claims on the projects ``user``'s organisations list."""
    return (
        ProjectClaim.objects.filter(
            status=ProjectClaim.Status.PENDING, project__in=projects_for(user)
        )
        .select_related("project", "user")
        .order_by("created_at")
    )


def messages_sent_since(user, since) -> int:
    return ContactMessage.objects.filter(sender=user, created_at__gte=since).count()


def messages_sent_last_hour(user) -> int:
    return messages_sent_since(user, timezone.now() - timedelta(hours=1))


def contact_is_blocked(*, user=None, email: str | None = None) -> bool:
    conditions = Q(pk__in=[])
    if user is not None and user.pk:
        conditions |= Q(user=user)
    if email:
        conditions |= Q(email__iexact=email.strip())
    return ContactBlock.objects.filter(conditions).exists()


def contact_is_opted_out(email: str) -> bool:
    return bool(email) and ContactOptOut.objects.filter(email__iexact=email.strip()).exists()


def conversations_for(user) -> QuerySet[Conversation]:
    """Conversations ``user`` started or received (as a holder of the project)."""
    if user is None or not user.is_authenticated:
        return Conversation.objects.none()
    return (
        Conversation.objects.filter(Q(started_by=user) | Q(project__in=projects_held_by(user)))
        .select_related("project", "started_by")
        .distinct()
        .order_by("-updated_at")
    )
