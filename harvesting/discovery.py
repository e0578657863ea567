"""Discovery: which pages of a partner site to harvest.

From a start URL and a kind, ``discover`` yields ``DiscoveredItem``s found in sitemaps (robots.txt
``Sitemap:`` lines, ``/sitemap.xml``, indexes, gzip), RSS/Atom feeds, paginated listings or an
explicit list of URLs. Everything is fetched through a ``SafeClient`` and bounded against crawl
traps (pages per run, listing pages, depth, query-string variants, path shape). Items are
deduplicated by canonical URL. XML and HTML are parsed with lxml without entities or network.
"""

from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree

from harvesting.canonical import canonicalize_url, compile_patterns, pattern_verdict, same_host
from harvesting.cards import card_page, listing_cards
from harvesting.client import BadContentType, FetchError, HttpError, SafeClient, bounded_decompress
from harvesting.json_listing import json_endpoints, json_page_links
from harvesting.parsing import (
    PAGE_PATH_RE,
    PAGE_QUERY_KEYS,
    is_page_label,
    is_post_permalink,
    page_number,
    parse_html,
)
from projects.consolidation.normalize import parse_date  # noqa: F401 - the one date parser

logger = logging.getLogger(__name__)

#: Dropped candidates and candidates kept for a dry run's explanations (bounded memory).
MAX_EXPLAINED = 5000
#: Refused browser requests noted in the warnings, per rendered page.
MAX_BLOCKED_NOTES = 10
KINDS = ("auto", "sitemap", "feed", "listing", "urls")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
NEXT_LABELS = re.compile(
    r"^(suivant|suivante|page suivante|pages? suivantes?|next|next page|›|»|>|>>|→)$", re.I
)
SKIPPED_EXTENSIONS = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar|gz|jpe?g|png|gif|webp|svg|mp3|mp4|avi|mov|ics|"
    r"css|js|xml|json|rss|atom)$",
    re.I,
)
#: Query keys of crawl-trap-like variants: calendars, dates, sorting, filtering, searching.
TRAP_QUERY_KEYS = re.compile(
    r"^(mois|month|annee|year|an|jour|day|date|semaine|week|cal(endar)?|agenda|debut|fin|from|to|"
    r"start_?date|end_?date|tri|sort|order(by)?|dir|filtre|filter|facet|f|view|vue|display|"
    r"affichage|q|s|search|recherche|query|limit|per_?page|nb|format|print|share|replytocom|"
    r"utm_\w+|sessionid|sid|phpsessid|lang)$",
    re.I,
)
#: Query keys that name one record of a legacy directory (``fiche.php?id=12``).
DETAIL_QUERY_KEYS = re.compile(
    r"^(id|ident|nid|pid|p|post|article|art|item|fiche|ref|code|num|no|slug|projet|project|"
    r"structure|initiative|uid|cle|key|id_\w+|\w+_id)$",
    re.I,
)
DETAIL_QUERY_VALUE = re.compile(r"^[\w.-]{1,80}$")
#: Labels or paths of a site's project listing, followed from a homepage ("Nos lauréats").
SECTION_LABEL_RE = re.compile(
    r"\b(projets?|projects?|annuaire|laur[ée]ats?|initiatives?|innovations?|fiches|portraits|"
    r"r[ée]alisations|structures accompagn[ée]es|entreprises (sociales )?accompagn[ée]es|"
    r"exp[ée]riences|catalogue|r[ée]pertoire)\b",
    re.I,
)
BOILERPLATE_TAGS = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript")
BOILERPLATE_HINTS = re.compile(
    r"(^|[-_ ])(menu|nav|navbar|navigation|breadcrumbs?|fil-ariane|footer|header|sidebar|"
    r"share|social|cookies?|pagination|pager)($|[-_ ])",
    re.I,
)


@dataclass(frozen=True)
class DiscoveredItem:
    """A page to harvest: ``url`` is canonical (the record's identity); ``fetch_url`` is the
    address as the partner links it (saves a redirect when the site wants a trailing slash)."""

    url: str
    lastmod: datetime | None
    source: str
    fetch_url: str = ""
    published: str = ""  # the address exactly as the site links it (patterns match it too)
    #: a card of a listing without detail pages, as a small page (``harvesting.cards``):
    #: harvested from this HTML, nothing fetched
    card_html: str = ""


