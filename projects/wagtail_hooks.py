"""Admin wiring: the "Projets" menu groups projects, themes and territories."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from members.admin_scope import UNSCOPED, register_admin_scope
from projects import permissions as _scope
from projects.curation import admin as _curation_admin  # noqa: F401 - the consolidation screens
from projects.holders import admin as _holders_admin  # noqa: F401 - claims, block list
from projects.models import Commune, Department, Project, Region, Synonym, Theme
from projects.moderation.admin import ProjectEditView

_scope.register_project_permission_policy()
# Every admin URL of these models goes through members/admin_scope.py: projects of the
# user's organisations; the thesaurus, territories and search synonyms are reference data
# (Wagtail's model permissions decide, which partners do not hold).
register_admin_scope(Project, _scope.projects_for)
for _model in (Theme, Region, Department, Commune, Synonym):
    register_admin_scope(_model, UNSCOPED)


class ProjectViewSet(SnippetViewSet):
    """Projects, scoped to the user's organisations (see ``projects/permissions.py``)."""

    model = Project
    icon = "folder-open-inverse"
    menu_label = _("Projets")
    list_display = ["title", "holder_name", "commune", "location_precision", "live"]
    list_filter = ["live", "location_precision", "status", "themes"]
    search_fields = ["title", "summary", "holder_name"]
    # Database search on the scoped queryset (the search index cannot filter on ``pk__in``).
    search_backend_name = None
    ordering = ["-created_at"]
    chooser_viewset_class = _scope.ScopedProjectChooserViewSet
    edit_view_class = ProjectEditView  # says "publié" / "refusé" after a moderation action

    def get_queryset(self, request):
        return _scope.projects_for(request.user)

    def get_urlpatterns(self):
        return _scope.scope_urlpatterns(super().get_urlpatterns())


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thèmes")
    list_display = ["code", "label", "parent"]
    search_fields = ["code", "label"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Régions")
    list_display = ["code", "name"]
    search_fields = ["name"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "site"
    menu_label = _("Départements")
    list_display = ["code", "name", "region"]
    search_fields = ["name", "code"]


class CommuneViewSet(SnippetViewSet):
    model = Commune
    icon = "site"
    menu_label = _("Communes")
    list_display = ["insee_code", "name", "department", "population"]
    search_fields = ["name", "insee_code"]


class SynonymViewSet(SnippetViewSet):
    """Synonyms of the catalogue search (``projects.catalogue.understanding``)."""

    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonymes")
    list_display = ["__str__", "updated_at"]
    search_fields = ["expressions"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = _("Catalogue")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        ProjectViewSet,
        ThemeViewSet,
        RegionViewSet,
        DepartmentViewSet,
        CommuneViewSet,
        SynonymViewSet,
    )


register_snippet(CatalogueGroup)
