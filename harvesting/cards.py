"""Listings whose cards are the only content: each card is a project with no page of its own.

Some partners show every project as a card of one page (a name, a place, a paragraph, maybe
a link to the project's own website) with no detail page. ``listing_cards`` finds such a run
of repeated cards (three or more siblings of one kind, each with a heading and some text, none
linking to another page of the site) and ``card_page`` writes one card as a small HTML page the
extractor reads like any other.

Identity: a card's record is ``<listing URL>#<slug of its title>``, so it is the same record
from one harvest to the next whatever order or ``id`` the site gives its cards, and a card
that is renamed is a new project (the old one is retired only after the usual missed runs).
Network-free, like :mod:`harvesting.parsing`.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
from django.utils.text import slugify

from harvesting.canonical import canonicalize_url, same_host
from harvesting.parsing import parse_html

MIN_CARDS = 3
MAX_CARDS = 500
CARD_MIN_TEXT = 60  # characters of text besides the heading
CARD_MAX_TEXT = 5000  # a whole article is not a card
TITLE_MIN, TITLE_MAX = 3, 160
CARD_TAGS = ("article", "div", "li", "section")
HEADING_TAGS = ("h2", "h3", "h4", "h5")
CHROME_TAGS = ("header", "footer", "nav", "aside", "form")
CHROME_HINTS = re.compile(
    r"(^|[-_ ])(menu|nav|navbar|footer|header|pied|sidebar|widget|cookies?|share|social|"
    r"breadcrumbs?|pagination|pager)($|[-_ ])",
    re.I,
)


@dataclass(frozen=True)
class Card:
    """One card of a listing: its title, the anchor to link to, its HTML."""

    title: str
    anchor: str  # the card's own id when it has one, else the title's slug
    html: str

    def guid(self, listing_url: str) -> str:
        """The card's stable identity: the listing's canonical URL and its title's slug."""
        return f"{canonicalize_url(listing_url)}#{card_slug(self.title)}"

    def link(self, listing_url: str) -> str:
        """Where a visitor finds the card: the listing, scrolled to the card."""
        return f"{listing_url.split('#', 1)[0]}#{self.anchor}"


def card_slug(title: str) -> str:
    return slugify(title)[:80] or "carte"


def _in_chrome(element) -> bool:
    for node in (element, *element.iterancestors()):
        if node.tag in CHROME_TAGS:
            return True
        hints = f"{node.get('class', '')} {node.get('id', '')}"
        if hints.strip() and CHROME_HINTS.search(hints):
            return True
    return False


def _heading(element):
    for heading in element.iter(*HEADING_TAGS):
        return heading
    for candidate in element.iter("strong", "b"):
        return candidate
    return None


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _links_inside_site(element, base_url: str) -> bool:
    """Whether the card links to another page of the site (then it has a detail page)."""
    page = urlsplit(base_url)
    for anchor in element.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href.startswith(("http://", "https://")):
            continue
        parts = urlsplit(href)
        if same_host(href, base_url) and (parts.path, parts.query) != (page.path, page.query):
            return True
    return False


def _is_card(element, base_url: str) -> bool:
    heading = _heading(element)
    if heading is None:
        return False
    title = _text(heading)
    rest = len(_text(element)) - len(title)
    return (
        TITLE_MIN <= len(title) <= TITLE_MAX
        and CARD_MIN_TEXT <= rest <= CARD_MAX_TEXT
        and not _links_inside_site(element, base_url)
    )


def listing_cards(text: str, base_url: str) -> list[Card]:
    """The cards of the largest run of repeated, unlinked cards of a page (empty when it has
    none: a normal listing's cards link to their detail pages)."""
    tree = parse_html(text)
    if tree is None:
        return []
    tree.make_links_absolute(base_url, resolve_base_href=True, handle_failures="discard")
    groups: dict[tuple, list] = defaultdict(list)
    for element in tree.iter(*CARD_TAGS):
        parent = element.getparent()
        if parent is None or _in_chrome(element):
            continue
        key = (id(parent), element.tag, " ".join(sorted((element.get("class") or "").split())))
        groups[key].append(element)
    best: list = []
    for members in groups.values():
        if len(members) < MIN_CARDS or len(members) <= len(best):
            continue
        cards = [m for m in members if _is_card(m, base_url)]
        # nearly all siblings must be cards: a page's paragraphs in divs are not a listing
        if len(cards) >= MIN_CARDS and len(cards) >= 0.8 * len(members):
            best = cards
    result: list[Card] = []
    seen: set[str] = set()
    for element in best[:MAX_CARDS]:
        title = _text(_heading(element))
        slug = card_slug(title)
        if slug in seen:
            continue  # the same title twice: one project
        seen.add(slug)
        anchor = element.get("id") or slug
        result.append(Card(title, anchor, lxml.html.tostring(element, encoding="unicode")))
    return result


def card_page(card: Card, lang: str = "fr") -> str:
    """One card as a page: its title as the ``<h1>``, the rest of the card as the body."""
    fragment = lxml.html.fragment_fromstring(card.html)
    heading = _heading(fragment)
    if heading is not None:
        heading.drop_tree()
    body = lxml.html.tostring(fragment, encoding="unicode")
    title = html.escape(card.title)
    # the card's own text is its summary (not its name, place or link label)
    blocks = [_text(e) for e in fragment.iter("p", "div", "span") if e is not fragment]
    lede = next((t for t in blocks if len(t) >= CARD_MIN_TEXT), "")
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f'<title>{title}</title><meta name="description" content="{html.escape(lede[:400])}">'
        f"</head><body><main><h1>{title}</h1>{body}</main></body></html>"
    )
