"""Contact between members and project holders: who a message reaches, its delivery, opt-out.

Contact (``projects.holders.conversations``): verified members only, at most
``CONTACT_MESSAGES_PER_HOUR`` messages per sender (counted from stored messages), block list,
one message to the contact e-mail of an unclaimed project (with an opt-out link), one e-mail
per recipient.

Nobody's address is disclosed: e-mails come from the platform with no Reply-To, and replies go
through the site — members in their conversation, the contact address of an unclaimed project
through a signed reply link (``reply_token``) that needs no account. A sender who wants to be
answered directly ticks "share my address", which alone sets Reply-To to their address.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from members.emails import email_send
from members.services import member_display_name, member_verified_email
from projects.holders.errors import ContactRateLimited, HolderError
from projects.holders.selectors import (
    contact_is_blocked,
    contact_is_opted_out,
    messages_sent_last_hour,
    project_holders,
    project_is_held_by,
)
from projects.models import (
    ContactMessage,
    ContactOptOut,
    Conversation,
    Project,
)

OPT_OUT_SALT = "projects.contact.opt-out"
REPLY_SALT = "projects.contact.reply"
REPLY_MAX_AGE = 60 * 60 * 24 * 90  # a reply link works for 90 days


# --- contact ------------------------------------------------------------------------------


def opt_out_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=OPT_OUT_SALT)


def opt_out_email_from_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None


def reply_token(conversation: Conversation, email: str) -> str:
    """The reply link's token for the contact address of an unclaimed project."""
    return signing.dumps({"c": conversation.pk, "e": email.strip().lower()}, salt=REPLY_SALT)


def reply_from_token(token: str) -> tuple[int, str] | None:
    """(conversation id, contact address) of a reply link, or None if forged or expired."""
    try:
        data = signing.loads(token, salt=REPLY_SALT, max_age=REPLY_MAX_AGE)
    except signing.BadSignature:
        return None
    return data["c"], data["e"]


def contact_opt_out(email: str) -> None:
    ContactOptOut.objects.get_or_create(email=email.strip().lower())


def sender_check(user) -> str:
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


def body_clean(body: str) -> str:
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


def message_deliver(
    message: ContactMessage,
    sender_email: str,
    recipients: list,
    contact_email: str,
    *,
    share_email: bool = False,
):
    """E-mail ``message`` to ``recipients`` (members) and/or ``contact_email`` (an unclaimed
    project's address). Reply-To is the sender's address only when they chose to share it."""
    conversation = message.conversation
    project = conversation.project
    reply_to = [sender_email] if share_email and sender_email else None
    context = {
        "message": message,
        "project": project,
        "shared_email": sender_email if reply_to else "",
        "sender_name": (
            _("Le contact du projet")
            if message.from_contact_email
            else member_display_name(message.sender)
        ),
        "project_url": settings.SITE_URL + project.get_absolute_url(),
        "conversation_url": settings.SITE_URL
        + reverse("projects:conversation", kwargs={"pk": conversation.pk}),
    }
    sent = 0
    for recipient in recipients:
        to = member_verified_email(recipient) or recipient.email
        sent += email_send("contact_message", context, [to], reply_to=reply_to)
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
                "reply_url": settings.SITE_URL
                + reverse(
                    "projects:contact_reply",
                    kwargs={"token": reply_token(conversation, contact_email)},
                ),
            },
            [contact_email],
            reply_to=reply_to,
            headers={"List-Unsubscribe": f"<{opt_out_url}>"},
        )
    ContactMessage.objects.filter(pk=message.pk).update(delivered_to=sent)
    return sent
