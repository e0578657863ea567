"""URL canonicalisation and include/exclude pattern matching for harvesting.

A canonical URL is the identity of a harvested page (the guid of its record): lower-case scheme
and host, no default port, no userinfo, no fragment, no tracking parameters, sorted query,
normalised percent-encoding and dot segments, and no trailing slash except for the root.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from projects.consolidation.normalize import host_of  # the one host helper

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "xtor", "xts", "xtref", "_hsenc", "_hsmi", "mkt_tok", "s_kwcid",
        "_ga", "_gl", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "ncid", "srsltid",
        "phpsessid", "jsessionid", "sessionid", "sid", "wt.mc_id", "at_medium", "at_campaign",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "matomo_", "hsa_", "at_", "piwik_")
SAFE_PATH = "/:@!$&'()*+,;=-._~%"
SAFE_QUERY = "/:@!$'()*,;-._~%?"
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
DEFAULT_PORTS = {"http": 80, "https": 443}
PERCENT_RE = re.compile(r"%([0-9A-Fa-f]{2})")


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize_url(url: str, base_url: str | None = None) -> str:
    """Canonical form of ``url`` (resolved against ``base_url`` if relative).

    Raises ``ValueError`` for anything that is not an absolute http(s) URL.
    """
    url = (url or "").strip()
    if base_url:
        url = urljoin(base_url, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f"Adresse non prise en charge (http ou https attendu) : {url!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"Adresse sans nom de serveur : {url!r}")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError as exc:
        raise ValueError(f"Nom de serveur invalide : {url!r}") from exc
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port  # may raise ValueError on a malformed port
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _normalize_path(parts.path.split(";jsessionid=", 1)[0])
    query = _normalize_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _normalize_percent(text: str, safe: str) -> str:
    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in UNRESERVED else f"%{match.group(1).upper()}"

    return quote(PERCENT_RE.sub(fix, text), safe=safe)


def _normalize_path(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path or "/")
    segments: list[str] = []
    for segment in path.split("/")[1:] if path.startswith("/") else path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment != ".":
            segments.append(segment)
    path = "/" + "/".join(segments)
    path = _normalize_percent(path, SAFE_PATH)
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


def _normalize_query(query: str) -> str:
    if not query:
        return ""
    pairs = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not is_tracking_param(name)
    ]
    pairs.sort()
    return urlencode(pairs, quote_via=quote, safe=SAFE_QUERY.replace("%", ""))


def same_host(url_a: str, url_b: str) -> bool:
    """Same host, ignoring a ``www.`` prefix (ports and schemes ignored)."""
    host = host_of(url_a)
    return bool(host) and host == host_of(url_b)


def same_site(url_a: str, url_b: str) -> bool:
    """Same host or one is a subdomain of the other (``blog.partner.fr`` and ``partner.fr``)."""
    a, b = host_of(url_a), host_of(url_b)
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def canonical_from_html(html: str, base_url: str) -> str | None:
    """The page's ``<link rel="canonical">`` in canonical form, if it stays on the same host."""
    try:
        tree = lxml.html.document_fromstring(
            html.encode("utf-8"),
            parser=lxml.html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False),
        )
    except (etree.ParserError, ValueError):
        return None
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rels and href:
            try:
                candidate = canonicalize_url(href, base_url)
            except ValueError:
                return None
            return candidate if same_host(candidate, base_url) else None
    return None


def unquoted_path(url: str) -> str:
    """Decoded path of ``url`` (for human-readable pattern matching)."""
    return unquote(urlsplit(url).path)


# ---------------------------------------------------------------------- patterns


def compile_patterns(patterns: Iterable[str] | str | None) -> list[re.Pattern[str]]:
    """Compile include/exclude regexes (a string holds one pattern per line; blank lines and
    lines starting with ``#`` are ignored). Raises ``ValueError`` with a French message."""
    if not patterns:
        return []
    if isinstance(patterns, str):
        patterns = patterns.splitlines()
    compiled = []
    for raw in patterns:
        pattern = raw.strip() if isinstance(raw, str) else raw
        if not pattern or (isinstance(pattern, str) and pattern.startswith("#")):
            continue
        if isinstance(pattern, re.Pattern):
            compiled.append(pattern)
            continue
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise ValueError(f"Motif invalide « {pattern} » : {exc}.") from exc
    return compiled


def url_matches(
    url: str,
    include: Iterable[re.Pattern[str]] = (),
    exclude: Iterable[re.Pattern[str]] = (),
    published: str = "",
) -> bool:
    """True when ``url`` matches one include pattern (or there are none) and no exclude
    pattern. Patterns are searched anywhere in the full URL, in its canonical form (``url``)
    and as the partner's site publishes it (``published``: trailing slash, port, tracking
    parameters kept), so a pattern copied from the site (``/projets/[a-z0-9-]+/$``) matches."""
    return pattern_verdict(url, include, exclude, published) is None


def pattern_verdict(
    url: str,
    include: Iterable[re.Pattern[str]] = (),
    exclude: Iterable[re.Pattern[str]] = (),
    published: str = "",
) -> str | None:
    """None when the URL passes the patterns, else why not: "include" (no include pattern
    matches) or "exclude" (an exclude pattern matches)."""
    forms = [url] if not published or published == url else [url, published]
    include = list(include)
    if include and not any(p.search(form) for p in include for form in forms):
        return "include"
    if any(p.search(form) for p in exclude for form in forms):
        return "exclude"
    return None
