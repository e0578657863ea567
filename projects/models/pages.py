"""The public catalogue page: an editor places it in the tree and writes its introduction.

The page reads its search from the query string (``projects.catalogue.params``), so every
search, filter and page is a shareable URL; listing logic lives in ``projects.catalogue.search``.
"""

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
    #: ``projects.catalogue.page`` (set by ``ProjectsConfig.ready``): the catalogue sits above
    #: the models, which import nothing above them.
    answers = None

    class Meta:
        verbose_name = _("catalogue des projets")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.answers.page_context(self, request))
        return context

    def get_template(self, request, *args, **kwargs):
        if request.GET.get("partial") == "results":
            return "projects/includes/catalogue_results.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        """Anonymous visitors share the rendered page: the same URL gives the same HTML until
        the catalogue (or the page tree) changes. Members get theirs rendered (menu, messages)."""
        if not self.answers.shareable(request):
            return super().serve(request, *args, **kwargs)

        def render():
            response = super(CataloguePage, self).serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response.status_code, response.content, response["Content-Type"]

        return self.answers.shared_page(request, render)
