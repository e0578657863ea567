"""django-allauth customisation for Carrefour accounts (see settings ACCOUNT_ADAPTER)."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Open sign-up; members verify their e-mail before contacting anyone."""

    def is_open_for_signup(self, request):
        return True
