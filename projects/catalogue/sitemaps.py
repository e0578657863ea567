"""sitemap.xml: Wagtail pages, public projects, territory pages, trends."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from projects.models import Department, Project, Region


class ProjectSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 10_000

    def items(self):
        return Project.objects.public().order_by("id").only("slug", "last_published_at")

    def lastmod(self, item):
        return item.last_published_at


class TerritorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [("region", r.slug) for r in Region.objects.order_by("code")] + [
            ("department", d.slug) for d in Department.objects.order_by("code")
        ]

    def location(self, item):
        return reverse(f"projects:{item[0]}", kwargs={"slug": item[1]})


class StaticSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return ["projects:trends", "projects:map"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": WagtailSitemap,
    "projects": ProjectSitemap,
    "territories": TerritorySitemap,
    "static": StaticSitemap,
}
