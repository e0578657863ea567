"""Admin screens for consolidation: partner tag rules, duplicate review, splitting a partner
page off a project, and the quality report. Imported by ``projects/wagtail_hooks.py``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet

from members.admin_scope import (
    ScopedSnippetViewSet,
    admin_queryset,
    register_admin_scope,
    register_admin_url,
)
from members.permissions import is_partner, is_platform_admin, organisations_for
from projects.curation.learning import TagRuleIndexView
from projects.curation.quality import quality_report
from projects.curation.services import duplicate_mark_distinct, project_split, projects_merge
from projects.models import DuplicateCandidate, PartnerTagRule, ProjectSource
from projects.models.scope import duplicates_for, project_sources_for, projects_for

# One admin scope (members/admin_scope.py) for listings, choosers, bulk actions, history.
register_admin_scope(
    PartnerTagRule,
    lambda user: PartnerTagRule.objects.filter(organisation__in=organisations_for(user)),
)
register_admin_scope(ProjectSource, project_sources_for)
register_admin_scope(DuplicateCandidate, duplicates_for)
register_admin_url("projects_duplicate_decide", DuplicateCandidate)
register_admin_url("projects_source_split", ProjectSource)


def _partner_or_all(rule):
    return rule.organisation.name if rule.organisation else _("Tous les partenaires")


def _rule_themes(rule):
    return ", ".join(t.code for t in rule.themes.all())


class PartnerTagRuleViewSet(ScopedSnippetViewSet):
    model = PartnerTagRule
    index_view_class = TagRuleIndexView
    icon = "tag"
    menu_label = gettext_lazy("Correspondances d'étiquettes")
    menu_order = 230
    add_to_admin_menu = True
    list_display = [
        "tag",
        Column("organisation", label=gettext_lazy("Partenaire"), accessor=_partner_or_all),
        Column("themes", label=gettext_lazy("Thèmes"), accessor=_rule_themes),
    ]
    list_filter = ["organisation"]
    search_fields = ["tag"]

    def get_queryset(self, request):
        queryset = PartnerTagRule.objects.select_related("organisation").prefetch_related("themes")
        return admin_queryset(request.user, PartnerTagRule, queryset)


def _decision_links(candidate):
    if candidate.status != DuplicateCandidate.Status.PENDING:
        return candidate.get_status_display()
    return format_html(
        '<form method="post" action="{}" style="display:inline">'
        '<button class="button button-small" name="decision" value="merge">{}</button> '
        '<button class="button button-small button-secondary" name="decision" value="distinct">'
        "{}</button></form>",
        reverse("projects_duplicate_decide", args=[candidate.pk]),
        _("Fusionner"),
        _("Projets distincts"),
    )


def _split_link(source):
    return format_html(
        '<form method="post" action="{}"><button class="button button-small button-secondary">'
        "{}</button></form>",
        reverse("projects_source_split", args=[source.pk]),
        _("Détacher dans un nouveau projet"),
    )


class DuplicateCandidateViewSet(ScopedSnippetViewSet):
    model = DuplicateCandidate
    icon = "duplicate"
    menu_label = gettext_lazy("Doublons possibles")
    menu_order = 231
    add_to_admin_menu = True
    list_display = [
        "project",
        "other",
        "score",
        "reason",
        Column("decision", label=gettext_lazy("Décision"), accessor=_decision_links),
    ]
    list_filter = ["status"]


class ProjectSourceViewSet(ScopedSnippetViewSet):
    model = ProjectSource
    icon = "link"
    menu_label = gettext_lazy("Pages des partenaires")
    menu_order = 232
    add_to_admin_menu = True
    list_display = [
        "project",
        "organisation",
        "url",
        "is_listed",
        "match_reason",
        Column("split", label=gettext_lazy("Séparer"), accessor=_split_link),
    ]
    list_filter = ["is_listed", "match_locked", "organisation"]
    search_fields = ["url"]

    def get_queryset(self, request):
        queryset = ProjectSource.objects.select_related("project", "organisation")
        return admin_queryset(request.user, ProjectSource, queryset)


register_snippet(PartnerTagRuleViewSet)
register_snippet(DuplicateCandidateViewSet)
register_snippet(ProjectSourceViewSet)


@require_POST
def duplicate_decide(request, pk):
    if not is_platform_admin(request.user):
        messages.error(request, _("Seuls les administrateurs de la plateforme fusionnent."))
        return redirect("wagtailsnippets_projects_duplicatecandidate:list")
    candidate = get_object_or_404(DuplicateCandidate, pk=pk)
    if request.POST.get("decision") == "merge":
        projects_merge(candidate.project, candidate.other)
        messages.success(request, _("Projets fusionnés : les moissons suivantes le respecteront."))
    else:
        duplicate_mark_distinct(candidate)
        messages.success(request, _("Noté : ces projets ne seront plus proposés comme doublons."))
    return redirect("wagtailsnippets_projects_duplicatecandidate:list")


@require_POST
def source_split(request, pk):
    source = get_object_or_404(ProjectSource, pk=pk)
    if not (
        is_platform_admin(request.user) or source.organisation in organisations_for(request.user)
    ):
        messages.error(request, _("Cette page appartient à un autre partenaire."))
        return redirect("wagtailsnippets_projects_projectsource:list")
    project = project_split(source)
    messages.success(
        request,
        _("Page détachée dans un nouveau projet (brouillon) : %(title)s")
        % {"title": project.title},
    )
    return redirect("wagtailsnippets_projects_projectsource:list")


def quality(request):
    """The quality figures of the projects the user acts on (a partner: their organisations';
    platform admins: the whole catalogue). A Wagtail admin view, open to partner members."""
    if not (is_platform_admin(request.user) or is_partner(request.user)):
        raise PermissionDenied
    report = quality_report(projects_for(request.user), duplicates_for(request.user))
    context = {
        "report": report,
        "whole_catalogue": is_platform_admin(request.user),
        "can_review_duplicates": is_platform_admin(request.user),
    }
    return render(request, "projects/admin/quality.html", context)


class QualityMenuItem(MenuItem):
    def is_shown(self, request):
        return is_platform_admin(request.user) or is_partner(request.user)


@hooks.register("register_admin_urls")
def curation_urls():
    return [
        path("doublons/<int:pk>/decider/", duplicate_decide, name="projects_duplicate_decide"),
        path("sources-projets/<int:pk>/detacher/", source_split, name="projects_source_split"),
        path("qualite/", quality, name="projects_quality"),
    ]


@hooks.register("register_admin_menu_item")
def quality_menu_item():
    return QualityMenuItem(
        gettext_lazy("Qualité du catalogue"),
        reverse("projects_quality"),
        icon_name="table",
        order=240,
    )
