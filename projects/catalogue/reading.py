"""Reading a project: its page's text and its place in the search the visitor came from.

- ``description_for_page``: the summary is shown once (the lead), not again as the first
  paragraph of the description (harvested pages often repeat their chapô).
- ``excerpt``: a card's excerpt cut on a word boundary, ending with "…".
- ``search_neighbours``: "previous / next" within the visitor's search. The catalogue's cards
  link to a project with the search's query string (``?q=…&theme=…&page=2``); the project page
  reads it back and looks at that page of results and one result either side of it (one
  statement of at most ``page_size + 2`` ids), never at the whole result list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from projects.catalogue.params import FACET_KEYS, SearchParams
from projects.catalogue.query import project_ordered
from projects.html import html_to_text
from projects.models import Project

_FIRST_PARAGRAPH = re.compile(r"^\s*<p(?:\s[^>]*)?>(.*?)</p>\s*", re.S | re.I)
_TRAILING = " \t\n.…,;:!?-–—"
#: query-string keys that say "this visitor came from a catalogue search"
SEARCH_KEYS = ("q", "sort", "page", *FACET_KEYS)


def _plain(text: str) -> str:
    return " ".join(text.split()).strip(_TRAILING).casefold()


def description_for_page(summary: str, description: str) -> tuple[bool, str]:
    """``(show_summary, description_html)``: the first paragraph is dropped when it says what
    the summary says; when the summary is only the start of that paragraph (a cut chapô), the
    paragraph is kept and the summary not shown, so nothing is said twice and nothing lost."""
    summary_text = _plain(summary or "")
    match = _FIRST_PARAGRAPH.match(description or "")
    if not summary_text or not match:
        return bool(summary_text), description or ""
    first = _plain(html_to_text(match.group(1)))
    if first == summary_text:
        return True, description[match.end() :]
    if len(summary_text) >= 40 and first.startswith(summary_text):
        return False, description
    return True, description


def excerpt(text: str, limit: int = 220) -> str:
    """``text`` cut to at most ``limit`` characters on a word boundary, ending with "…"."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else text[:limit]
    return cut.rstrip(_TRAILING) + "…"


@dataclass
class Neighbour:
    title: str
    url: str


@dataclass
class SearchPlace:
    back_url: str
    previous: Neighbour | None = None
    next: Neighbour | None = None


def came_from_search(querydict) -> bool:
    return any(key in querydict for key in SEARCH_KEYS)


def search_neighbours(
    project, querydict, *, catalogue_url: str, page_size: int = 20
) -> SearchPlace | None:
    """Where ``project`` sits in the search of ``querydict`` (None if not from a search)."""
    if not came_from_search(querydict):
        return None
    params = SearchParams.from_querydict(querydict)
    back_qs = params.querystring(page=True)
    place = SearchPlace(back_url=f"{catalogue_url}?{back_qs}" if back_qs else catalogue_url)
    start = max(0, (params.page - 1) * page_size - 1)
    ids = list(
        project_ordered(params).values_list("id", flat=True)[start : params.page * page_size + 1]
    )
    if project.pk not in ids:
        return place  # the catalogue changed since: back to the search, no neighbours
    index = ids.index(project.pk)

    def neighbour(position: int) -> Neighbour | None:
        if not 0 <= position < len(ids):
            return None
        other = Project.objects.filter(pk=ids[position]).only("title", "slug").first()
        if other is None:
            return None
        page = (start + position) // page_size + 1
        query = params.with_page(page).querystring(page=True) or "page=1"
        return Neighbour(other.title, f"{other.get_absolute_url()}?{query}")

    place.previous = neighbour(index - 1)
    place.next = neighbour(index + 1)
    return place
