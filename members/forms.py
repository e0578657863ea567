"""Forms of the members app: sign-up profile fields, profile, joining, invitations."""

from __future__ import annotations

from django import forms
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


class SignupForm(forms.Form):
    """Extra sign-up fields (allauth ``ACCOUNT_SIGNUP_FORM_CLASS``): the start of the profile."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=150,
        help_text=_("Le nom que les autres membres verront (jamais votre e-mail)."),
    )
    role = forms.ChoiceField(label=_("Vous êtes"), choices=MemberProfile.Role.choices)

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
    confirm = forms.BooleanField(
        label=_("Je comprends que la suppression est définitive."), required=True
    )