@dataclass
class DiscoveryLimits:
    """Crawl-trap bounds for one run."""

    max_items: int = 1000  # pages yielded per run
    max_listing_pages: int = 30  # listing pages fetched (pagination included)
    max_sitemaps: int = 50  # sitemap files fetched (indexes included)
    max_depth: int = 3  # nesting of sitemap indexes
    max_query_variants: int = 25  # distinct query strings per path (facets, unknown keys)
    max_trap_variants: int = 10  # per path, for calendar/date/sort/filter/search keys
    max_detail_variants: int = 5000  # per path, for record ids (fiche.php?id=N)
    max_sections: int = 3  # listing sections followed from a homepage ("Projets", "Annuaire")
    max_path_segments: int = 8  # deeper paths are skipped
    max_segment_repeats: int = 2  # a path segment seen more often is a trap
    max_feeds: int = 3  # feeds read from one homepage


@dataclass
class Discoverer:
    """One discovery pass; ``warnings`` collects French notes on what was skipped or failed."""

    client: SafeClient
    include: Iterable[str] | str | None = None
    exclude: Iterable[str] | str | None = None
    limits: DiscoveryLimits = field(default_factory=DiscoveryLimits)
    warnings: list[str] = field(default_factory=list)
    #: Dry runs: record every dropped candidate with its reason (``dropped``), every
    #: candidate seen (``candidates``, for pattern proposals) and list the items past the
    #: per-run cap instead of stopping there.
    explain: bool = False
    #: Optional ``harvesting.renderer.ChromiumRenderer``: listing pages are then read from
    #: the DOM headless Chromium renders (detail pages, sitemaps and feeds stay static).
    renderer: object | None = None
    #: canonical URLs of listings whose cards earlier runs harvested (read again every run)
    card_pages: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._include = compile_patterns(self.include)
        self._exclude = compile_patterns(self.exclude)
        self._seen: set[str] = set()
        self._variants: dict[str, set[str]] = defaultdict(set)
        self._count = 0
        self._pages: dict[str, object] = {}
        self.dropped: list[tuple[str, str]] = []  # (url, reason) when ``explain``
        self.candidates: dict[str, str] = {}  # canonical URL -> published form
        self.deadline: float | None = None  # time.monotonic() past which discovery stops
        # Set when the pass may have missed pages that exist: the harvest then marks no page
        # as "no longer listed" (a failed or partial run must never unlist anything).
        self.incomplete = False
        self._card_pages_read: set[str] = set()

    # ------------------------------------------------------------------ entry point

    def run(self, start: str, kind: str = "auto") -> Iterator[DiscoveredItem]:
        """Yield items for ``start`` (a URL, or newline-separated URLs for ``kind="urls"``)."""
        if kind not in KINDS:
            raise ValueError(f"Type de source inconnu « {kind} » (attendu : {', '.join(KINDS)}).")
        if kind == "urls":
            yield from self._bounded(self._from_url_list(start))
        else:
            start = start.strip()
            if kind == "sitemap":
                yield from self._bounded(self._from_sitemaps(start, explicit=True))
            elif kind == "feed":
                yield from self._bounded(self._from_feeds(start))
            elif kind == "listing":
                yield from self._bounded(self._from_listing(start))
            else:
                yield from self._auto(start)
        if self.card_pages:
            yield from self._bounded(self._known_cards())

    def _auto(self, start: str) -> Iterator[DiscoveredItem]:
        """The sitemap when there is one (it lists the whole site); else the feeds, then the
        listings too: a feed carries only the latest entries (ten on WordPress), so the
        older projects are found through the site's listing and its pagination."""
        for strategy in (self._from_sitemaps, self._from_feeds, self._from_listing):
            found = False
            for item in self._bounded(strategy(start)):
                found = True
                yield item
            if self._count >= self.limits.max_items:
                return
            if found and strategy != self._from_feeds:
                return

    def _bounded(self, items: Iterable[DiscoveredItem]) -> Iterator[DiscoveredItem]:
        """Apply dedupe, patterns, trap guards and the per-run cap to raw candidates."""
        capped = False
        for item in items:
            if self.deadline is not None and time.monotonic() > self.deadline:
                self.incomplete = True
                self.timed_out = True
                return
            if item.url in self._seen or item.url in self.candidates:
                continue
            if self.explain and len(self.candidates) < MAX_EXPLAINED:
                self.candidates[item.url] = item.published or item.fetch_url or item.url
            reason = self._drop_reason(item)
            if reason is None and self._count >= self.limits.max_items:
                if not capped:
                    capped = True
                    self.incomplete = True
                    self.warnings.append(
                        f"Limite de {self.limits.max_items} pages par passe atteinte : "
                        "le reste sera découvert à la prochaine passe."
                    )
                if not self.explain or len(self.dropped) >= MAX_EXPLAINED:
                    return
                reason = "cap"
            if reason is not None:
                if self.explain and len(self.dropped) < MAX_EXPLAINED:
                    self.dropped.append((item.published or item.url, reason))
                continue
            self._seen.add(item.url)
            self._count += 1
            yield item

    timed_out = False

    def _drop_reason(self, item: DiscoveredItem) -> str | None:
        """Why ``item`` is not harvested ("include", "exclude", "trap"), None if it is."""
        url, published = item.url, item.published or item.fetch_url
        verdict = pattern_verdict(url, self._include, self._exclude, published)
        if verdict is not None:
            return verdict
        parts = urlsplit(url)
        if is_trap_path(parts.path, self.limits.max_path_segments, self.limits.max_segment_repeats):
            return "trap"
        if parts.query:
            if self._include:
                return None  # the partner asked for these pages: not a trap
            kind = "detail" if is_post_permalink(url) else query_kind(parts.query)
            variants = self._variants[f"{kind}:{parts.netloc}{parts.path}"]
            if parts.query not in variants:
                if len(variants) >= self._variant_cap(kind):
                    return "trap"
                variants.add(parts.query)
        return None

    def _variant_cap(self, kind: str) -> int:
        limits = self.limits
        if kind == "trap":
            return min(limits.max_trap_variants, limits.max_query_variants)
        if kind == "detail":
            return max(limits.max_detail_variants, limits.max_query_variants)
        return limits.max_query_variants

    def _item(self, url: str, base: str, source: str, lastmod=None) -> DiscoveredItem | None:
        try:
            absolute = urljoin(base, url.strip())
            canonical = canonicalize_url(absolute)
        except ValueError:
            return None
        return DiscoveredItem(
            canonical, lastmod, source, _fetch_form(canonical, absolute), absolute.split("#")[0]
        )

    def _fetch(self, url: str, accept, what: str, *, guessed: bool = False):
        if url in self._pages:  # the start page serves feeds and listing alike
            return self._pages[url]
        try:
            result = self.client.fetch(url, accept=accept)
        except HttpError as exc:
            if guessed and exc.status in (404, 410):
                # A sitemap the site never declared is simply absent: nothing was missed.
                return None
            self.warnings.append(f"{what} {url} : {exc.message}")
            self.incomplete = True
            result = None
        except BadContentType as exc:
            if guessed:  # a site answering its homepage for /sitemap.xml has no sitemap
                return None
            self.warnings.append(f"{what} {url} : {exc.message}")
            self.incomplete = True
            result = None
        except FetchError as exc:
            self.warnings.append(f"{what} {url} : {exc.message}")
            self.incomplete = True
            result = None
        if what == "Page de départ":
            self._pages[url] = result
        return result

    def _render(self, url: str, start: str):
        """A listing page rendered by the JavaScript renderer; falls back to a static fetch
        (the run then counts as incomplete: nothing is unlisted) when it cannot run."""
        from harvesting.renderer import RendererUnavailable

        what = "Page de départ" if url == start else "Page de liste"
        renderer = self.renderer
        already = len(renderer.blocked)
        try:
            result = renderer.render(url)
        except RendererUnavailable as exc:
            self.warnings.append(exc.message)
            self.incomplete = True
            self.renderer = None
            return self._fetch(url, ("html", "feed", "xml") if url == start else ("html",), what)
        except FetchError as exc:
            self.warnings.append(f"{what} {url} : {exc.message}")
            self.incomplete = True
            result = None
        finally:
            for blocked, reason in renderer.blocked[already:][:MAX_BLOCKED_NOTES]:
                self.warnings.append(
                    f"Rendu JavaScript de {url} : requête refusée vers {blocked} ({reason})"
                )
        return result

    # ------------------------------------------------------------------ URL list

    def _from_url_list(self, text: str) -> Iterator[DiscoveredItem]:
        for line in (text or "").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            item = self._item(line, line, "urls")
            if item is None:
                self.warnings.append(f"Adresse ignorée (http ou https attendu) : {line}")
                continue
            yield item

    # ------------------------------------------------------------------ sitemaps

    def _from_sitemaps(self, start: str, explicit: bool = False) -> Iterator[DiscoveredItem]:
        """Sitemaps named by the source, else every ``Sitemap:`` of robots.txt, else the first
        of ``/sitemap.xml`` and ``/sitemap_index.xml`` that lists something."""
        budget = [self.limits.max_sitemaps]
        visited: set[str] = set()
        parts = urlsplit(start)
        origin = f"{parts.scheme}://{parts.netloc}"
        if explicit and parts.path not in ("", "/"):
            yield from self._sitemap(start, start, 0, budget, visited)
            return
        try:
            declared = self.client.sitemaps_from_robots(start)
        except FetchError as exc:
            self.warnings.append(f"robots.txt de {origin} : {exc.message}")
            declared = []
        if declared:
            for sitemap_url in declared:
                yield from self._sitemap(sitemap_url, start, 0, budget, visited)
            return
        for candidate in (f"{origin}/sitemap.xml", f"{origin}/sitemap_index.xml"):
            found = False
            for item in self._sitemap(candidate, start, 0, budget, visited, guessed=True):
                found = True
                yield item
            if found:
                return

    def _sitemap(
        self, url, start, depth, budget, visited, guessed: bool = False
    ) -> Iterator[DiscoveredItem]:
        if url in visited or budget[0] <= 0:
            if budget[0] <= 0:
                self.warnings.append(f"Trop de sitemaps : {url} ignoré.")
            return
        if depth > self.limits.max_depth:
            self.warnings.append(f"Index de sitemaps trop profond : {url} ignoré.")
            return
        visited.add(url)
        budget[0] -= 1
        result = self._fetch(url, ("xml", "gzip", "text", "feed"), "Sitemap", guessed=guessed)
        if result is None or result.not_modified:
            return
        content = result.content
        if content[:2] == b"\x1f\x8b":  # a .xml.gz file (not a Content-Encoding)
            try:
                content = bounded_decompress(content, "gzip", self.client.max_bytes, url=url)
            except FetchError as exc:
                self.warnings.append(f"Sitemap {url} : {exc.message}")
                self.incomplete = True
                return
        root = parse_xml(content)
        source = f"sitemap:{url}"
        if root is None:  # plain-text sitemap: one URL per line
            text = content.decode("utf-8", errors="replace")
            for line in text.splitlines()[:50000]:
                if line.strip().startswith(("http://", "https://")):
                    item = self._item(line, url, source)
                    if item and same_host(item.url, start):
                        yield item
            return
        name = local_name(root)
        if name == "sitemapindex":
            for loc in _children_text(root, "sitemap", "loc"):
                child = urljoin(url, loc[0])
                yield from self._sitemap(child, start, depth + 1, budget, visited)
        elif name == "urlset":
            for loc, lastmod in _children_text(root, "url", "loc", "lastmod"):
                item = self._item(loc, url, source, parse_date(lastmod))
                if item and same_host(item.url, start):
                    yield item
        elif name in ("rss", "feed", "RDF"):
            yield from self._feed_items(root, url, start)

    # ------------------------------------------------------------------ feeds

    def _from_feeds(self, start: str) -> Iterator[DiscoveredItem]:
        result = self._fetch(start, ("html", "feed", "xml"), "Page de départ")
        if result is None:
            return
        root = parse_xml(result.content) if "html" not in result.content_type else None
        if root is not None and local_name(root) in ("rss", "feed", "RDF"):
            yield from self._feed_items(root, result.final_url, start)
            return
        feeds = feed_links(result.text, result.final_url)[: self.limits.max_feeds]
        for feed_url in feeds:
            feed = self._fetch(feed_url, ("feed", "xml"), "Flux")
            if feed is None:
                continue
            feed_root = parse_xml(feed.content)
            if feed_root is not None:
                yield from self._feed_items(feed_root, feed.final_url, start)

    def _feed_items(self, root, feed_url: str, start: str) -> Iterator[DiscoveredItem]:
        source = f"feed:{feed_url}"
        for entry in root.iter():
            name = local_name(entry)
            if name not in ("item", "entry"):
                continue
            link, date = _entry_link_and_date(entry)
            if not link:
                continue
            item = self._item(link, feed_url, source, parse_date(date))
            if item and same_host(item.url, start):
                yield item

    # ------------------------------------------------------------------ listings

    def _listing_budget(self) -> bool:
        """Count one more listing page (HTML or JSON); False, with a warning, past the cap."""
        if self._listing_pages >= self.limits.max_listing_pages:
            if not self._listing_capped:
                self._listing_capped = True
                self.incomplete = True
                self.warnings.append(
                    f"Limite de {self.limits.max_listing_pages} pages de liste atteinte."
                )
            return False
        self._listing_pages += 1
        return True

    _listing_pages = 0
    _listing_capped = False

    def _from_listing(self, start: str) -> Iterator[DiscoveredItem]:
        queue: list[str] = [start]
        visited: set[str] = set()
        while queue:
            page_url = queue.pop(0)
            key = _safe_canonical(page_url)
            if key is None or key in visited:
                continue
            if not self._listing_budget():
                return
            visited.add(key)
            if self.renderer is not None:
                result = self._render(page_url, start)
            elif page_url == start:
                result = self._fetch(page_url, ("html", "feed", "xml"), "Page de départ")
            else:
                result = self._fetch(page_url, ("html",), "Page de liste")
            if result is None:
                continue
            listing = parse_listing(result.text, result.final_url)
            source = f"listing:{result.final_url}"
            queue += [u for u in listing.next_pages if same_host(u, start)]
            if page_url == start and is_homepage(result.final_url):
                # A homepage shows a few projects; the full list sits behind a section link
                # ("Projets", "Annuaire", "Nos lauréats"): read it and its pagination too.
                sections = section_links(result.text, result.final_url)
                queue += [
                    u
                    for u in sections[: self.limits.max_sections]
                    if same_host(u, start) and _safe_canonical(u) not in visited
                ]
            page_keys = {_safe_canonical(u) for u in listing.next_pages} | visited
            for link in listing.links:
                item = self._item(link, result.final_url, source)
                if item is None or item.url in page_keys or not same_host(item.url, start):
                    continue
                if item.url == canonicalize_url(start):
                    continue
                if SKIPPED_EXTENSIONS.search(item.url) and not self._asked_document(item):
                    continue
                yield item
            if not is_homepage(result.final_url):
                # (a homepage's unlinked blocks are the partner's missions, not projects)
                yield from self._cards(result.text, result.final_url)
            for endpoint in json_endpoints(result.text, result.final_url):
                if same_host(endpoint, start):
                    yield from self._json_listing(endpoint, start, visited)

    def _cards(self, text: str, page_url: str) -> Iterator[DiscoveredItem]:
        """Cards of a listing without detail pages, each an item of its own."""
        key = _safe_canonical(page_url)
        if key is None or key in self._card_pages_read:
            return
        self._card_pages_read.add(key)
        cards = listing_cards(text, page_url)
        if not cards and key in self.card_pages:
            # cards harvested before are no longer recognised: the layout changed, not the
            # projects; nothing may be marked as gone on this pass
            self.incomplete = True
            self.warnings.append(
                f"Les cartes de projets de {page_url} ne sont plus reconnues : aucune n'a été "
                "marquée comme retirée."
            )
        source = f"cards:{page_url}"
        for card in cards:
            guid = card.guid(page_url)
            link = card.link(page_url)
            yield DiscoveredItem(guid, None, source, link, link, card_page(card, _lang(text)))

    def _known_cards(self) -> Iterator[DiscoveredItem]:
        """Listings whose cards earlier runs harvested, read again when this pass did not
        reach them (a sitemap found other pages first): their cards must not look gone."""
        for page_url in sorted(self.card_pages - self._card_pages_read):
            result = self._fetch(page_url, ("html",), "Page de cartes")
            if result is None:
                continue  # _fetch marked the pass incomplete
            yield from self._cards(result.text, result.final_url)
            if _safe_canonical(result.final_url) != page_url:
                self._card_pages_read.add(page_url)

    def _json_listing(self, endpoint: str, start: str, visited: set[str]):
        """Pages named by a listing's JSON endpoint ("Voir plus"), following its ``next``
        pages within the listing-page budget."""
        queue = [endpoint]
        while queue:
            url = queue.pop(0)
            key = _safe_canonical(url)
            if key is None or key in visited:
                continue
            if not self._listing_budget():
                return
            visited.add(key)
            try:
                result = self.client.fetch(url, accept=JSON_TYPES)
            except BadContentType:
                continue  # not JSON after all (an attribute naming a page): nothing missed
            except FetchError as exc:
                self.warnings.append(f"Liste JSON {url} : {exc.message}")
                self.incomplete = True
                continue
            links, nexts = json_page_links(result.content, result.final_url)
            nexts += _link_header_next(result.headers.get("link", ""), result.final_url)
            queue += [u for u in nexts if same_host(u, start)]
            source = f"json:{result.final_url}"
            for link in links:
                item = self._item(link, result.final_url, source)
                if item is None or not same_host(item.url, start):
                    continue
                if SKIPPED_EXTENSIONS.search(item.url) and not self._asked_document(item):
                    continue
                yield item

    def _asked_document(self, item: DiscoveredItem) -> bool:
        """A PDF a listing links to is harvested only when the source's include patterns
        name it (project sheets published as PDF); other documents never are."""
        return (
            bool(self._include)
            and urlsplit(item.url).path.lower().endswith(".pdf")
            and pattern_verdict(item.url, self._include, self._exclude, item.published) is None
        )


