"""Atom feed of the newest projects of any catalogue search (alerts in a feed reader)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from projects.catalogue.params import SearchParams
from projects.catalogue.presenters import catalogue_url
from projects.catalogue.query import project_filter

ITEMS = 50


class ProjectSearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return SearchParams.from_querydict(request.GET)

    def title(self, params):
        if params.q:
            return _("Nouveaux projets : « %(q)s » — Carrefour des innovations sociales") % {
                "q": params.q
            }
        return _("Nouveaux projets — Carrefour des innovations sociales")

    def link(self, params):
        query = params.querystring()
        return catalogue_url() + (f"?{query}" if query else "")

    def subtitle(self, params):
        return _("Les projets les plus récemment publiés pour cette recherche.")

    def items(self, params):
        return (
            project_filter(params)
            .order_by("-first_published_at", "-id")
            .select_related("commune", "department")
            .only(
                "title",
                "slug",
                "summary",
                "first_published_at",
                "last_published_at",
                "commune__name",
                "department__name",
            )[:ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
