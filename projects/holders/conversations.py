"""Conversations: a member writes to a project's holders, participants reply, recipients report."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.holders.contact import body_clean, contact_target, message_deliver, sender_check
from projects.holders.errors import ContactRateLimited, HolderError
from projects.holders.selectors import (
    contact_is_blocked,
    contact_is_opted_out,
    project_holders,
    project_is_held_by,
)
from projects.models import (
    ContactMessage,
    Conversation,
    Project,
)

CONTACT_REPLIES_PER_DAY = 5  # replies through one conversation's reply link


@transaction.atomic
def conversation_start(
    project: Project, user, body: str, *, share_email: bool = False
) -> Conversation:
    """A member writes to the holders of ``project`` (or its contact e-mail, once)."""
    if not project.live:
        raise HolderError(_("Ce projet n'est pas publié."))
    sender_email = sender_check(user)
    body = body_clean(body)
    holders, contact_email = contact_target(project, user)
    conversation = Conversation.objects.create(
        project=project, started_by=user, to_contact_email=bool(contact_email)
    )
    message = ContactMessage.objects.create(conversation=conversation, sender=user, body=body)
    transaction.on_commit(
        lambda: message_deliver(
            message, sender_email, holders, contact_email, share_email=share_email
        )
    )
    return conversation


def conversation_participants(conversation: Conversation, user) -> bool:
    """Is ``user`` in ``conversation`` (its starter or a holder of its project)?"""
    if user is None or not user.is_authenticated:
        return False
    return conversation.started_by_id == user.pk or project_is_held_by(conversation.project, user)


def contact_has_replied(conversation: Conversation) -> bool:
    return conversation.messages.filter(from_contact_email=True).exists()


@transaction.atomic
def conversation_reply(
    conversation: Conversation, user, body: str, *, share_email: bool = False
) -> ContactMessage:
    """A participant answers: the starter writes to the holders (or, for an unclaimed project,
    to its contact address once that address has answered), a holder to the starter."""
    if not conversation_participants(conversation, user):
        raise PermissionDenied
    sender_email = sender_check(user)
    body = body_clean(body)
    contact_email = ""
    if conversation.started_by_id == user.pk and conversation.to_contact_email:
        contact_email = (conversation.project.contact_email or "").strip().lower()
        if not contact_has_replied(conversation) or not contact_email:
            raise HolderError(
                _("Ce projet n'a pas encore de porteur inscrit : attendez sa réponse par e-mail.")
            )
        recipients = []
    elif conversation.started_by_id == user.pk:
        recipients = [h for h in project_holders(conversation.project) if h.pk != user.pk]
    else:
        starter = conversation.started_by
        recipients = [starter] if starter is not None and starter.is_active else []
    recipients = [r for r in recipients if not contact_is_blocked(user=r)]
    if contact_email and (
        contact_is_opted_out(contact_email) or contact_is_blocked(email=contact_email)
    ):
        contact_email = ""
    if not recipients and not contact_email:
        raise HolderError(_("Personne ne peut plus recevoir de message dans cette conversation."))
    message = ContactMessage.objects.create(conversation=conversation, sender=user, body=body)
    conversation.save(update_fields=["updated_at"])
    transaction.on_commit(
        lambda: message_deliver(
            message, sender_email, recipients, contact_email, share_email=share_email
        )
    )
    return message


@transaction.atomic
def contact_reply(conversation: Conversation, email: str, body: str) -> ContactMessage:
    """The contact address of an unclaimed project answers through its reply link: the message
    joins the conversation and reaches the member who wrote, without either address shown."""
    project_email = (conversation.project.contact_email or "").strip().lower()
    if not conversation.to_contact_email or email != project_email:
        raise HolderError(
            _(
                "Ce lien de réponse n'est plus valable : l'adresse de contact du projet a changé. "
                "Revendiquez le projet pour échanger depuis votre compte."
            )
        )
    body = body_clean(body)
    since = timezone.now() - timedelta(days=1)
    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
    recent = conversation.messages.filter(from_contact_email=True, created_at__gte=since).count()
    if recent >= CONTACT_REPLIES_PER_DAY:
        raise ContactRateLimited(
            _("Vous avez déjà répondu %(count)s fois aujourd'hui : réessayez demain.")
            % {"count": CONTACT_REPLIES_PER_DAY}
        )
    starter = conversation.started_by
    recipients = [starter] if starter is not None and starter.is_active else []
    recipients = [r for r in recipients if not contact_is_blocked(user=r)]
    if not recipients:
        raise HolderError(_("Le membre qui vous a écrit ne peut plus recevoir de message."))
    message = ContactMessage.objects.create(
        conversation=conversation, sender=None, from_contact_email=True, body=body
    )
    conversation.save(update_fields=["updated_at"])
    transaction.on_commit(lambda: message_deliver(message, "", recipients, ""))
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
