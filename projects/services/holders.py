"""Write-side services for project holders, contact between members and moderation.

Claim rules (``project_claim``): a member with a verified e-mail claims a published project;
the claim is confirmed at once when that e-mail is the project's contact e-mail or is on the
domain of the project's website (never a shared mail or hosting domain), otherwise it waits
for an editor of a partner that lists the project (``claim_decide``).

Holder edits (``project_holder_update``) change a few fields and record ``provenance`` =
"holder"; they leave ``Project.harvest_values`` alone, so the importer's three-way merge sees
a value that differs from what the harvest wrote and never overwrites it.

Contact (``conversation_start``, ``conversation_reply``): verified members only, at most
``CONTACT_MESSAGES_PER_HOUR`` messages per sender (counted from stored messages), block list,
one message to the contact e-mail of an unclaimed project (with an opt-out link), e-mails
with Reply-To set to the sender and one e-mail per recipient.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.emails import email_send
from members.models import Membership
from members.services import member_display_name, member_verified_email
from projects.consolidation.normalize import host_of
from projects.html import sanitize_html
from projects.models import (
    ContactMessage,
    ContactOptOut,
    Conversation,
    ModerationDigest,
    ModerationRejection,
    OrganisationModerationTask,
    Project,
    ProjectClaim,
)
from projects.permissions import user_can_edit_project
from projects.selectors_holders import (
    contact_is_blocked,
    contact_is_opted_out,
    messages_sent_last_hour,
    project_holders,
    project_is_held_by,
)

logger = logging.getLogger(__name__)

#: Fields a holder may change.
HOLDER_FIELDS = ("description", "website", "contact_email", "image_url")

#: Domains shared by many people: an address there proves nothing about a website.
SHARED_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.fr",
        "yahoo.com",
        "hotmail.fr",
        "hotmail.com",
        "outlook.fr",
        "outlook.com",
        "live.fr",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "laposte.net",
        "bbox.fr",
        "aol.com",
        "gmx.fr",
        "gmx.com",
        "protonmail.com",
        "proton.me",
        "yandex.com",
        "wordpress.com",
        "wixsite.com",
        "blogspot.com",
        "over-blog.com",
        "github.io",
        "google.com",
        "sites.google.com",
        "facebook.com",
        "linktr.ee",
        "jimdo.com",
        "webnode.fr",
        "e-monsite.com",
        "helloasso.com",
        "canalblog.com",
        "hautetfort.com",
    }
)

OPT_OUT_SALT = "projects.contact.opt-out"


class HolderError(Exception):
    """A refused claim, edit or message; ``str(error)`` is a sentence for the member."""

    status = 403


class ContactRateLimited(HolderError):
    """Too many messages in the last hour."""

    status = 429


# --- claims -------------------------------------------------------------------------------


def _host(url: str) -> str:
    return host_of(url)


def _same_domain(email_domain: str, host: str) -> bool:
    if not email_domain or not host or "." not in email_domain:
        return False
    if email_domain in SHARED_DOMAINS or host in SHARED_DOMAINS:
        return False
    if any(host.endswith("." + shared) for shared in SHARED_DOMAINS):
        return False
    return (
        email_domain == host
        or host.endswith("." + email_domain)
        or email_domain.endswith("." + host)
    )


def claim_auto_method(project: Project, email: str | None) -> str | None:
    """How a claim by the owner of ``email`` is confirmed without a partner, if it is."""
    if not email:
        return None
    email = email.strip().lower()
    if project.contact_email and project.contact_email.strip().lower() == email:
        return ProjectClaim.Method.CONTACT_EMAIL
    if _same_domain(email.rsplit("@", 1)[-1], _host(project.website)):
        return ProjectClaim.Method.WEBSITE_DOMAIN
    return None


@transaction.atomic
def project_claim(project: Project, user, *, message: str = "") -> ProjectClaim:
    """Record ``user``'s claim on ``project``; confirmed at once when the rules allow."""
    if not project.live:
        raise HolderError(_("Ce projet n'est pas publié : il ne peut pas encore être revendiqué."))
    email = member_verified_email(user)
    if email is None:
        raise HolderError(
            _("Confirmez d'abord votre adresse e-mail (lien reçu à l'inscription), puis réessayez.")
        )
    existing = ProjectClaim.objects.select_for_update().filter(project=project, user=user).first()
    if existing is not None:
        if existing.status == ProjectClaim.Status.REJECTED:
            raise HolderError(
                _(
                    "Votre demande pour ce projet a été refusée. Écrivez au partenaire qui le "
                    "présente si c'est une erreur."
                )
            )
        return existing
    method = claim_auto_method(project, email)
    claim = ProjectClaim(project=project, user=user, message=message.strip()[:2000])
    if method:
        claim.status = ProjectClaim.Status.CONFIRMED
        claim.method = method
        claim.decided_at = timezone.now()
    claim.save()
    return claim


