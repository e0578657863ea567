"""Admin wiring for partner organisations."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from members.models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Partenaires")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "scale", "status", "website"]
    list_filter = ["status", "scale"]
    search_fields = ["name"]


register_snippet(OrganisationViewSet)
