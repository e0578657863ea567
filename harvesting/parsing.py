"""Network-free parsing helpers shared by discovery and extraction: HTML documents, page numbers.

Extraction is network-free by design: it imports these, never ``harvesting.discovery`` (which
imports the HTTP client).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import lxml.html
from lxml import etree

PAGE_QUERY_KEYS = ("page", "paged", "p", "pg", "start", "offset", "pagenum")
PAGE_PATH_RE = re.compile(r"/(?:page|p)/(\d+)/?$")
#: Page keys that also name one record: WordPress permalinks ``/?p=123`` are posts, while
#: ``/portraits?p=2`` is page 2. Such a key counts as a page number only when the link's label
#: says so (a number, "page 2", "suivant"), see :func:`is_page_label`.
AMBIGUOUS_PAGE_KEYS = ("p",)
PAGE_LABEL_RE = re.compile(
    r"^(page\s*)?\d{1,4}$|^(suivant|suivante|page suivante|pages? suivantes?|next|next page|"
    r"pr[ée]c[ée]dent|pr[ée]c[ée]dente|previous|prev|[›»<>→←‹«]+|>>|<<)$",
    re.I,
)


def html_parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, huge_tree=False, remove_comments=True
    )


def parse_html(text: str):
    """lxml HTML document for ``text`` (None when empty or unparseable)."""
    if not text or not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=html_parser())
    except (etree.ParserError, ValueError):
        return None


def page_number(url: str, *, ambiguous: bool = True) -> int | None:
    """The page number encoded in ``url`` (``?page=3``, ``/page/3/``), if any; with
    ``ambiguous=False``, ``?p=3`` (a WordPress post as often as a page) does not count."""
    parts = urlsplit(url)
    match = PAGE_PATH_RE.search(parts.path)
    if match:
        return int(match.group(1))
    for key, value in parse_qsl(parts.query):
        lowered = key.lower()
        if not ambiguous and lowered in AMBIGUOUS_PAGE_KEYS:
            continue
        if lowered in PAGE_QUERY_KEYS and value.isdigit():
            return int(value)
    return None


def is_page_label(label: str) -> bool:
    """Whether a link's label reads as pagination ("2", "Page 3", "Suivant", "»")."""
    return bool(PAGE_LABEL_RE.match(" ".join((label or "").split())))


def is_post_permalink(url: str) -> bool:
    """``/?p=123`` (or ``/index.php?p=123``): a WordPress post's plain permalink, one record,
    not a page of a listing (a listing's ``p`` sits beside other keys or on a section path)."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    path = re.sub(r"(^|/)index\.php$", "/", parts.path or "/")
    return (
        path.strip("/") == ""
        and len(pairs) == 1
        and pairs[0][0].lower() in AMBIGUOUS_PAGE_KEYS
        and pairs[0][1].isdigit()
    )