@transaction.atomic
def claim_decide(claim: ProjectClaim, user, *, approve: bool, note: str = "") -> ProjectClaim:
    """An editor of a listing partner confirms or refuses a pending claim."""
    if not user_can_edit_project(user, claim.project):
        raise PermissionDenied
    claim = ProjectClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ProjectClaim.Status.PENDING:
        return claim
    claim.status = ProjectClaim.Status.CONFIRMED if approve else ProjectClaim.Status.REJECTED
    claim.method = ProjectClaim.Method.PARTNER if approve else ""
    claim.decided_at = timezone.now()
    claim.decided_by = user
    claim.decision_note = note.strip()[:500]
    claim.save()
    to = member_verified_email(claim.user)
    if to:
        transaction.on_commit(
            lambda: email_send(
                "claim_decided",
                {
                    "claim": claim,
                    "project": claim.project,
                    "approved": approve,
                    "project_url": settings.SITE_URL + claim.project.get_absolute_url(),
                },
                [to],
            )
        )
    return claim


# --- holder edits -------------------------------------------------------------------------


@transaction.atomic
def project_holder_update(project: Project, user, values: dict) -> list[str]:
    """Apply a holder's changes to the published project; returns the changed fields.

    Provenance says "holder"; ``harvest_values`` is untouched, so later harvests keep these
    values (three-way merge in ``projects.services.importer``)."""
    if not project_is_held_by(project, user):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    now = timezone.now().isoformat()
    changed = []
    for name in HOLDER_FIELDS:
        if name not in values:
            continue
        value = values[name] or ""
        if name == "description":
            value = sanitize_html(value)
        if value == (getattr(project, name) or ""):
            continue
        setattr(project, name, value)
        project.provenance[name] = {"origin": "holder", "user": user.pk, "at": now}
        changed.append(name)
    if changed:
        project.save()
        revision = project.save_revision(user=user, clean=False, log_action=True)
        if project.live:
            # Holders may publish these fields (the policy, not model permissions, decides).
            revision.publish(user=user, skip_permission_checks=True)
    return changed


# --- contact ------------------------------------------------------------------------------


def opt_out_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=OPT_OUT_SALT)


def opt_out_email_from_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None


def contact_opt_out(email: str) -> None:
    ContactOptOut.objects.get_or_create(email=email.strip().lower())


def _check_sender(user) -> str:
    """The sender's verified address, or HolderError with what to do."""
    if user is None or not user.is_authenticated:
        raise HolderError(_("Connectez-vous pour écrire à un porteur de projet."))
    email = member_verified_email(user)
    if email is None:
        raise HolderError(_("Confirmez d'abord votre adresse e-mail, puis réessayez."))
    if contact_is_blocked(user=user, email=email):
        raise HolderError(
            _(
                "Votre compte ne peut plus envoyer de messages. Écrivez aux administrateurs de la "
                "plateforme si c'est une erreur."
            )
        )
    # One sender at a time: the count below then cannot be raced.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    limit = settings.CONTACT_MESSAGES_PER_HOUR
    if messages_sent_last_hour(user) >= limit:
        raise ContactRateLimited(
            _(
                "Vous avez envoyé %(limit)s messages au cours de la dernière heure : réessayez "
                "plus tard."
            )
            % {"limit": limit}
        )
    return email


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) < 10:
        raise HolderError(
            _("Votre message est trop court : présentez-vous et dites pourquoi vous écrivez.")
        )
    return body[:5000]


def contact_target(project: Project, user) -> tuple[list, str]:
    """Who a message from ``user`` about ``project`` would reach: (holders, contact e-mail).

    Raises HolderError when nobody can be reached."""
    if project_is_held_by(project, user):
        raise HolderError(_("Vous portez ce projet : vous ne pouvez pas vous écrire à vous-même."))
    holders = [h for h in project_holders(project) if not contact_is_blocked(user=h)]
    if holders:
        return holders, ""
    email = (project.contact_email or "").strip().lower()
    if not email:
        raise HolderError(
            _(
                "Ce projet n'a ni porteur inscrit ni adresse de contact : revenez quand il aura "
                "été revendiqué."
            )
        )
    if contact_is_opted_out(email) or contact_is_blocked(email=email):
        raise HolderError(_("Les porteurs de ce projet ont demandé à ne pas être contactés."))
    if Conversation.objects.filter(
        project=project, started_by=user, to_contact_email=True
    ).exists():
        raise HolderError(
            _(
                "Vous avez déjà écrit à ce projet. Tant qu'il n'a pas de porteur inscrit, un seul "
                "message est possible."
            )
        )
    return [], email


