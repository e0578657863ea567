"""Forms of the members app: sign-up profile fields, profile, joining, invitations."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Invitation, JoinRequest, MemberProfile, Membership


class HoneypotMixin(forms.Form):
    """A field humans never see (hidden by CSS, labelled "leave empty"): bots fill it."""

    website_url = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website_url"))


# Words by which a display name would pass for a role the platform gives, not the member:
# "Léa (porteuse du projet)", "Équipe Carrefour", "modérateur", "Admin"... (compared without
# accents or case). Holders, partners and the team are shown by the platform itself.
_ROLE_WORDS = re.compile(
    r"\b(?:porteu(?:r|se)s?|moderat(?:eur|rice|ion)s?|administrat(?:eur|rice|ion)s?|admins?|"
    r"equipe\s+(?:du\s+|de\s+la\s+)?(?:site|plateforme)|carrefour|plateforme|staff|"
    r"officiel(?:le)?s?)\b",
    re.IGNORECASE,
)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def validate_display_name(value: str) -> str:
    """A display name that does not impersonate a role (see ``_ROLE_WORDS``)."""
    value = " ".join((value or "").split())
    if _ROLE_WORDS.search(_folded(value)):
        raise ValidationError(
            _(
                "Ce nom affiché ressemble à un rôle de la plateforme (porteur du projet, équipe "
                "Carrefour, modération, administration) : choisissez votre nom ou celui de "
                "votre structure. Les rôles sont indiqués par la plateforme elle-même."
            ),
            code="role_name",
        )
    return value


class SignupForm(forms.Form):
    """Extra sign-up fields (allauth ``ACCOUNT_SIGNUP_FORM_CLASS``): the start of the profile."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=150,
        help_text=_("Le nom que les autres membres verront (jamais votre e-mail)."),
    )
    role = forms.ChoiceField(label=_("Vous êtes"), choices=MemberProfile.Role.choices)

    def clean_display_name(self):
        return validate_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user):
        MemberProfile.objects.update_or_create(
            user=user,
            defaults={
                "display_name": self.cleaned_data["display_name"],
                "role": self.cleaned_data["role"],
            },
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = ["display_name", "role", "organisation_name", "territory", "is_public"]

    def clean_display_name(self):
        return validate_display_name(self.cleaned_data["display_name"])


class JoinRequestForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["organisation_name", "website", "contact_name", "email", "message"]


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]

    def __init__(self, *args, allow_admin_role: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_admin_role:
            self.fields["role"].choices = [
                (Membership.Role.PARTNER_EDITOR, Membership.Role.PARTNER_EDITOR.label)
            ]


class AccountDeleteForm(forms.Form):
    """Deleting an account asks for its password: a session left open (a shared computer, a
    stolen cookie) is not enough to erase someone's account."""

    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que la suppression est définitive."), required=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():  # an account without password (invited, social)
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _(
                    "Ce mot de passe n’est pas celui de votre compte : saisissez-le à nouveau, "
                    "ou réinitialisez-le depuis la page de connexion si vous l’avez oublié."
                ),
                code="wrong_password",
            )
        return password
