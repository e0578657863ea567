"""Atom feed of the newest projects of any catalogue search (alerts in a feed reader)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from projects.catalogue.params import SearchParams
from projects.catalogue.presenters import catalogue_url
from projects.catalogue.query import project_filter
from projects.consolidation.normalize import remove_emails
from projects.html import strip_controls

ITEMS = 50


class TextSummaryAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text (``type="text"``): a summary is the
    project's plain-text summary, never HTML a feed reader would render."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ProjectSearchFeed(Feed):
    feed_type = TextSummaryAtomFeed

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

    # XML 1.0 cannot hold control characters: one in a title saved before imports cleaned
    # them must not take the feed down for everyone.
    def item_title(self, item):
        return strip_controls(item.title)

    def item_description(self, item):
        return strip_controls(remove_emails(item.summary))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