def discover(
    client: SafeClient,
    start: str,
    kind: str = "auto",
    *,
    include: Iterable[str] | str | None = None,
    exclude: Iterable[str] | str | None = None,
    limits: DiscoveryLimits | None = None,
) -> Iterator[DiscoveredItem]:
    """Shortcut for ``Discoverer(...).run(start, kind)`` when warnings are not needed."""
    discoverer = Discoverer(client, include, exclude, limits or DiscoveryLimits())
    return discoverer.run(start, kind)


# ---------------------------------------------------------------------- parsing helpers


def xml_parser() -> etree.XMLParser:
    """An XML parser that never resolves entities, never reaches the network, and refuses
    huge trees (billion-laughs and XXE safe)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        recover=True,
    )


def parse_xml(content: bytes):
    """Root element of ``content`` if it is XML, else None."""
    head = content[:512].lstrip()
    if not head.startswith(b"<"):
        return None
    try:
        root = etree.fromstring(content, parser=xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or local_name(root) == "html":
        return None
    return root


def local_name(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children_text(root, container: str, *fields: str) -> Iterator[tuple[str, ...]]:
    for element in root:
        if local_name(element) != container:
            continue
        values = dict.fromkeys(fields, "")
        for child in element:
            name = local_name(child)
            if name in values and not values[name]:
                values[name] = (child.text or "").strip()
        if values[fields[0]]:
            yield tuple(values[f] for f in fields)


def _entry_link_and_date(entry) -> tuple[str, str]:
    link = date = ""
    guid = ""
    for child in entry:
        name = local_name(child)
        if name == "link":
            href = child.get("href")
            rel = child.get("rel", "alternate")
            if href is not None:
                if rel == "alternate" and not link:
                    link = href.strip()
            elif (child.text or "").strip() and not link:
                link = child.text.strip()
        elif name == "guid" and child.get("isPermaLink", "true") != "false":
            guid = (child.text or "").strip()
        elif name in ("pubDate", "updated", "published", "date", "modified") and not date:
            date = (child.text or "").strip()
    if not link and entry.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"):
        link = entry.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    return link or guid, date


def feed_links(html: str, base_url: str) -> list[str]:
    """RSS/Atom feeds advertised by ``<link rel="alternate">``, comment feeds left out."""
    tree = parse_html(html)
    if tree is None:
        return []
    feeds = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        title = (link.get("title") or "").lower()
        if "alternate" in rel and kind in FEED_TYPES and href:
            if "comment" in title or "commentaire" in title or "/comments/" in href:
                continue
            feeds.append(urljoin(base_url, href))
    return list(dict.fromkeys(feeds))


def is_trap_path(path: str, max_segments: int = 8, max_repeats: int = 2) -> bool:
    """Whether a path looks like a crawl trap: too deep, or segments repeating
    (``/a/a/a``, ``/a/b/a/b``)."""
    segments = [s for s in path.split("/") if s]
    if len(segments) > max_segments:
        return True
    counts: dict[str, int] = defaultdict(int)
    for segment in segments:
        counts[segment] += 1
        if counts[segment] > max_repeats:
            return True
    for size in range(2, len(segments) // 2 + 1):
        for i in range(len(segments) - 2 * size + 1):
            if segments[i : i + size] == segments[i + size : i + 2 * size]:
                return True
    return False


def query_kind(query: str) -> str:
    """Kind of a query string: "trap" (calendar, date, sort, filter, search keys), "detail"
    (one record id, as in ``fiche.php?id=12``) or "other"."""
    pairs = parse_qsl(query, keep_blank_values=True)
    if not pairs:
        return "other"
    keys = [k for k, _ in pairs]
    if any(TRAP_QUERY_KEYS.match(k) for k in keys):
        return "trap"
    if any(k.lower() in PAGE_QUERY_KEYS for k in keys):
        return "other"
    if len(pairs) <= 2 and all(
        DETAIL_QUERY_KEYS.match(k) and DETAIL_QUERY_VALUE.match(v) for k, v in pairs
    ):
        return "detail"
    return "other"


def is_homepage(url: str) -> bool:
    """Whether ``url`` is a site's homepage (``/``, ``/index.php``, ``/fr/``)."""
    parts = urlsplit(url)
    path = re.sub(r"(^|/)(index|accueil|home|default)\.(php\d?|html?|aspx?|jsp)$", "/", parts.path)
    path = path.strip("/")
    return not parts.query and (path == "" or re.fullmatch(r"[a-z]{2}", path) is not None)


