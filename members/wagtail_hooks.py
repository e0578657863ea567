"""Admin wiring: partner organisations (platform admins), their members (partner admins),
join requests (platform admins)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from members import views_admin
from members.admin_scope import PLATFORM_ONLY, register_admin_scope, register_admin_url
from members.models import JoinRequest, Membership, Organisation
from members.permissions import is_partner, is_platform_admin, organisations_for

# The one admin scope (members/admin_scope.py): an organisation's people see it; join
# requests are the platform team's.
register_admin_scope(Organisation, organisations_for)
register_admin_scope(JoinRequest, PLATFORM_ONLY)
register_admin_scope(
    Membership, lambda user: Membership.objects.filter(organisation__in=organisations_for(user))
)
register_admin_url("members_admin:organisation", Organisation)
register_admin_url("members_admin:membership_remove", Membership)
register_admin_url("members_admin:join_request_accept", JoinRequest)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Partenaires")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "scale", "status", "website"]
    list_filter = ["status", "scale"]
    search_fields = ["name"]


class JoinRequestViewSet(SnippetViewSet):
    model = JoinRequest
    icon = "mail"
    menu_label = _("Adhésions")
    menu_order = 212
    add_to_admin_menu = True
    list_display = ["organisation_name", "contact_name", "status", "created_at"]
    list_filter = ["status"]
    inspect_view_enabled = True


register_snippet(OrganisationViewSet)
register_snippet(JoinRequestViewSet)


@hooks.register("register_admin_urls")
def register_members_admin_urls():
    urls = [
        path("", views_admin.organisation_list, name="organisations"),
        path("<int:pk>/", views_admin.organisation_detail, name="organisation"),
        path("membres/<int:pk>/retirer/", views_admin.membership_remove, name="membership_remove"),
        path(
            "adhesions/<int:pk>/accepter/",
            views_admin.join_request_accept_view,
            name="join_request_accept",
        ),
    ]
    return [path("organisations/", include((urls, "members_admin")))]


class MyOrganisationsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_partner(request.user) or is_platform_admin(request.user)


@hooks.register("register_admin_menu_item")
def register_my_organisations_menu_item():
    return MyOrganisationsMenuItem(
        _("Mes organisations"), reverse("members_admin:organisations"), icon_name="group", order=205
    )
