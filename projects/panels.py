"""Admin panel showing where each field of a project comes from (editor, holder, partner page)
and why its location and themes were chosen."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

ORIGINS = {"editor": _("éditeur"), "holder": _("porteur"), "source": _("moisson")}


class ProvenancePanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Provenance des informations"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "projects/admin/provenance_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            project = self.instance
            rows = []
            for name, info in sorted((project.provenance or {}).items()):
                field = project._meta.get_field(name) if name != "themes" else None
                rows.append(
                    {
                        "field": field.verbose_name if field else _("thèmes"),
                        "origin": ORIGINS.get(info.get("origin"), info.get("origin")),
                        "organisation": info.get("organisation", ""),
                        "url": info.get("url", ""),
                        "at": (info.get("at") or "")[:16].replace("T", " "),
                    }
                )
            context.update(
                {
                    "rows": rows,
                    "location_evidence": project.location_evidence,
                    "theme_reasons": sorted((project.theme_reasons or {}).items()),
                    "sources": project.sources.select_related("organisation") if project.pk else [],
                }
            )
            return context