def section_links(html: str, base_url: str) -> list[str]:
    """Links of a homepage to its project listing ("Projets", "L'annuaire", "Nos lauréats"),
    navigation included, best first: label matches before path matches."""
    tree = parse_html(html)
    if tree is None:
        return []
    tree.make_links_absolute(base_url, resolve_base_href=True, handle_failures="discard")
    by_label: list[str] = []
    by_path: list[str] = []
    base = _safe_canonical(base_url)
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").split("#", 1)[0]
        if not href.startswith(("http://", "https://")) or SKIPPED_EXTENSIONS.search(href):
            continue
        canonical = _safe_canonical(href)
        if canonical is None or canonical == base or is_homepage(href):
            continue
        path = urlsplit(href).path
        segments = [s for s in path.split("/") if s]
        if len(segments) > 2:
            continue  # a section is near the root; deeper links are pages
        label = " ".join(anchor.text_content().split())
        if label and len(label) <= 60 and SECTION_LABEL_RE.search(label):
            by_label.append(href)
        elif segments and SECTION_LABEL_RE.search(segments[-1].replace("-", " ")):
            by_path.append(href)
    seen: set[str] = set()
    result = []
    for href in by_label + by_path:
        key = _safe_canonical(href)
        if key not in seen:
            seen.add(key)
            result.append(href)
    return result


