"""Partner editors see and run only their own organisation's sources, runs and records.

``PartnerHarvestBackend`` grants partner members the *view* permissions of the back-office
(its lists, run and record details, "Moissonner maintenant" and "Tester" on their sources);
adding, changing and deleting sources stay with platform admins. What they see is scoped by
the querysets below, declared once in the admin scope (``members/admin_scope.py``) so that
every back-office URL naming another organisation's object answers 404.
"""

from members.admin_scope import register_admin_scope, register_admin_url
from members.permissions import is_partner, is_platform_admin, organisations_for

PARTNER_HARVEST_PERMISSIONS = frozenset(
    {
        "harvesting.view_harvestsource",
        "harvesting.view_harvestrun",
        "harvesting.view_harvestrecord",
    }
)


def sources_visible_to(user, queryset):
    if is_platform_admin(user):
        return queryset
    return queryset.filter(organisation__in=organisations_for(user))


def runs_visible_to(user, queryset):
    if is_platform_admin(user):
        return queryset
    return queryset.filter(source__organisation__in=organisations_for(user))


class PartnerHarvestBackend:
    """Authentication backend that authenticates no one: partner members may view the
    harvesting back-office of their organisations."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return perm in PARTNER_HARVEST_PERMISSIONS and is_partner(user_obj)

    def get_all_permissions(self, user_obj, obj=None):
        return set(PARTNER_HARVEST_PERMISSIONS) if is_partner(user_obj) else set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()


def register_admin_scopes() -> None:
    """Declare the back-office models and views in the one admin scope."""
    from harvesting.models import HarvestDryRun, HarvestRecord, HarvestRun, HarvestSource

    register_admin_scope(
        HarvestSource, lambda user: sources_visible_to(user, HarvestSource.objects.all())
    )
    register_admin_scope(HarvestRun, lambda user: runs_visible_to(user, HarvestRun.objects.all()))
    register_admin_scope(
        HarvestRecord, lambda user: runs_visible_to(user, HarvestRecord.objects.all())
    )
    register_admin_scope(
        HarvestDryRun,
        lambda user: HarvestDryRun.objects.filter(
            source__in=sources_visible_to(user, HarvestSource.objects.all())
        ),
    )
    register_admin_url("harvesting_harvest_now", HarvestSource)
    register_admin_url("harvesting_accept_pattern", HarvestSource)
    register_admin_url("harvesting_accept_renderer", HarvestSource)
    register_admin_url("harvesting_dry_run", HarvestDryRun)
    register_admin_url("harvesting_dry_run_status", HarvestDryRun)
    register_admin_url("harvesting_preview", HarvestSource)
