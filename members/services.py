"""Write-side services of the members app."""

from __future__ import annotations

import csv
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from members.emails import email_send
from members.models import Invitation, JoinRequest, MemberProfile, Membership, Organisation

PARTNERS_CSV = Path(__file__).resolve().parent / "data" / "partners-cis.csv"


def organisations_load(path: Path = PARTNERS_CSV) -> int:
    """Create the partner organisations listed in ``path`` (name, website) that do not exist
    yet, as public partners. Existing ones are left as editors made them. Returns the number
    created."""
    created = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["name"].strip()
            if not name:
                continue
            _, was_created = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "website": row.get("website", "").strip(),
                    "status": Organisation.Status.PUBLIC,
                },
            )
            created += was_created
    return created


def member_verified_email(user) -> str | None:
    """The member's verified address (the primary one first), or None."""
    if user is None or not user.is_authenticated:
        return None
    address = (
        EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk").first()
    )
    return address.email.lower() if address else None


def member_profile(user):
    """The member's profile, created on first use."""
    profile, _ = MemberProfile.objects.get_or_create(user=user)
    return profile


def member_display_name(user) -> str:
    """The name shown to other members, never an e-mail address."""
    if user is None:
        return gettext("Membre supprimé")
    return member_profile(user).name


def invitation_send(organisation, email: str, role: str, invited_by):
    """Invite ``email`` to act for ``organisation`` with ``role`` (e-mail with a link)."""
    invitation = Invitation.objects.create(
        organisation=organisation, email=email.strip().lower(), role=role, invited_by=invited_by
    )
    email_send(
        "invitation",
        {
            "invitation": invitation,
            "organisation": organisation,
            "accept_url": settings.SITE_URL
            + reverse("members:invitation", kwargs={"token": invitation.token}),
        },
        [invitation.email],
    )
    return invitation


class InvitationError(Exception):
    """The invitation cannot be accepted; ``str(error)`` says why and what to do."""


def invitation_accept(invitation, user):
    """Create the membership for ``user`` if their verified e-mail is the invited one."""
    if not invitation.is_usable:
        raise InvitationError(
            _("Cette invitation a expiré ou a déjà servi : demandez-en une autre.")
        )
    email = member_verified_email(user)

    verified = set(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    if email is None or invitation.email.lower() not in {e.lower() for e in verified}:
        raise InvitationError(
            _(
                "Cette invitation a été envoyée à une autre adresse : connectez-vous avec le "
                "compte de cette adresse, ou ajoutez-la et confirmez-la dans votre compte."
            )
        )
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        if not created and invitation.role == Membership.Role.PARTNER_ADMIN:
            membership.role = invitation.role
            membership.save(update_fields=["role"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def join_request_notify_team(join_request) -> int:
    """Tell the platform's team (active platform administrators with an address) that a join
    request waits. The requester's address gets nothing until a team member has reviewed it
    (the invitation of :func:`join_request_accept`): the public form relays no mail to an
    address a visitor typed. Returns the number of messages sent."""
    from django.contrib.auth import get_user_model

    team = (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    review_url = settings.SITE_URL.rstrip("/") + reverse("members_admin:organisations")
    context = {"join_request": join_request, "review_url": review_url}
    return sum(email_send("join_request_team", context, [email]) for email in sorted(set(team)))


def join_request_accept(join_request, reviewed_by):
    """Create the organisation (pending publication) and invite the requester as its admin."""
    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            name=join_request.organisation_name,
            defaults={"website": join_request.website, "presentation": join_request.message[:1000]},
        )
        join_request.status = JoinRequest.Status.ACCEPTED
        join_request.organisation = organisation
        join_request.reviewed_at = timezone.now()
        join_request.save()
    invitation_send(organisation, join_request.email, Membership.Role.PARTNER_ADMIN, reviewed_by)
    return organisation
