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


def page_number(url: str) -> int | None:
    """The page number encoded in ``url`` (``?page=3``, ``/page/3/``), if any."""
    parts = urlsplit(url)
    match = PAGE_PATH_RE.search(parts.path)
    if match:
        return int(match.group(1))
    for key, value in parse_qsl(parts.query):
        if key.lower() in PAGE_QUERY_KEYS and value.isdigit():
            return int(value)
    return None
