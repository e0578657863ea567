"""Partner editors see and run only their own organisation's sources, runs and records."""

from members.permissions import is_platform_admin, organisations_for


def sources_visible_to(user, queryset):
    if is_platform_admin(user):
        return queryset
    return queryset.filter(organisation__in=organisations_for(user))


def runs_visible_to(user, queryset):
    if is_platform_admin(user):
        return queryset
    return queryset.filter(source__organisation__in=organisations_for(user))
