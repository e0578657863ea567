"""Moderation by the organisations that list a project: the queue, rejections, the digest.

A rejection is remembered with a fingerprint of what the partners' pages said
(``ModerationRejection``): a re-harvest of unchanged content is not proposed again.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from members.emails import email_send
from members.models import Membership, Organisation
from members.services import member_verified_email
from projects.models import (
    ModerationDigest,
    ModerationRejection,
    OrganisationModerationTask,
    Project,
    ProjectClaim,
)
from projects.models.holders import project_content_hash


def project_rejection_record(project: Project, user, reason: str) -> ModerationRejection:
    return ModerationRejection.record(project, user, reason)


def project_rejection_is_current(project: Project) -> bool:
    """True when a partner rejected exactly the content the sources still show."""
    latest = project.rejections.order_by("-created_at").first()
    return latest is not None and latest.content_hash == project_content_hash(project)


def project_moderation_submit(project: Project, user=None):
    """Put a harvested draft in the moderation queue of the partners that list it (the
    importer calls this for moderated sources). A rejected, unchanged project stays out."""
    if project.live or project_rejection_is_current(project):
        return None
    if project.workflow_in_progress:
        return project.current_workflow_state
    workflow = project.get_workflow()
    if workflow is None:
        return None
    return workflow.start(project, user)


def moderation_digest_send(*, now=None) -> int:
    """One e-mail per partner member listing what waits for their organisation (projects in
    its moderation queue, holders' claims), at most every MODERATION_DIGEST_INTERVAL_HOURS and
    only when something new arrived since the last one. Returns the number of e-mails sent."""
    now = now or timezone.now()
    interval = timedelta(hours=settings.MODERATION_DIGEST_INTERVAL_HOURS)
    sent = 0
    organisations = Organisation.objects.filter(memberships__isnull=False).distinct()
    for organisation in organisations:
        digest = ModerationDigest.objects.filter(organisation=organisation).first()
        if digest is not None and digest.sent_at > now - interval:
            continue
        since = digest.sent_at if digest else None
        project_ids = organisation.project_sources.values("project_id")
        states = TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            task__in=OrganisationModerationTask.objects.all(),
            workflow_state__object_id__in=[str(p["project_id"]) for p in project_ids],
        )
        claims = ProjectClaim.objects.filter(
            status=ProjectClaim.Status.PENDING, project_id__in=project_ids
        )
        new_states = states.filter(started_at__gt=since) if since else states
        new_claims = claims.filter(created_at__gt=since) if since else claims
        if not new_states.exists() and not new_claims.exists():
            continue
        context = {
            "organisation": organisation,
            "queue_count": states.count(),
            "claim_count": claims.count(),
            "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home"),
        }
        for membership in Membership.objects.filter(organisation=organisation).select_related(
            "user"
        ):
            to = member_verified_email(membership.user) or membership.user.email
            if to and membership.user.is_active:
                sent += email_send("moderation_digest", context, [to])
        ModerationDigest.objects.update_or_create(
            organisation=organisation,
            defaults={"sent_at": now, "item_count": states.count() + claims.count()},
        )
    return sent
