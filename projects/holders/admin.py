"""Admin for holders and contact: claims review (scoped to the user's organisations), the
block list and reported messages (platform admins), a dashboard panel of the queue.

Imported by ``projects/wagtail_hooks.py`` so the hooks register.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState
from wagtail.snippets.models import register_snippet

from members.admin_scope import (
    PLATFORM_ONLY,
    ScopedSnippetViewSet,
    admin_queryset,
    register_admin_scope,
    register_admin_url,
)
from members.permissions import is_partner, is_platform_admin
from projects.holders.claims import claim_decide
from projects.holders.selectors import claims_to_review_for
from projects.models import ContactBlock, ContactMessage, ProjectClaim

# The block list and members' messages (addresses, senders) are the platform team's; a claim
# is reviewed by the organisations listing its project (members/admin_scope.py).
register_admin_scope(ContactBlock, PLATFORM_ONLY)
register_admin_scope(ContactMessage, PLATFORM_ONLY)
register_admin_scope(ProjectClaim, claims_to_review_for)
register_admin_url("projects_claims:decide", ProjectClaim)


def _can_review(user) -> bool:
    return is_platform_admin(user) or is_partner(user)


def claims_index(request):
    if not _can_review(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "projects/holders/admin_claims.html",
        {"claims": claims_to_review_for(request.user), "header_icon": "user"},
    )


@require_POST
def claim_decide_view(request, pk, decision):
    claim = get_object_or_404(claims_to_review_for(request.user), pk=pk)
    claim_decide(
        claim, request.user, approve=decision == "confirmer", note=request.POST.get("note", "")
    )
    messages.success(request, _("Décision enregistrée ; le membre est prévenu par e-mail."))
    return redirect("projects_claims:index")


@hooks.register("register_admin_urls")
def register_claim_urls():
    urls = [
        path("", claims_index, name="index"),
        path("<int:pk>/<str:decision>/", claim_decide_view, name="decide"),
    ]
    return [path("revendications/", include((urls, "projects_claims")))]


class ClaimsMenuItem(MenuItem):
    def is_shown(self, request):
        return _can_review(request.user)


@hooks.register("register_admin_menu_item")
def register_claims_menu_item():
    return ClaimsMenuItem(
        gettext_lazy("Revendications"),
        reverse("projects_claims:index"),
        icon_name="user",
        order=220,
    )


class ModerationSummaryPanel(Component):
    """Dashboard: what waits for the user's organisations."""

    name = "carrefour_moderation_summary"
    order = 50
    template_name = "projects/holders/admin_summary_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            "claim_count": claims_to_review_for(self.request.user).count(),
            "queue_count": TaskState.objects.reviewable_by(self.request.user).count(),
            "claims_url": reverse("projects_claims:index"),
        }


@hooks.register("construct_homepage_panels")
def add_moderation_summary(request, panels):
    if _can_review(request.user):
        panels.insert(0, ModerationSummaryPanel(request))


class ContactBlockViewSet(ScopedSnippetViewSet):
    model = ContactBlock
    icon = "warning"
    menu_label = gettext_lazy("Liste de blocage")
    list_display = ["__str__", "reason", "created_at"]


class ReportedMessageViewSet(ScopedSnippetViewSet):
    """Messages members reported (platform admins read them and fill the block list)."""

    model = ContactMessage
    icon = "mail"
    menu_label = gettext_lazy("Messages signalés")
    list_display = ["__str__", "report_reason", "reported_at"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        reported = ContactMessage.objects.filter(reported_at__isnull=False)
        return admin_queryset(request.user, ContactMessage, reported.order_by("-reported_at"))


register_snippet(ContactBlockViewSet)
register_snippet(ReportedMessageViewSet)
