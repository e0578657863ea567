"""Who acts for which partner organisation, and how organisations and editors join.

- ``Membership`` links an account to an organisation with a role; the permission policy
  (``members/permissions.py``) derives everything from it: partner editors act for their
  organisation (projects, harvest sources, moderation queue), partner admins also manage its
  members. Platform admins (superusers, or holders of ``members.act_for_all_organisations``)
  act for every organisation.
- ``Invitation``: a partner admin (or a platform admin) invites someone by e-mail; accepting
  with a verified address creates the membership.
- ``JoinRequest``: the public "join the collective" form; platform admins review it in the
  admin ("Adhésions") and, on acceptance, create the organisation and invite its first admin.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from members.models.organisation import Organisation

INVITATION_VALIDITY = timedelta(days=14)


class Role(models.TextChoices):
    PARTNER_ADMIN = "partner_admin", _("Administrateur du partenaire")
    PARTNER_EDITOR = "partner_editor", _("Éditeur du partenaire")


def _token() -> str:
    return secrets.token_urlsafe(32)


class Membership(models.Model):
    """An account acting for a partner organisation, as its admin or as an editor."""

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("rôle"), max_length=16, choices=Role.choices, default=Role.PARTNER_EDITOR
    )
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'une organisation")
        verbose_name_plural = _("membres des organisations")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]
        permissions = [
            (
                "act_for_all_organisations",
                _("Agir pour toutes les organisations (administration de la plateforme)"),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.PARTNER_ADMIN


class Invitation(models.Model):
    """An invitation to act for an organisation, sent by e-mail, valid fourteen days."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("rôle"), max_length=16, choices=Role.choices, default=Role.PARTNER_EDITOR
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acceptée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.created_at + INVITATION_VALIDITY < timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and not self.is_expired


class JoinRequest(models.Model):
    """An organisation asking to join the collective (public form, reviewed by platform admins)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À examiner")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Refusée")

    organisation_name = models.CharField(_("nom de l'organisation"), max_length=200)
    website = models.URLField(_("site web où sont présentés les projets"), max_length=500)
    contact_name = models.CharField(_("votre nom"), max_length=150)
    email = models.EmailField(_("votre e-mail"))
    message = models.TextField(
        _("présentation"),
        max_length=3000,
        help_text=_("Votre organisation, les projets que vous présentez, votre territoire."),
    )
    status = models.CharField(
        _("décision"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation créée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("website"),
        FieldPanel("contact_name"),
        FieldPanel("email"),
        FieldPanel("message"),
        FieldPanel("status"),
    ]

    class Meta:
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        ordering = ["-created_at"]

    def __str__(self):
        return self.organisation_name