JSON_TYPES = ("application/json", "application/ld+json", "application/feed+json", "text/json")


def _link_header_next(header: str, base_url: str) -> list[str]:
    """``Link: <…>; rel="next"`` (WordPress REST, GitHub-style APIs)."""
    found = []
    for part in header.split(","):
        match = re.match(r'\s*<([^>]+)>\s*;.*\brel="?next"?', part)
        if match:
            found.append(urljoin(base_url, match.group(1)))
    return found


def _lang(text: str) -> str:
    match = re.search(r"<html[^>]*\blang=[\"']?([a-zA-Z-]{2,10})", text[:2000])
    return match.group(1) if match else "fr"


def _fetch_form(canonical: str, original: str) -> str:
    """``canonical`` with the trailing slash of ``original`` put back (what the site serves)."""
    parts = urlsplit(canonical)
    if urlsplit(original).path.endswith("/") and not parts.path.endswith("/"):
        return parts._replace(path=parts.path + "/").geturl()
    return canonical


def _safe_canonical(url: str) -> str | None:
    try:
        return canonicalize_url(url)
    except ValueError:
        return None


# ---------------------------------------------------------------------- listings


@dataclass
class ListingPage:
    """Links found on a listing page: detail ``links`` and ``next_pages`` (pagination)."""

    links: list[str]
    next_pages: list[str]


