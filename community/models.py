"""Wagtail pages of the community itself: home, governance pages, partner directory.

The tree is: root → ``HomePage`` (one) → ``StandardPage`` (charter, definition, how to join…,
nestable) and one ``PartnerDirectoryPage``; the catalogue page (``projects.CataloguePage``) also
lives under the home page. Editors write these pages in the Wagtail admin.
"""

from django.db import models
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from community.blocks import BodyBlock
from members.models import Organisation
from projects.models import Department, Project


class HomePage(Page):
    """The site's home: what Carrefour is, live figures, latest projects."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "community.StandardPage",
        "community.PartnerDirectoryPage",
        "projects.CataloguePage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        public = Project.objects.public()
        context["stats"] = {
            "projects": public.count(),
            "partners": Organisation.objects.public().count(),
            "territories": Department.objects.filter(projects__live=True).distinct().count(),
        }
        from projects.catalogue.presenters import catalogue_url  # the catalogue sits above models

        context["catalogue_url"] = catalogue_url()
        context["latest_projects"] = (
            public.select_related("commune", "department", "thumbnail")
            .prefetch_related("themes")
            .order_by("-first_published_at", "-created_at")[:6]
        )
        return context


class StandardPage(Page):
    """A governance or information page: charter, definition, how to join, news, legal."""

    intro = models.TextField(_("chapeau"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["community.HomePage", "community.StandardPage"]
    subpage_types = ["community.StandardPage"]

    class Meta:
        verbose_name = _("page éditoriale")


class PartnerDirectoryPage(RoutablePageMixin, Page):
    """The directory of partner organisations, each with its number of published projects, and
    each partner's own page below it (``<directory>/<slug>/``): who they are, their latest
    projects, how their sources are doing."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["community.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("annuaire des partenaires")

    def partners(self):
        return (
            Organisation.objects.public()
            .annotate(
                project_count=Count(
                    "project_sources__project",
                    filter=Q(project_sources__project__live=True),
                    distinct=True,
                )
            )
            .order_by("name")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partners"] = self.partners()
        return context

    @path("<slug:slug>/")
    def partner(self, request, slug):
        from harvesting.health import sources_health  # community reads the apps below it
        from projects.catalogue.presenters import catalogue_url

        organisation = get_object_or_404(Organisation.objects.public(), slug=slug)
        projects = Project.objects.public().filter(sources__organisation=organisation).distinct()
        context = {
            "partner": organisation,
            "project_count": projects.count(),
            "latest_projects": projects.select_related(
                "commune", "department", "thumbnail"
            ).order_by("-first_published_at", "-created_at")[:6],
            "partner_catalogue_url": f"{catalogue_url()}?organisation={organisation.slug}",
            "sources": sources_health(organisation),
        }
        return self.render(
            request, context_overrides=context, template="community/partner_page.html"
        )
