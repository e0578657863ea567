"""The public catalogue page: an editor places it in the tree and writes its introduction."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class CataloguePage(Page):
    """Search the catalogue of published projects (full text, French, accents ignored)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["community.HomePage"]
    subpage_types = []
    max_count = 1
    page_size = 20

    class Meta:
        verbose_name = _("catalogue des projets")

    def get_context(self, request, *args, **kwargs):
        from projects.selectors import project_search

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        results = project_search(query).select_related("commune", "department", "region")
        page = Paginator(results, self.page_size).get_page(request.GET.get("page"))
        context.update({"query": query, "results": page, "result_count": page.paginator.count})
        return context
