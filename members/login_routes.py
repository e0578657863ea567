"""One login and one password reset for the whole site: django-allauth's.

Wagtail's admin (``/admin/login/``, ``/admin/password_reset/...``) and Django's admin
(``/django-admin/login/``) have login and reset views of their own that know nothing of
allauth's rate limits (``ACCOUNT_RATE_LIMITS``): an attacker locked out of ``/comptes/login/``
went on guessing there. ``community/urls.py`` places these views before the admin includes, so
every login and reset goes through allauth's throttled forms, with ``next`` kept.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from members.permissions import ACCESS_ADMIN_PERMISSION


def _next_url(request, default: str) -> str:
    next_url = request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    return next_url


def _login_redirect(request, default: str, may_enter) -> object:
    next_url = _next_url(request, default)
    if request.user.is_authenticated:
        if may_enter(request.user):
            return redirect(next_url)
        # Sending a signed-in member back to the login page would loop (allauth sends
        # signed-in users on to ``next``).
        raise PermissionDenied(
            _("Votre compte n'a pas accès à cette administration ; demandez-le à l'équipe.")
        )
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def wagtail_admin_login(request):
    """``/admin/login/``: allauth's login, then back to the Wagtail admin."""
    return _login_redirect(
        request, reverse("wagtailadmin_home"), lambda user: user.has_perm(ACCESS_ADMIN_PERMISSION)
    )


def django_admin_login(request):
    """``/django-admin/login/``: allauth's login, then back to Django's admin (staff only)."""
    return _login_redirect(
        request, reverse("admin:index"), lambda user: user.is_active and user.is_staff
    )


def password_reset(request, **kwargs):
    """Every ``/admin/password_reset/`` step: allauth's reset (rate-limited per address/IP)."""
    return redirect("account_reset_password")
