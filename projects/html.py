"""HTML sanitising for anything that came from outside (harvested pages, holder input).

nh3 (a binding of the Rust `ammonia` crate) is used rather than a hand-written cleaner: it parses
HTML like a browser does, so no script, event handler, ``javascript:`` URL, frame or style
can survive, whatever the nesting or encoding tricks.
"""

from __future__ import annotations

import nh3

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
        html,
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
    text = nh3.clean(html, tags=set(), clean_content_tags={"script", "style"})
    import html as html_lib

    return " ".join(html_lib.unescape(text).split())
