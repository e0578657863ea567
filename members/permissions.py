"""The per-organisation permission policy: which organisations an account may act for.

Everything derives from ``Membership``:

- platform admins (superusers, or accounts holding ``members.act_for_all_organisations``
  through a group) act for every organisation;
- partner editors and partner admins act for the organisations they are members of;
- partner admins also manage those organisations' members and invitations.

This module knows nothing of projects or harvest sources: the apps that own those scope their
querysets and admin views with :func:`organisations_for` / :func:`user_can_act_for`
(``projects/permissions.py``, the harvesting back-office, the API).
"""

from __future__ import annotations

from django.db.models import QuerySet

from members.models import Membership, Organisation

PLATFORM_ADMIN_PERMISSION = "members.act_for_all_organisations"
ACCESS_ADMIN_PERMISSION = "wagtailadmin.access_admin"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_platform_admin(user) -> bool:
    """Superusers and platform admins see and change everything."""
    if not _active(user):
        return False
    return user.is_superuser or user.has_perm(PLATFORM_ADMIN_PERMISSION)


def organisations_for(user) -> QuerySet[Organisation]:
    """The organisations ``user`` may act for (edit their projects, sources, queue)."""
    if not _active(user):
        return Organisation.objects.none()
    if is_platform_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def organisations_administered_by(user) -> QuerySet[Organisation]:
    """The organisations whose members and invitations ``user`` manages."""
    if not _active(user):
        return Organisation.objects.none()
    if is_platform_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.PARTNER_ADMIN
    ).distinct()


def _organisation_id(organisation) -> int | None:
    if organisation is None:
        return None
    return organisation.pk if isinstance(organisation, Organisation) else int(organisation)


def user_can_act_for(user, organisation) -> bool:
    """May ``user`` act for ``organisation`` (an ``Organisation`` or its primary key)?"""
    organisation_id = _organisation_id(organisation)
    if organisation_id is None or not _active(user):
        return False
    if is_platform_admin(user):
        return True
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def user_can_administer(user, organisation) -> bool:
    """May ``user`` manage the members of ``organisation``?"""
    organisation_id = _organisation_id(organisation)
    if organisation_id is None or not _active(user):
        return False
    if is_platform_admin(user):
        return True
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role=Membership.Role.PARTNER_ADMIN
    ).exists()


def is_partner(user) -> bool:
    """Is ``user`` an editor or admin of at least one organisation?"""
    if not _active(user):
        return False
    cached = getattr(user, "_carrefour_is_partner", None)
    if cached is None:
        cached = Membership.objects.filter(user=user).exists()
        user._carrefour_is_partner = cached
    return cached


class PartnerAdminAccessBackend:
    """Authentication backend that authenticates no one and grants partner members access to
    the Wagtail admin (``wagtailadmin.access_admin``): membership is the only thing to manage.
    What they see there is scoped by the apps' own policies."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return perm == ACCESS_ADMIN_PERMISSION and is_partner(user_obj)

    def get_all_permissions(self, user_obj, obj=None):
        return {ACCESS_ADMIN_PERMISSION} if is_partner(user_obj) else set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()
