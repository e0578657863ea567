"""django-allauth customisation for Carrefour accounts (see settings ACCOUNT_ADAPTER)."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    """Open sign-up; members verify their e-mail before contacting anyone.

    Usernames may be shown to other members, so they may not look like an e-mail address."""

    def is_open_for_signup(self, request):
        return True

    def clean_username(self, username, shallow=False):
        if "@" in username:
            raise forms.ValidationError(
                _("Votre identifiant sera visible des autres membres : n'y mettez pas « @ ».")
            )
        return super().clean_username(username, shallow=shallow)
