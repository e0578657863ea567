"""HTML sanitising for anything that came from outside (harvested pages, holder input).

nh3 (a binding of the Rust `ammonia` crate) is used rather than a hand-written cleaner: it parses
HTML like a browser does, so no script, event handler, ``javascript:`` URL, frame or style
can survive, whatever the nesting or encoding tricks.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

# C0 controls but tab, line feed and carriage return; DEL; C1 controls; the two non-characters
# XML refuses. Harvested text (and the odd pasted title) carries them: one ``\x1b`` in a title
# made the Atom feed fail for everyone (XML 1.0 cannot hold it).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_controls(text):
    """``text`` without control characters (tab, line feed and carriage return kept)."""
    if not text or not isinstance(text, str):
        return text
    return _CONTROLS.sub("", text)


def has_controls(text: str) -> bool:
    """Does ``text`` hold a control character (other than tab, line feed, carriage return)?"""
    return bool(text and _CONTROLS.search(text))


ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "abbr",
    "cite",
    "code",
    "pre",
    "hr",
    "sub",
    "sup",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str | None) -> str:
    """Return ``html`` reduced to safe rich text (links marked noopener, noreferrer, nofollow)."""
    if not html:
        return ""
    return nh3.clean(
        strip_controls(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
    ).strip()


def html_to_text(html: str | None) -> str:
    """Plain text of an HTML fragment (tags removed, whitespace collapsed)."""
    if not html:
        return ""
    text = nh3.clean(strip_controls(html), tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html_lib.unescape(text).split())