def _deliver(message: ContactMessage, sender_email: str, recipients: list, contact_email: str):
    conversation = message.conversation
    project = conversation.project
    context = {
        "message": message,
        "project": project,
        "sender_name": member_display_name(message.sender),
        "project_url": settings.SITE_URL + project.get_absolute_url(),
        "conversation_url": settings.SITE_URL
        + reverse("projects:conversation", kwargs={"pk": conversation.pk}),
    }
    sent = 0
    for recipient in recipients:
        to = member_verified_email(recipient) or recipient.email
        sent += email_send("contact_message", context, [to], reply_to=[sender_email])
    if contact_email:
        opt_out_url = settings.SITE_URL + reverse(
            "projects:contact_opt_out", kwargs={"token": opt_out_token(contact_email)}
        )
        sent += email_send(
            "contact_unclaimed",
            {
                **context,
                "opt_out_url": opt_out_url,
                "claim_url": settings.SITE_URL
                + reverse("projects:claim", kwargs={"slug": project.slug}),
            },
            [contact_email],
            reply_to=[sender_email],
            headers={"List-Unsubscribe": f"<{opt_out_url}>"},
        )
    ContactMessage.objects.filter(pk=message.pk).update(delivered_to=sent)
    return sent


@transaction.atomic
def conversation_start(project: Project, user, body: str) -> Conversation:
    """A member writes to the holders of ``project`` (or its contact e-mail, once)."""
    if not project.live:
        raise HolderError(_("Ce projet n'est pas publié."))
    sender_email = _check_sender(user)
    body = _clean_body(body)
    holders, contact_email = contact_target(project, user)
    conversation = Conversation.objects.create(
        project=project, started_by=user, to_contact_email=bool(contact_email)
    )
    message = ContactMessage.objects.create(conversation=conversation, sender=user, body=body)
    transaction.on_commit(lambda: _deliver(message, sender_email, holders, contact_email))
    return conversation


def conversation_participants(conversation: Conversation, user) -> bool:
    """Is ``user`` in ``conversation`` (its starter or a holder of its project)?"""
    if user is None or not user.is_authenticated:
        return False
    return conversation.started_by_id == user.pk or project_is_held_by(conversation.project, user)


@transaction.atomic
def conversation_reply(conversation: Conversation, user, body: str) -> ContactMessage:
    """A participant answers: the starter writes to the holders, a holder to the starter."""
    if not conversation_participants(conversation, user):
        raise PermissionDenied
    sender_email = _check_sender(user)
    body = _clean_body(body)
    if conversation.started_by_id == user.pk:
        if conversation.to_contact_email:
            raise HolderError(
                _("Ce projet n'a pas encore de porteur inscrit : attendez sa réponse par e-mail.")
            )
        recipients = [h for h in project_holders(conversation.project) if h.pk != user.pk]
    else:
        starter = conversation.started_by
        recipients = [starter] if starter is not None and starter.is_active else []
    recipients = [r for r in recipients if not contact_is_blocked(user=r)]
    if not recipients:
        raise HolderError(_("Personne ne peut plus recevoir de message dans cette conversation."))
    message = ContactMessage.objects.create(conversation=conversation, sender=user, body=body)
    conversation.save(update_fields=["updated_at"])
    transaction.on_commit(lambda: _deliver(message, sender_email, recipients, ""))
    return message


def message_report(message: ContactMessage, user, reason: str) -> ContactMessage:
    """A recipient reports a message; platform admins see it in "Messages signalés"."""
    if not conversation_participants(message.conversation, user) or message.sender_id == user.pk:
        raise PermissionDenied
    if message.reported_at is None:
        message.reported_at = timezone.now()
        message.reported_by = user
        message.report_reason = (reason or "").strip()[:500] or _("Sans motif précisé")
        message.save(update_fields=["reported_at", "reported_by", "report_reason"])
    return message


# --- moderation ---------------------------------------------------------------------------


def project_content_hash(project: Project) -> str:
    """A fingerprint of what the partners' pages said about ``project``."""
    values = sorted(
        (source.organisation_id, source.url, json.dumps(source.harvested_values, sort_keys=True))
        for source in project.sources.all()
    )
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()


def project_rejection_record(project: Project, user, reason: str) -> ModerationRejection:
    return ModerationRejection.objects.create(
        project=project,
        rejected_by=user,
        reason=reason or "",
        content_hash=project_content_hash(project),
    )


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
    from wagtail.models import TaskState

    from members.models import Organisation

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
