"""Member profiles.

Every account (django-allauth, sign-up by e-mail) gets a ``MemberProfile``: who the member is
for the collective (financer, coach, academic, project holder...), where they act, and whether
other members may see it. Members edit it at ``/membres/profil/``; the sign-up form fills it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberProfile(models.Model):
    """What a member tells the community about themselves (private unless they choose)."""

    class Role(models.TextChoices):
        FINANCER = "financer", _("Financeur")
        COACH = "coach", _("Accompagnateur")
        ACADEMIC = "academic", _("Chercheur ou enseignant")
        HOLDER = "holder", _("Porteur de projet")
        CITIZEN = "citizen", _("Citoyen")
        OTHER = "other", _("Autre")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    display_name = models.CharField(_("nom affiché"), max_length=150, blank=True)
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.OTHER)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    territory = models.CharField(
        _("territoire"),
        max_length=200,
        blank=True,
        help_text=_("Commune, département ou région où vous agissez."),
    )
    is_public = models.BooleanField(
        _("profil public"),
        default=False,
        help_text=_("Les autres membres voient votre nom, rôle, organisation et territoire."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("profil de membre")
        verbose_name_plural = _("profils de membres")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name shown to other members (never the e-mail address)."""
        user = self.user
        return (
            self.display_name
            or " ".join(filter(None, [user.first_name, user.last_name]))
            or user.username
        )
