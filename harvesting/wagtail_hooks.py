"""Harvesting back-office (wagtail-modeladmin): sources with their health, runs, records.

Sources offer "Moissonner maintenant" (queued for the workers) and "Tester" (a dry run showing
what the first pages would give, saving nothing). A source whose last run found nothing says
so in red: the silent breakage partners suffered from before.
"""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from harvesting import views
from harvesting.forms import HarvestSourceForm
from harvesting.models import HarvestRecord, HarvestRun, HarvestSource
from harvesting.permissions import register_admin_scopes, runs_visible_to, sources_visible_to

register_admin_scopes()

STATE_COLOURS = {"succeeded": "#1f7a3a", "partial": "#8a5300", "running": "#0b4f9c"}


class HarvestSourceAdmin(ModelAdmin):
    model = HarvestSource
    menu_label = _("Sources")
    menu_icon = "download"
    list_display = ("name", "organisation", "kind", "schedule", "health", "actions")
    list_filter = ("kind", "schedule", "active", "auto_publish")
    search_fields = ("name", "url", "organisation__name")
    edit_handler = ObjectList(
        [
            FieldPanel(name)
            for name in (
                "organisation", "name", "url", "kind", "urls", "include_patterns",
                "exclude_patterns", "selectors", "renderer", "schedule", "max_pages", "min_delay",
                "missing_runs_to_unlist", "auto_publish", "active", "confirm_shared_host",
            )
        ],
        base_form_class=HarvestSourceForm,
    )  # fmt: skip

    def get_queryset(self, request):
        return sources_visible_to(request.user, super().get_queryset(request))

    def health(self, source):
        run = source.last_run
        if run is None:
            return _("jamais moissonnée")
        return format_html(
            '<strong style="color:{}">{}</strong> — {}<br><small>{}</small>',
            STATE_COLOURS.get(run.state, "#b00020"),
            run.get_state_display(),
            run.started_at.strftime("%d/%m/%Y %H:%M"),
            run.message[:300],
        )

    health.short_description = _("santé")

    def actions(self, source):
        return format_html(
            '<a class="button button-small" href="{}">{}</a> '
            '<a class="button button-small button-secondary" href="{}">{}</a>',
            reverse("harvesting_harvest_now", args=[source.pk]),
            _("Moissonner maintenant"),
            reverse("harvesting_preview", args=[source.pk]),
            _("Tester"),
        )

    actions.short_description = _("actions")


class HarvestRunAdmin(ModelAdmin):
    model = HarvestRun
    menu_label = _("Moissons")
    menu_icon = "history"
    list_display = (
        "source",
        "state_label",
        "started_at",
        "discovered",
        "created",
        "updated",
        "unchanged",
        "failed",
        "skipped",
        "unlisted",
        "message",
    )
    list_filter = ("state",)
    search_fields = ("source__name", "source__organisation__name")
    inspect_view_enabled = True
    inspect_view_fields = (
        "source",
        "state",
        "started_at",
        "finished_at",
        "message",
        "errors",
        *HarvestRun.COUNTERS,
    )

    def get_queryset(self, request):
        return runs_visible_to(request.user, super().get_queryset(request))

    def state_label(self, run):
        return format_html(
            '<strong style="color:{}">{}</strong>',
            STATE_COLOURS.get(run.state, "#b00020"),
            run.get_state_display(),
        )

    state_label.short_description = _("état")


class HarvestRecordAdmin(ModelAdmin):
    model = HarvestRecord
    menu_label = _("Pages lues")
    menu_icon = "doc-full"
    list_display = ("guid", "source", "page_kind", "state", "last_seen_at", "project", "error")
    list_filter = ("state", "page_kind")
    search_fields = ("guid",)
    inspect_view_enabled = True

    def get_queryset(self, request):
        return runs_visible_to(request.user, super().get_queryset(request))


class HarvestingGroup(ModelAdminGroup):
    menu_label = _("Moissonnage")
    menu_icon = "download"
    menu_order = 220
    items = (HarvestSourceAdmin, HarvestRunAdmin, HarvestRecordAdmin)


modeladmin_register(HarvestingGroup)


@hooks.register("register_admin_urls")
def harvesting_admin_urls():
    return [
        path("moissonnage/<int:pk>/moissonner/", views.harvest_now, name="harvesting_harvest_now"),
        path("moissonnage/<int:pk>/tester/", views.preview, name="harvesting_preview"),
        path("moissonnage/<int:pk>/motif/", views.accept_pattern, name="harvesting_accept_pattern"),
        path(
            "moissonnage/<int:pk>/rendu/", views.accept_renderer, name="harvesting_accept_renderer"
        ),
        path("moissonnage/essai/<int:pk>/", views.dry_run_detail, name="harvesting_dry_run"),
        path(
            "moissonnage/essai/<int:pk>/etat/",
            views.dry_run_status,
            name="harvesting_dry_run_status",
        ),
    ]
