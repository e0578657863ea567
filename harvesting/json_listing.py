"""Listings that load more projects as JSON ("Voir plus" buttons, WordPress REST, small APIs).

A listing page often shows a few cards and reads the rest from a JSON endpoint it names in an
attribute (``data-url``, ``data-endpoint``, ``data-src``, ``data-next``…) or links to. These
helpers find those endpoints in the page and the page addresses and the next endpoint in a JSON
answer; discovery fetches them through the safe client, within its listing-page budget.
Network-free, like :mod:`harvesting.parsing`.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from harvesting.parsing import parse_html

#: Attributes a script reads its next cards from.
ENDPOINT_ATTRIBUTES = (
    "data-url", "data-endpoint", "data-src", "data-source", "data-next", "data-next-url",
    "data-load-more", "data-api", "data-json", "data-feed", "data-ajax-url", "data-href",
)  # fmt: skip
#: Attributes that name pages and pictures as often as endpoints: only a JSON-looking value.
AMBIGUOUS_ATTRIBUTES = frozenset({"data-src", "data-source", "data-href", "data-feed"})
MEDIA_TAGS = frozenset({"img", "picture", "source", "iframe", "video", "audio", "script", "link"})
#: What a JSON endpoint's address looks like (a link or attribute naming it).
JSON_URL_RE = re.compile(r"(\.json($|\?)|/wp-json/|/api/|[?&](format|_format)=json\b)", re.I)
#: Keys whose value is a page's public address in a JSON item.
URL_KEYS = frozenset({"url", "link", "href", "permalink", "uri", "path", "lien", "adresse"})
#: Keys whose value is the next JSON page.
NEXT_KEYS = frozenset({"next", "next_url", "nexturl", "next_page", "nextpage", "next_page_url",
                       "suivant", "more", "load_more"})  # fmt: skip
MAX_ENDPOINTS = 3
MAX_NODES = 20_000
MAX_DEPTH = 8


def json_endpoints(html: str, base_url: str) -> list[str]:
    """Same-origin JSON endpoints a listing page names: attributes of its elements (a
    "Voir plus" button's ``data-url``), then links and ``<link>`` elements to JSON."""
    tree = parse_html(html)
    if tree is None:
        return []
    found: list[str] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in MEDIA_TAGS:
            continue  # (lazy-loaded images and frames use data-src too)
        for name in ENDPOINT_ATTRIBUTES:
            value = (element.get(name) or "").strip()
            if not value or value.startswith(("{", "[", "#", "javascript:", "data:")):
                continue
            url = urljoin(base_url, value)
            if name not in AMBIGUOUS_ATTRIBUTES or JSON_URL_RE.search(url):
                found.append(url)
    for element in tree.iter("a", "link"):
        href = (element.get("href") or "").strip()
        kind = (element.get("type") or "").lower()
        if href and (JSON_URL_RE.search(href) or kind.endswith("json")):
            if "oembed" in href.lower():
                continue  # the page's own embed card, not a listing
            found.append(urljoin(base_url, href))
    origin = urlsplit(base_url).netloc
    result = []
    for url in dict.fromkeys(found):
        parts = urlsplit(url)
        if (parts.scheme in ("http", "https") and parts.netloc == origin and url != base_url
                and (JSON_URL_RE.search(url) or _attribute_only(url))):  # fmt: skip
            result.append(url)
    return result[:MAX_ENDPOINTS]


def _attribute_only(url: str) -> bool:
    """An attribute's address without a JSON look (``data-url="/realisations?offset=4"``)
    is still worth a try: the client only accepts a JSON answer."""
    return not re.search(r"\.(jpe?g|png|gif|webp|svg|css|js|mp4|mp3|pdf|woff2?)($|\?)", url, re.I)


def json_page_links(content: bytes | str, base_url: str) -> tuple[list[str], list[str]]:
    """(page addresses, next JSON pages) in one JSON answer: values of ``url``/``link``-like
    keys anywhere in it (API self-links and ``_links`` left out), and ``next``-like keys."""
    try:
        data = json.loads(content)
    except (ValueError, TypeError, RecursionError):
        return [], []
    links: list[str] = []
    nexts: list[str] = []
    budget = [MAX_NODES]

    def walk(value, depth: int, key: str = "") -> None:
        budget[0] -= 1
        if budget[0] < 0 or depth > MAX_DEPTH:
            return
        if isinstance(value, dict):
            for name, child in value.items():
                if isinstance(name, str) and name.startswith("_"):
                    continue  # "_links", "_embedded": the API's own addresses
                walk(child, depth + 1, str(name).lower())
        elif isinstance(value, list):
            for child in value:
                walk(child, depth + 1, key)
        elif isinstance(value, str) and value.strip():
            text = value.strip()
            if not text.startswith(("/", "http://", "https://", "?")) or " " in text:
                return
            url = urljoin(base_url, text)
            if key in NEXT_KEYS:
                nexts.append(url)
            elif key in URL_KEYS and not JSON_URL_RE.search(url):
                links.append(url)  # (an item's API address is not its page)

    walk(data, 0)
    return list(dict.fromkeys(links)), list(dict.fromkeys(nexts))