def _listing_base(url: str) -> tuple[str, str]:
    """(path without /page/N, query without page keys): identifies pages of one listing."""
    parts = urlsplit(url)
    path = PAGE_PATH_RE.sub("", parts.path).rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in PAGE_QUERY_KEYS)
    return path, repr(query)


def parse_listing(html: str, base_url: str) -> ListingPage:
    """Detail links from the main content of a listing page, and its pagination links."""
    tree = parse_html(html)
    if tree is None:
        return ListingPage([], [])
    tree.make_links_absolute(base_url, resolve_base_href=True, handle_failures="discard")
    next_pages: list[str] = []
    for element in tree.iter("link", "a"):
        href = element.get("href")
        if href and "next" in (element.get("rel") or "").lower().split():
            next_pages.append(href)
    current = page_number(base_url) or 1
    base_key = _listing_base(base_url)
    pagination_hrefs: set[str] = set()
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        label = " ".join(anchor.text_content().split())
        aria = (anchor.get("aria-label") or anchor.get("title") or "").lower()
        number = page_number(href)
        # ``?p=N``: a WordPress post (``/?p=123``) unless the label reads as a page
        if (number is not None and page_number(href, ambiguous=False) is None
                and (is_post_permalink(href) or not is_page_label(label))):  # fmt: skip
            number = None
        same_listing = _listing_base(href) == base_key
        if NEXT_LABELS.match(label) or "suivant" in aria or "next" in aria:
            next_pages.append(href)
            pagination_hrefs.add(href)
        elif number is not None and same_listing:
            pagination_hrefs.add(href)
            if number > current:
                next_pages.append(href)
    main = _main_content(tree)
    links: list[str] = []
    for anchor in main.iter("a"):
        href = anchor.get("href")
        if not href or href in pagination_hrefs or not href.startswith(("http://", "https://")):
            continue
        if {"tag", "category"} & set((anchor.get("rel") or "").lower().split()):
            continue  # a taxonomy archive (WordPress rel="tag" / "category tag"), not a sheet
        links.append(href.split("#", 1)[0])
    return ListingPage(list(dict.fromkeys(links)), list(dict.fromkeys(next_pages)))


def _main_content(tree):
    """The listing's main container with navigation, header, footer and widgets removed."""
    candidates = tree.xpath(
        "//main | //*[@role='main'] | //*[@id='content' or @id='main' or @id='contenu']"
    )
    main = candidates[0] if candidates else tree.find("body")
    if main is None:
        main = tree
    for element in list(main.iter(*BOILERPLATE_TAGS)):
        if element is not main and element.getparent() is not None:
            element.drop_tree()
    for element in list(main.iter()):
        if element is main or not isinstance(element.tag, str) or element.getparent() is None:
            continue
        hints = f"{element.get('class', '')} {element.get('id', '')}"
        if hints.strip() and BOILERPLATE_HINTS.search(hints):
            element.drop_tree()
    return main
