"""Extraction: turn one harvested HTML page into the fields of a project record.

``extract_page`` combines, by decreasing trust: per-source selectors (``css:`` / ``xpath:``),
schema.org data (JSON-LD, read tolerantly, and microdata basics), OpenGraph/meta tags,
Trafilatura (main text, body HTML and metadata; it is given the HTML only and never fetches),
then plain HTML heuristics. Description HTML is sanitised with ``projects.html.sanitize_html``.
It also classifies the page (project, listing, news, legal, other) and says why.
No network access, no Django models.
"""

from __future__ import annotations

import copy
import html as html_lib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html
from lxml import etree

from harvesting.canonical import host_of, same_site
from harvesting.parsing import PAGE_PATH_RE, is_post_permalink, page_number, parse_html
from harvesting.titles import TitleProfile, choose_title
from projects.consolidation.normalize import clean_title, parse_date
from projects.html import html_to_text, sanitize_html

logger = logging.getLogger(__name__)

PAGE_KINDS = ("project", "listing", "news", "legal", "other")
SELECTOR_FIELDS = (
    "title", "summary", "description", "image", "published", "modified", "tags", "address",
    "website", "email",
)  # fmt: skip
PROJECT_TYPES = {"project", "researchproject", "fundingscheme", "grant"}
ORGANIZATION_TYPES = {
    "organization", "ngo", "nonprofitorganization", "corporation", "localbusiness",
    "educationalorganization", "governmentorganization", "cooperative", "fundingagency",
}  # fmt: skip
NEWS_TYPES = {"newsarticle", "blogposting", "reportagenewsarticle", "pressrelease", "article"}
WORK_TYPES = {"creativework", "event", "service", "product", "place", "report", "course"}
PAGE_TYPES = {"webpage", "itempage", "aboutpage", "profilepage", "contactpage"}
LISTING_TYPES = {"itemlist", "collectionpage", "searchresultspage"}
IGNORED_TYPES = {
    "website", "breadcrumblist", "listitem", "searchaction", "imageobject", "person",
    "sitenavigationelement", "wpheader", "wpfooter", "wpsidebar", "readaction", "entrypoint",
}  # fmt: skip
SOCIAL_HOSTS = (
    "facebook.com", "fb.com", "twitter.com", "x.com", "instagram.com", "linkedin.com",
    "youtube.com", "youtu.be", "tiktok.com", "pinterest.com", "vimeo.com", "flickr.com",
    "whatsapp.com", "t.me", "telegram.me", "threads.net", "mastodon.social", "bsky.app",
    "dailymotion.com", "snapchat.com", "helloasso.com", "google.com", "goo.gl", "wa.me",
)  # fmt: skip
WEBSITE_LABEL_RE = re.compile(
    r"\b(site(\s+(web|internet|officiel))?|website|page web)\b", re.IGNORECASE
)
WEBSITE_LABEL_BEFORE_RE = re.compile(
    r"\b(site(\s+(web|internet|officiel|du projet|de l'association|de la structure))?|"
    r"website|page web|web|internet|en ligne)\s*:?\s*$",
    re.IGNORECASE,
)
SHARE_RE = re.compile(r"\b(partag\w*|share\w*|tweet\w*|imprimer)\b", re.IGNORECASE)
LEGAL_PATH_RE = re.compile(
    r"/(mentions[-_]legales|mentions|cgu|cgv|conditions[-_]generales[\w-]*|cookies?|"
    r"politique[-_](de[-_])?(confidentialite|cookies)|confidentialite|privacy|rgpd|"
    r"donnees[-_]personnelles|contact|nous[-_]contacter|plan[-_]du[-_]site|accessibilite|"
    r"credits|legal|terms)(/|$|\.)",
    re.IGNORECASE,
)
LEGAL_TITLE_RE = re.compile(
    r"^(mentions l[ée]gales|cgu|conditions g[ée]n[ée]rales[\w ']*|politique de "
    r"(confidentialit[ée]|cookies)|gestion des cookies|donn[ée]es personnelles|"
    r"contact(ez[- ]nous)?|nous contacter|plan du site|accessibilit[ée]|cr[ée]dits|"
    r"privacy policy|legal notice)\b",
    re.IGNORECASE,
)
NEWS_PATH_RE = re.compile(
    r"/(actualites?|actus?|news|blog|presse|communiques?|agenda|evenements?|billets?|"
    r"articles?)(/|$)",
    re.IGNORECASE,
)
#: Path segments, breadcrumb items or WordPress sections that name a project collection.
PROJECT_HINT_RE = re.compile(
    r"^(projets?|projects?|initiatives?|fiches?|fiches?[-_ ]projets?|laur[ée]ats?|annuaire|"
    r"portraits?|innovations?|r[ée]alisations?|exp[ée]riences?|entreprises?|structures?|"
    r"acteurs?|solutions?)$",
    re.IGNORECASE,
)
PROJECT_PATH_RE = re.compile(
    r"/(projets?|projects?|initiatives?|fiches?|fiche[-_]projet|laureats?|annuaire|portraits?|"
    r"innovations?|realisations?)(/|[-_.]|\.php|$)",
    re.IGNORECASE,
)
ABOUT_TYPES = {"aboutpage", "contactpage"}
ABOUT_TITLE_RE = re.compile(
    r"^(?:(?:à|a) propos\b.*|qui sommes[- ]nous\b.*|(?:la|notre) (?:fondation|association|"
    r"structure|équipe|equipe|histoire|mission|gouvernance)|nos (?:missions|valeurs|"
    r"partenaires|équipes?|equipes?|financeurs)|pr[ée]sentation|l'association|le r[ée]seau|"
    r"l'[ée]quipe)\s*[?!.]*$",
    re.IGNORECASE,
)
ABOUT_PATH_RE = re.compile(
    r"/(a[-_]propos|about(-us)?|qui[-_]sommes[-_]nous|la[-_]fondation|notre[-_](fondation|"
    r"association|histoire|equipe|mission)|presentation|nos[-_](missions|valeurs|partenaires|"
    r"equipes?))(/|$|\.)",
    re.IGNORECASE,
)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}")
OBFUSCATED_AT_RE = re.compile(r"\s*[\[(]\s*(?:at|arobase|@)\s*[\])]\s*", re.IGNORECASE)
OBFUSCATED_DOT_RE = re.compile(r"\s*[\[(]\s*(?:dot|point)\s*[\])]\s*", re.IGNORECASE)
POSTCODE_RE = re.compile(
    r"\b((?:0[1-9]|[1-8]\d|9[0-8]|2[AB])\s?\d{3})\s+([A-ZÀ-Ý][\w'’À-ÿ-]+(?:[ -][\w'’À-ÿ-]+){0,4})"
)
POSTCODE_AFTER_RE = re.compile(
    r"([A-ZÀ-Ý][\w'’À-ÿ-]+(?:[ -][\w'’À-ÿ-]+){0,4})\s*\(((?:0[1-9]|[1-8]\d|9[0-8]|2[AB])\d{3})\)"
)
SUMMARY_LENGTH = 300
PROJECT_MIN_TEXT = 500
LISTING_MIN_LINKS = 8
#: A page with this many same-site content links is a link list, never a project sheet.
LINK_LIST_MAX_LINKS = 300
#: Share of a page's text held by link labels beyond which a page with many links is a list.
LINK_LIST_SHARE = 0.6


@dataclass
class PlaceMention:
    """An address (or part of one) found on the page, for the gazetteer to locate."""

    street: str = ""
    postal_code: str = ""
    locality: str = ""
    region: str = ""
    country: str = ""
    source: str = ""  # "jsonld", "microdata", "text", "selector"


@dataclass
class ExtractedPage:
    """Fields extracted from one page; empty strings/lists when nothing was found."""

    url: str
    title: str = ""
    summary: str = ""
    description_html: str = ""
    text: str = ""
    image_url: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    tags: list[str] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    address_text: str = ""
    place_text: str = ""  # places stated by labels or place fields ("Lieu : Die (26)")
    website: str = ""
    email: str = ""
    language: str = ""
    page_kind: str = "other"
    page_kind_reason: str = ""
    canonical_url: str = ""
    site_name: str = ""
    schema_types: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: what the page says, before cleaning: the chosen title text as written, every title
    #: candidate with its origin, and the evidence of the choice (origin, affixes, boilerplate)
    title_raw: str = ""
    title_candidates: list[tuple[str, str]] = field(default_factory=list)
    title_evidence: dict = field(default_factory=dict)


# ---------------------------------------------------------------------- entry point


def extract_page(
    html: str,
    url: str,
    selectors: dict[str, str] | None = None,
    profile: TitleProfile | None = None,
) -> ExtractedPage:
    """Extract project fields from ``html`` fetched at ``url``; never raises on bad HTML.

    ``profile`` holds what recurs across the source's other pages (see :mod:`harvesting.titles`):
    with it, the site's boilerplate is never taken for a title."""
    page = ExtractedPage(url=url)
    tree = parse_html(html)
    if tree is None:
        page.page_kind_reason = "page vide ou illisible"
        return page
    tree.make_links_absolute(url, resolve_base_href=True, handle_failures="discard")
    meta = _meta_tags(tree)
    nodes = jsonld_nodes(tree) + microdata_nodes(tree)
    page.schema_types = sorted({t for node in nodes for t in _types(node)})
    main_node = _main_node(nodes, url)
    traf = _trafilatura(html, url)
    picked = _apply_selectors(tree, selectors or {}, page)

    page.title_candidates = title_candidates(tree, meta, main_node, traf, picked.get("title"))
    page.site_name = _site_name(meta, nodes, traf, page.title_candidates)
    page.canonical_url = _canonical(tree, url)
    choose(page, profile)
    page.description_html = _description_html(picked, traf, main_node, url, page.title)
    page.text = _text(picked, traf, tree)
    page.summary = picked.get("summary") or _summary(meta, main_node, traf, page.text)
    page.image_url = _image(picked, meta, main_node, traf, url)
    page.published = _date(picked.get("published")) or _published(meta, main_node, tree, traf)
    page.modified = _date(picked.get("modified")) or _modified(meta, main_node)
    page.tags = _tags(picked, meta, nodes, main_node, tree, traf)
    page.places = _places(main_node)
    page.address_text = picked.get("address") or _address_text(tree)
    page.place_text = _place_text(tree)
    if page.address_text and not any(p.postal_code for p in page.places):
        page.places += _places_from_text(page.address_text)
    if page.place_text and not any(p.postal_code for p in page.places):
        page.places += _places_from_text(page.place_text)
    page.website = picked.get("website") or _website(main_node, tree, url)
    page.email = picked.get("email") or _email(main_node, tree)
    page.language = _language(tree, meta, main_node, traf)
    page.page_kind, page.page_kind_reason = classify(page, tree, meta, nodes, main_node)
    return page


# ---------------------------------------------------------------------- trafilatura


@dataclass
class _Traf:
    title: str = ""
    description: str = ""
    sitename: str = ""
    text: str = ""
    body_html: str = ""
    date: str = ""
    image: str = ""
    tags: list[str] = field(default_factory=list)
    language: str = ""


def _trafilatura(html: str, url: str) -> _Traf:
    """Main text and metadata from Trafilatura, given the HTML only (it never fetches here)."""
    try:
        import trafilatura
        from trafilatura.htmlprocessing import build_html_output

        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_links=True,
            include_formatting=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            output_format="python",
            # no guessing from bare years in the text ("depuis 2019")
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a hostile page must not stop the run
        logger.warning("Trafilatura a échoué sur %s", url, exc_info=True)
        return _Traf()
    if document is None:
        return _Traf()
    body_html, text = "", document.text or ""
    if getattr(document, "body", None) is not None:
        try:
            body_html = build_html_output(copy.deepcopy(document), with_metadata=False)
            text = html_blocks_text(body_html) or text
        except Exception:
            logger.warning("Conversion HTML de Trafilatura impossible pour %s", url, exc_info=True)
    tags = [t for tag in [*(document.categories or []), *(document.tags or [])]
            for t in _split_keywords(tag)]  # fmt: skip
    return _Traf(
        title=document.title or "",
        description=document.description or "",
        sitename=document.sitename or "",
        text=text,
        body_html=body_html,
        date=document.date or "",
        image=document.image or "",
        tags=[t for t in tags if t],
        language=document.language or "",
    )


BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "div",
              "dd", "dt", "br", "table", "ul", "ol")  # fmt: skip


def html_blocks_text(html: str) -> str:
    """Plain text of an HTML fragment, one line per block (paragraph, list item, heading)."""
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html_to_text(html)
    for element in fragment.iter(BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in fragment.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------- structured data


def _clean_json(raw: str) -> str:
    raw = raw.strip()
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.DOTALL)
    raw = re.sub(r"^\s*(<!--|<!\[CDATA\[)", "", raw)
    raw = re.sub(r"(-->|\]\]>)\s*$", "", raw)
    raw = re.sub(r"/\*.*?\*/", "", raw, flags=re.DOTALL)
    return re.sub(r",\s*([}\]])", r"\1", raw)  # trailing commas


def parse_json_ld(raw: str) -> list[dict]:
    """All JSON objects in one ``ld+json`` script, tolerant of comments, trailing commas,
    control characters and several concatenated objects. Never raises."""
    text = _clean_json(raw)
    decoder = json.JSONDecoder(strict=False)
    values: list = []
    index = 0
    while index < len(text):
        while index < len(text) and text[index] in " \t\r\n;,":
            index += 1
        if index >= len(text):
            break
        try:
            value, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            break
        values.append(value)
    return [node for value in values for node in _flatten(value)]


def _flatten(value, depth: int = 0) -> list[dict]:
    if depth > 6:
        return []
    if isinstance(value, list):
        return [node for item in value for node in _flatten(item, depth + 1)]
    if not isinstance(value, dict):
        return []
    nodes = [value] if ("@type" in value or "name" in value) else []
    for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
        child = value.get(key)
        if isinstance(child, dict | list):
            nodes += _flatten(child, depth + 1)
    return nodes


def jsonld_nodes(tree) -> list[dict]:
    nodes: list[dict] = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind == "application/ld+json" and script.text:
            nodes += parse_json_ld(script.text)
    ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    for node in nodes:  # resolve {"@id": ...} references one level deep
        for key, value in list(node.items()):
            if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] in ids:
                node[key] = ids[value["@id"]]
    return nodes


def microdata_nodes(tree) -> list[dict]:
    """Top-level schema.org microdata items as JSON-LD-like dicts (basic properties only)."""
    nodes = []
    for scope in tree.xpath("//*[@itemscope and @itemtype and not(ancestor::*[@itemscope])]"):
        nodes.append(_microdata_item(scope, 0))
    return nodes


def _microdata_item(scope, depth: int) -> dict:
    item: dict = {"@type": scope.get("itemtype", "").rstrip("/").rsplit("/", 1)[-1]}
    for prop in scope.xpath(".//*[@itemprop]"):
        owner = prop.getparent()
        while owner is not None and owner.get("itemscope") is None:
            owner = owner.getparent()
        if owner is not scope:
            continue
        for name in prop.get("itemprop", "").split():
            if prop.get("itemscope") is not None:
                value = _microdata_item(prop, depth + 1) if depth < 3 else {}
            elif prop.tag == "meta":
                value = prop.get("content", "")
            elif prop.tag in ("a", "link", "area"):
                value = prop.get("href", "")
            elif prop.tag in ("img", "source", "audio", "video", "iframe"):
                value = prop.get("src", "")
            elif prop.tag in ("time", "data", "meter"):
                value = prop.get("datetime") or prop.get("value") or prop.text_content()
            else:
                value = " ".join(prop.text_content().split())
            item.setdefault(name, value)
    item["_microdata"] = True
    return item


def _types(node: dict) -> list[str]:
    value = node.get("@type") or []
    if isinstance(value, str):
        value = [value]
    return [str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in value if v]


def _ltypes(node: dict) -> set[str]:
    return {t.lower() for t in _types(node)}


def _main_node(nodes: list[dict], url: str) -> dict:
    """The node describing this page's subject (not the site, the publisher or a breadcrumb)."""
    publisher_ids = set()
    for node in nodes:
        for key in ("publisher", "author", "isPartOf", "provider"):
            ref = node.get(key)
            if isinstance(ref, dict):
                publisher_ids.add(id(ref))
    root = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    best, best_score = {}, 0
    for node in nodes:
        types = _ltypes(node)
        if not types or types <= IGNORED_TYPES:
            continue
        node_url = _str(node.get("url"))
        is_site_root = node_url.rstrip("/") == root.rstrip("/")
        if types & PROJECT_TYPES:
            score = 100
        elif types & NEWS_TYPES or types & WORK_TYPES:
            score = 50
        elif types & ORGANIZATION_TYPES:
            score = 10 if (id(node) in publisher_ids or is_site_root) else 60
        elif types & PAGE_TYPES or types & LISTING_TYPES:
            score = 20
        else:
            score = 30
        if score > best_score:
            best, best_score = node, score
    return best


def _str(value) -> str:
    """A display string from a JSON-LD value (string, list, {"@value"}, {"name"}, {"url"})."""
    if value is None:
        return ""
    if isinstance(value, list):
        return _str(value[0]) if value else ""
    if isinstance(value, dict):
        return _str(value.get("@value") or value.get("name") or value.get("url") or "")
    if isinstance(value, bool):
        return ""
    return " ".join(html_lib.unescape(str(value)).split())


def _meta_tags(tree) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        key = key.strip().lower()
        if not key:
            http_equiv = (element.get("http-equiv") or "").lower()
            if http_equiv:
                key = f"http-equiv:{http_equiv}"
        content = element.get("content")
        if key and content and content.strip():
            meta.setdefault(key, []).append(" ".join(content.split()))
    return meta


def _first(meta: dict[str, list[str]], *keys: str) -> str:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return ""


# ---------------------------------------------------------------------- selectors


def _apply_selectors(tree, selectors: dict[str, str], page: ExtractedPage) -> dict[str, str]:
    """Values picked by per-source selectors; invalid selectors become warnings."""
    picked: dict[str, str] = {}
    for field_name, spec in selectors.items():
        if not spec or not str(spec).strip():
            continue
        if field_name not in SELECTOR_FIELDS:
            page.warnings.append(f"Sélecteur ignoré : champ inconnu « {field_name} ».")
            continue
        try:
            results = select(tree, str(spec))
        except ValueError as exc:
            page.warnings.append(f"Sélecteur « {field_name} » invalide : {exc}")
            continue
        if not results:
            page.warnings.append(f"Le sélecteur « {field_name} » ne trouve rien sur la page.")
            continue
        value = _selected_value(field_name, results, page.url)
        if value:
            picked[field_name] = value
    return picked


def select(tree, spec: str) -> list:
    """Evaluate ``css:...`` or ``xpath:...`` (bare text is CSS) on ``tree``."""
    spec = spec.strip()
    if spec.lower().startswith("xpath:"):
        expression = spec[6:].strip()
    else:
        css = spec[4:].strip() if spec.lower().startswith("css:") else spec
        try:
            from cssselect import GenericTranslator, SelectorError
        except ImportError as exc:  # pragma: no cover - cssselect is a dependency
            raise ValueError("les sélecteurs CSS demandent le paquet cssselect.") from exc
        try:
            expression = GenericTranslator().css_to_xpath(css)
        except SelectorError as exc:
            raise ValueError(f"CSS incorrect ({exc}).") from exc
    try:
        result = tree.xpath(expression)
    except (etree.XPathError, TypeError) as exc:
        raise ValueError(f"XPath incorrect ({exc}).") from exc
    if not isinstance(result, list):
        result = [result]
    return result


def _selected_value(field_name: str, results: list, base_url: str) -> str:
    first = results[0]
    if field_name == "description":
        parts = []
        for item in results:
            if isinstance(item, etree._Element):
                parts.append(lxml.html.tostring(item, encoding="unicode", with_tail=False))
            else:
                parts.append(f"<p>{html_lib.escape(str(item))}</p>")
        return "".join(parts)
    if field_name == "tags":
        return "\n".join(_node_text(item) for item in results)
    if not isinstance(first, etree._Element):
        value = " ".join(str(first).split())
    elif field_name in ("image", "website"):
        value = first.get("src") or first.get("href") or first.get("content") or ""
        value = value or _node_text(first)
    elif field_name == "email":
        href = first.get("href") or ""
        value = href[7:].split("?")[0] if href.lower().startswith("mailto:") else ""
        value = value or _node_text(first)
    elif field_name in ("published", "modified"):
        value = first.get("datetime") or first.get("content") or _node_text(first)
    else:
        value = _node_text(first)
    if field_name in ("image", "website") and value:
        value = _absolute_http(value, base_url)
    if field_name == "email":
        value = _find_email(value)
    return value


def _node_text(item) -> str:
    if isinstance(item, etree._Element):
        return " ".join(item.text_content().split())
    return " ".join(str(item).split())


# ---------------------------------------------------------------------- fields


def _site_name(meta, nodes, traf: _Traf, candidates: list[tuple[str, str]]) -> str:
    """The site's declared name; Trafilatura's guess only when it is not the whole text of a
    title candidate (it guesses from ``<title>``, which on many sites is the page's name)."""
    for node in nodes:
        if "website" in _ltypes(node) and _str(node.get("name")):
            return _str(node.get("name"))
    declared = _first(meta, "og:site_name", "application-name")
    if declared or not traf.sitename:
        return declared
    guessed = _fold(traf.sitename)
    return "" if any(_fold(text) == guessed for _origin, text in candidates) else traf.sitename


def _canonical(tree, url: str) -> str:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            href = link.get("href").strip()
            return href if urlsplit(href).scheme in ("http", "https") else ""
    return ""


def _fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key for comparisons."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[\W_]+", "", "".join(c for c in text if not unicodedata.combining(c)))


def _heading_text(element) -> str:
    return " ".join(element.text_content().split())[:300]


EMPHASIS_XPATH = (
    "//font | //b | //strong | //*[contains(concat(' ', normalize-space(@class), ' '), ' titre ')"
    " or contains(@class, 'title') or contains(@class, 'font_')]"
)


def _emphasis_candidates(tree) -> list[str]:
    """Legacy layouts: a short emphasised line standing alone (``<font><b>``, ``<strong>``, a
    ``div.titre``) before the page's first real paragraph."""
    body = tree.find("body")
    if body is None:
        return []
    first_paragraph = None
    for element in body.iter("p", "td", "div"):
        own = " ".join((element.text or "").split())
        if len(own) > 80 and not _in_chrome(element):
            first_paragraph = element
            break
    found: list[str] = []
    order = {element: index for index, element in enumerate(body.iter())}
    limit = order.get(first_paragraph, len(order)) if first_paragraph is not None else len(order)
    for element in tree.xpath(EMPHASIS_XPATH):
        if order.get(element, limit) >= limit or _in_chrome(element) or element.tag == "title":
            continue
        text = _heading_text(element)
        parent = element.getparent()
        alone = parent is None or _heading_text(parent) == text or parent.tag in ("td", "body")
        if 3 <= len(text) <= 150 and not text.endswith(":") and alone and text not in found:
            found.append(text)
        if len(found) >= 2:
            break
    return found


def title_candidates(tree, meta, node, traf: _Traf, selected: str | None = None) -> list:
    """Every text of the page that may be its title, with where it was found."""
    candidates: list[tuple[str, str]] = []
    if selected:
        candidates.append(("selector", selected))
    name = _str(node.get("name")) or _str(node.get("headline"))
    if name:
        candidates.append(("jsonld", name))
    og = _first(meta, "og:title", "twitter:title")
    if og:
        candidates.append(("og", og))
    for tag in ("h1", "h2"):
        for element in tree.iter(tag):
            text = _heading_text(element)
            if text and not _in_chrome(element):
                candidates.append((tag, text))
                if tag == "h2":
                    break
    candidates += [("emphasis", text) for text in _emphasis_candidates(tree)]
    title_el = tree.find(".//title")
    if title_el is not None:
        text = " ".join((title_el.text_content() or "").split())
        if text:
            candidates.append(("title", text))
    if traf.title:
        candidates.append(("trafilatura", " ".join(traf.title.split())))
    return [(origin, text[:300]) for origin, text in candidates]


def choose(page: ExtractedPage, profile: TitleProfile | None = None) -> None:
    """Set the page's title from its candidates (again, once a profile of the source is known):
    ``title_raw`` as the page writes it, ``title`` as the catalogue's one title cleaner gives it
    (for the page kind and the dry run; the import cleans ``title_raw`` itself)."""
    choice = choose_title(page.title_candidates, site_name=page.site_name, profile=profile)
    page.title_raw = choice.title
    page.title_evidence = choice.evidence
    page.title = page_title(page)


def page_title(page: ExtractedPage) -> str:
    evidence = page.title_evidence
    title = clean_title(
        page.title_raw,
        site_name=page.site_name or None,
        prefixes=evidence.get("prefixes", ()),
        suffixes=evidence.get("suffixes", ()),
    )
    return title[:300] if _fold(title) != _fold(page.site_name) else ""


def _description_html(picked, traf: _Traf, node, url: str, title: str = "") -> str:
    raw = picked.get("description") or traf.body_html
    if not raw:
        description = _str(node.get("description"))
        raw = f"<p>{html_lib.escape(description)}</p>" if description else ""
    if not raw:
        return ""
    try:
        fragment = lxml.html.fragment_fromstring(raw, create_parent="div")
        fragment.make_links_absolute(url, handle_failures="discard")
        for heading in fragment.iter("h1", "h2"):
            heading.tag = "h2"
        first = next(iter(fragment), None)
        if first is not None and first.tag == "h2" and _fold(first.text_content()) == _fold(title):
            first.drop_tree()  # the title is a field of its own
        raw = "".join(
            lxml.html.tostring(child, encoding="unicode") for child in fragment
        ) if len(fragment) else html_lib.escape(fragment.text or "")  # fmt: skip
        if fragment.text and fragment.text.strip() and len(fragment):
            raw = html_lib.escape(fragment.text) + raw
    except (etree.ParserError, ValueError):
        pass
    return sanitize_html(raw)


def _text(picked, traf: _Traf, tree) -> str:
    if picked.get("description"):
        return html_blocks_text(sanitize_html(picked["description"]))
    if traf.text:
        return traf.text.strip()
    body = tree.find("body")
    if body is None:
        return ""
    body = copy.deepcopy(body)
    for element in list(body.iter("script", "style", "nav", "header", "footer", "noscript")):
        if element.getparent() is not None:
            element.drop_tree()
    return " ".join(body.text_content().split())


def _summary(meta, node, traf: _Traf, text: str) -> str:
    for candidate in (
        _str(node.get("description")),
        _first(meta, "og:description", "description", "twitter:description"),
        traf.description,
    ):
        if candidate:
            return _shorten(html_to_text(candidate), SUMMARY_LENGTH * 2)
    return _shorten(text.split("\n")[0] if text else "", SUMMARY_LENGTH)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _absolute_http(value: str, base_url: str) -> str:
    value = urljoin(base_url, value.strip())
    return value if urlsplit(value).scheme in ("http", "https") else ""


def _image(picked, meta, node, traf: _Traf, url: str) -> str:
    if picked.get("image"):
        return picked["image"]
    image = node.get("image") or node.get("logo")
    candidates = [
        _str(image.get("url") or image.get("contentUrl")) if isinstance(image, dict) else "",
        _str(image) if not isinstance(image, dict) else "",
        _first(meta, "og:image", "og:image:url", "og:image:secure_url", "twitter:image"),
        traf.image,
    ]
    for candidate in candidates:
        if candidate:
            absolute = _absolute_http(candidate, url)
            if absolute:
                return absolute
    return ""


parse_any_date = parse_date  # the one date parser (projects.consolidation)
_date = parse_any_date


def _published(meta, node, tree, traf: _Traf) -> datetime | None:
    candidates = [
        _str(node.get("datePublished")),
        _str(node.get("startDate")),
        _str(node.get("foundingDate")),
        _first(
            meta, "article:published_time", "datepublished", "date", "dc.date", "dcterms.created"
        ),  # fmt: skip
    ]
    times = tree.xpath("//time[@datetime]/@datetime")
    candidates.append(times[0] if times else "")
    candidates.append(traf.date)
    for candidate in candidates:
        parsed = parse_any_date(candidate)
        if parsed:
            return parsed
    return None


def _modified(meta, node) -> datetime | None:
    for candidate in (
        _str(node.get("dateModified")),
        _first(
            meta, "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified"
        ),  # fmt: skip
    ):
        parsed = parse_any_date(candidate)
        if parsed:
            return parsed
    return None


def _split_keywords(value) -> list[str]:
    if isinstance(value, list):
        return [k for item in value for k in _split_keywords(item)]
    if isinstance(value, dict):
        return [_str(value.get("name") or value.get("termCode") or "")]
    if not isinstance(value, str):
        return []
    return re.split(r"[,;\n]", html_lib.unescape(value))


def normalize_tags(tags: Iterable[str], limit: int = 50) -> list[str]:
    """Trimmed, de-duplicated (case- and accent-insensitively) tags, in order of appearance."""
    seen: set[str] = set()
    result = []
    for tag in tags:
        tag = " ".join(str(tag).split()).strip(" #")
        key = _fold(tag)
        if not key or len(tag) > 80 or key in seen:
            continue
        seen.add(key)
        result.append(tag)
        if len(result) >= limit:
            break
    return result


def _tags(picked, meta, nodes, node, tree, traf: _Traf) -> list[str]:
    tags: list[str] = []
    if picked.get("tags"):
        tags += picked["tags"].split("\n")
    for source in [node] + [n for n in nodes if n is not node and _ltypes(n) & NEWS_TYPES]:
        tags += _split_keywords(source.get("keywords"))
        tags += _split_keywords(source.get("articleSection"))
    tags += meta.get("article:tag", [])
    for anchor in tree.iter("a"):
        if "tag" in (anchor.get("rel") or "").lower().split():
            tags.append(anchor.text_content())
    for keywords in meta.get("keywords", []):
        tags += _split_keywords(keywords)
    tags += traf.tags
    tags += _field_tags(tree)
    return normalize_tags(tags)


TAG_LABEL_RE = re.compile(
    r"^(th[ée]matiques?|th[èe]mes?|secteurs?(\s+d'activit[ée]s?)?|cat[ée]gories?|"
    r"domaines?(\s+d'(action|activit[ée]|intervention))?|champs?\s+d'action|"
    r"mots[- ]cl[ée]s|[ée]tiquettes|tags?)\s*:?$",
    re.IGNORECASE,
)


def _field_tags(tree) -> list[str]:
    """Categories a page states in labelled fields ("Secteur : Formation / Emploi", a Drupal
    "Thématiques" field with one item per line), outside the site's header and footer."""
    tags: list[str] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "a"):
            continue
        label = _short_text(element, 240) if len(element) < 12 else ""
        if not label:
            continue
        inline = re.match(r"^([^:]{3,40}?)\s*:\s*(.{2,200})$", label)
        if len(label) <= 40 and TAG_LABEL_RE.match(label):
            if _in_chrome(element):
                continue
            lines = _labelled_lines(element)
        elif (
            element.tag in ("p", "li", "dd", "span")
            and inline
            and TAG_LABEL_RE.match(inline.group(1))
        ):
            if _in_chrome(element):
                continue
            lines = [inline.group(2)]
        else:
            continue
        for line in lines[:10]:
            tags += [t.strip() for t in re.split(r"\s*[,;/|·•]\s*", line) if t.strip()]
    return [t for t in tags if len(t) <= 60][:20]


def _labelled_lines(label) -> list[str]:
    """The value next to a label element, one entry per line (see ``_labelled_value``)."""
    tail = " ".join((label.tail or "").split()).strip(" :")
    if tail:
        return [tail]
    for element in (label, label.getparent()):
        if element is None:
            continue
        sibling = element.getnext()
        if sibling is not None and isinstance(sibling.tag, str):
            lines = element_lines(sibling)
            if lines and sum(len(line) for line in lines) <= 300:
                return lines
        tail = " ".join((element.tail or "").split()).strip(" :")
        if tail:
            return [tail]
    return []


def _address_dict(value) -> PlaceMention | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        place = PlaceMention(
            street=_str(value.get("streetAddress")),
            postal_code=_str(value.get("postalCode")),
            locality=_str(value.get("addressLocality")),
            region=_str(value.get("addressRegion")),
            country=_str(value.get("addressCountry")),
            source="microdata" if value.get("_microdata") else "jsonld",
        )
        if any((place.street, place.postal_code, place.locality, place.region)):
            return place
    return None


def _places(node: dict) -> list[PlaceMention]:
    if not node:
        return []
    places: list[PlaceMention] = []
    candidates = [node.get("address")]
    for key in ("location", "contentLocation", "areaServed", "spatialCoverage"):
        value = node.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                candidates.append(item.get("address") or item)
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            places += _places_from_text(candidate)
        place = _address_dict(candidate)
        if place and place not in places:
            places.append(place)
    return places


def _places_from_text(text: str) -> list[PlaceMention]:
    """Places written "35000 Rennes" or "Grenoble (38000)"."""
    pairs = [(code, name) for code, name in POSTCODE_RE.findall(text)]
    pairs += [(code, name) for name, code in POSTCODE_AFTER_RE.findall(text)]
    places = []
    for postal_code, locality in pairs:
        place = PlaceMention(postal_code=postal_code.replace(" ", ""), locality=locality.strip(),
                             source="text")  # fmt: skip
        if place not in places:
            places.append(place)
    return places


def _in_chrome(element) -> bool:
    """Whether ``element`` sits in the site's header, footer or navigation."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("header", "footer", "nav"):
            return True
        hints = f"{ancestor.get('class', '')} {ancestor.get('id', '')}".lower()
        if re.search(r"(^|[-_ ])(footer|header|menu|navbar|pied)([-_ ]|$)", hints):
            return True
    return False


def element_lines(element) -> list[str]:
    """Text of ``element`` line by line: ``<br>`` and block elements end a line."""
    element = copy.deepcopy(element)
    for child in element.iter(BLOCK_TAGS):
        child.tail = "\n" + (child.tail or "")
    lines = (" ".join(line.split()) for line in element.text_content().split("\n"))
    return [line for line in lines if line]


def _short_text(element, limit: int) -> str:
    """Whitespace-normalised text of ``element``, or "" when longer than ``limit`` (read no
    further than needed: big containers are skipped cheaply)."""
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        size += len(piece)
        if size > limit * 4:
            return ""
        parts.append(piece)
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else ""


def _chrome_or_in_chrome(element) -> bool:
    hints = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return (
        element.tag in ("header", "footer", "nav")
        or re.search(r"(^|[-_ ])(footer|header|menu|navbar|pied|nav)([-_ ]|$)", hints) is not None
        or _in_chrome(element)
    )


def _address_text(tree) -> str:
    candidates = tree.xpath(
        "//address | //*[@itemprop='address'] | //*[contains(concat(' ', normalize-space(@class),"
        " ' '), ' adresse ') or contains(concat(' ', normalize-space(@class), ' '), ' address ')"
        " or contains(@class, 'localisation') or contains(@class, 'project-address')]"
    )
    for element in candidates:
        if _in_chrome(element):
            continue
        text = ", ".join(element_lines(element)).strip(" ,")
        if 5 <= len(text) <= 300:
            return text
    return ""


PLACE_CLASS_RE = re.compile(
    r"(^|[-_ ])(lieu|lieux|localisation|ville|commune|territoire|territoires|"
    r"implantation|locality|city|zone-intervention|perimetre)($|[-_ ])",
    re.IGNORECASE,
)
PLACE_LABEL_RE = re.compile(
    r"^(lieu|lieux|localisation|ville|commune|territoire|territoires|implantation|"
    r"zone d'intervention|zone géographique|périmètre|secteur géographique|département|"
    r"région|où)\s*( du projet| d'intervention| d'action)?\s*:?$",
    re.IGNORECASE,
)


def _place_text(tree) -> str:
    """Places a page states in fields rather than sentences: ``<span class="lieu">``, a
    "Lieu :" / "Territoire" label followed by its value (table cell, definition, field)."""
    found: list[str] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "main"):
            continue
        hints = f"{element.get('class', '')} {element.get('itemprop', '')}"
        if hints.strip() and PLACE_CLASS_RE.search(hints) and not _chrome_or_in_chrome(element):
            value = _short_text(element, 120)
            if len(value) >= 2 and not PLACE_LABEL_RE.match(value):
                found.append(value)
                continue
        label = _short_text(element, 40) if len(element) < 4 else ""
        if not label or not PLACE_LABEL_RE.match(label) or _in_chrome(element):
            continue
        value = _labelled_value(element)
        if value:
            found.append(f"{label.rstrip(' :')} : {value}")
    # "Lieu : Grenoble (38000)" inside a paragraph
    for block in tree.iter("p", "li", "div", "span", "dd"):
        text = _short_text(block, 120) if len(block) <= 3 else ""
        if not text or _in_chrome(block):
            continue
        match = re.match(
            r"^(lieu|localisation|ville|commune|territoire|implantation)\s*:\s*(.{2,80})$",
            text,
            re.IGNORECASE,
        )
        if match:
            found.append(text)
    return "\n".join(dict.fromkeys(found))[:1000]


def _labelled_value(label) -> str:
    """The value next to a label element: its tail text, the next sibling (cell, ``dd``,
    field item) or, for a label wrapped in a cell, the next cell."""
    tail = " ".join((label.tail or "").split()).strip(" :")
    if tail:
        return tail[:120]
    for element in (label, label.getparent()):
        if element is None:
            continue
        sibling = element.getnext()
        if sibling is not None and isinstance(sibling.tag, str):
            value = " ".join(sibling.text_content().split())
            if value and len(value) <= 120:
                return value
        tail = " ".join((element.tail or "").split()).strip(" :")
        if tail:
            return tail[:120]
    return ""


def _is_social(url: str) -> bool:
    host = host_of(url)
    return any(host == s or host.endswith("." + s) for s in SOCIAL_HOSTS)


def _external(link: str, page_url: str) -> bool:
    return (
        urlsplit(link).scheme in ("http", "https")
        and not same_site(link, page_url)
        and not _is_social(link)
    )


def _website(node: dict, tree, url: str) -> str:
    for key in ("url", "sameAs", "mainEntityOfPage"):
        values = node.get(key) if node else None
        for value in values if isinstance(values, list) else [values]:
            candidate = _str(value)
            if candidate and _external(candidate, url):
                return candidate
    for anchor in tree.iter("a"):
        href = anchor.get("href") or ""
        if not href or not _external(href, url) or _in_chrome(anchor):
            continue
        label = " ".join(
            [anchor.text_content(), anchor.get("title") or "", anchor.get("aria-label") or ""]
        )
        if WEBSITE_LABEL_RE.search(label) and not SHARE_RE.search(label):
            return href
        before = _text_before(anchor)
        if WEBSITE_LABEL_BEFORE_RE.search(before) and not SHARE_RE.search(before):
            return href
    return ""


def _text_before(anchor, levels: int = 3, limit: int = 60) -> str:
    """The text just before ``anchor`` inside its nearest ancestors (its label, when the page
    writes "Site internet : <a>…</a>" or puts "Site web" in the previous table cell)."""
    child = anchor
    for _ in range(levels):
        parent = child.getparent()
        if parent is None:
            break
        parts = [parent.text or ""]
        for sibling in parent:
            if sibling is child:
                break
            if isinstance(sibling.tag, str):
                parts.append(sibling.text_content())
            parts.append(sibling.tail or "")
        text = " ".join("".join(parts).split())
        if text:
            return text[-limit:]
        child = parent
    return ""


def _find_email(text: str) -> str:
    text = OBFUSCATED_AT_RE.sub("@", text or "")
    text = OBFUSCATED_DOT_RE.sub(".", text)
    match = EMAIL_RE.search(text)
    return match.group(0).lower().rstrip(".") if match else ""


def _email(node: dict, tree) -> str:
    if node:
        email = _find_email(_str(node.get("email")).removeprefix("mailto:"))
        if email:
            return email
    fallback = ""
    for anchor in tree.xpath("//a[starts-with(translate(@href, 'MAILTO', 'mailto'), 'mailto:')]"):
        email = _find_email(anchor.get("href")[7:].split("?")[0])
        if email and not _in_chrome(anchor):
            return email
        fallback = fallback or email
    body = tree.find("body")
    if body is not None:
        content = copy.deepcopy(body)
        for element in list(content.iter("header", "footer", "nav", "script", "style")):
            if element.getparent() is not None:
                element.drop_tree()
        email = _find_email(content.text_content())
        if email:
            return email
    return fallback


def _language(tree, meta, node, traf: _Traf) -> str:
    candidates = [
        tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "",
        _first(meta, "http-equiv:content-language", "language", "dc.language"),
        _first(meta, "og:locale").replace("_", "-"),
        _str(node.get("inLanguage")) if node else "",
        traf.language,
    ]
    for candidate in candidates:
        code = candidate.strip().split(",")[0].split("-")[0].split("_")[0].lower()
        if re.fullmatch(r"[a-z]{2,3}", code):
            return code
    return ""


# ---------------------------------------------------------------------- page kind


def _content_links(tree, url: str) -> tuple[int, bool, int]:
    """(same-site links outside header/footer/nav, whether the page has pagination,
    characters of those links' labels)."""
    count = 0
    linked_chars = 0
    pagination = False
    path = urlsplit(url).path
    for anchor in tree.iter("a"):
        href = anchor.get("href") or ""
        label = " ".join(anchor.text_content().split()).lower()
        if not href.startswith(("http://", "https://")) or not same_site(href, url):
            continue
        if "next" in (anchor.get("rel") or "").lower().split() or label in (
            "suivant", "page suivante", "suivante", "›", "»", "next",
        ) or (page_number(href) is not None and PAGE_PATH_RE.sub("", urlsplit(href).path)
              .rstrip("/") == PAGE_PATH_RE.sub("", path).rstrip("/")):  # fmt: skip
            pagination = True
            continue
        if _in_chrome(anchor) or _target(href) in ("", "/", _target(url)):
            continue
        count += 1
        linked_chars += len(label)
    if tree.xpath("//link[@rel='next']"):
        pagination = True
    return count, pagination, linked_chars


def _target(url: str) -> str:
    """The path a link leads to, with the query when it names one post (``/?p=123``: a
    WordPress plain permalink is a page of its own, not the homepage)."""
    parts = urlsplit(url)
    return f"{parts.path or '/'}?{parts.query}" if is_post_permalink(url) else parts.path


def _is_home(url: str) -> bool:
    """The site's root page: ``/``, not a post or page addressed by query (``/?p=123``,
    ``/?page_id=7``)."""
    parts = urlsplit(url)
    if parts.path not in ("", "/"):
        return False
    keys = {k.lower() for k in parse_qs(parts.query)}
    return not (is_post_permalink(url) or keys & {"page_id", "post", "id", "p"})


def _linked_cards(tree, url: str) -> tuple[int, int]:
    """(headings linking to another page of the site, characters of paragraph text outside
    those cards): a page of linked cards with little text of its own is a listing."""
    page_path = _target(url)
    containers = []
    for heading in tree.iter("h2", "h3", "h4"):
        if _in_chrome(heading):
            continue
        for anchor in heading.iter("a"):
            href = anchor.get("href") or ""
            if (href.startswith(("http://", "https://")) and same_site(href, url)
                    and _target(href) not in ("", "/", page_path)):  # fmt: skip
                containers.append(heading.getparent() if heading.getparent() is not None
                                  else heading)  # fmt: skip
                break
    if len(containers) < 3:
        return len(containers), 0
    inside = {id(c) for c in containers}
    own = 0
    for paragraph in tree.iter("p", "li", "dd"):
        if _in_chrome(paragraph) or any(id(a) in inside for a in paragraph.iterancestors()):
            continue
        if id(paragraph) in inside:
            continue
        own += len(" ".join((paragraph.text_content() or "").split()))
    return len(containers), own


def _project_hints(page: ExtractedPage, tree, meta, nodes) -> str:
    """Why the site files this page under a project collection ("" when it does not): a path
    segment, a breadcrumb item, a WordPress section/category or a schema.org breadcrumb."""
    path = urlsplit(page.url).path
    match = PROJECT_PATH_RE.search(path)
    last = path.rstrip("/").rsplit("/", 1)[-1]
    index_like = re.fullmatch(r"(index|liste?|list|default|accueil|tous|toutes)(\.\w+)?", last)
    if match and path.rstrip("/") != match.group(0).rstrip("/") and not index_like:
        return f"chemin de fiche ({path})"
    labels = list(meta.get("article:section", []))
    for node in nodes:
        if "breadcrumblist" in _ltypes(node):
            items = node.get("itemListElement") or []
            for item in items if isinstance(items, list) else [items]:
                if isinstance(item, dict):
                    labels.append(_str(item.get("name") or item.get("item")))
    crumbs = tree.xpath(
        "//*[contains(@class, 'breadcrumb') or contains(@class, 'fil-ariane') or "
        "contains(@id, 'breadcrumb') or @aria-label='breadcrumb' or @aria-label='Fil d’Ariane'"
        ' or @aria-label="Fil d\'Ariane"]//a'
    )
    labels += [a.text_content() for a in crumbs]
    labels += [a.text_content() for a in tree.xpath("//a[contains(@rel, 'category')]")]
    for label in labels:
        label = " ".join(str(label).split())
        key = re.sub(r"^(nos|les|tous les|toutes les|voir les)\s+", "", label, flags=re.I)
        if PROJECT_HINT_RE.match(key):
            return f"rubrique « {label} »"
    return ""


def _is_about(page: ExtractedPage, node_types: set[str], types: set[str]) -> str:
    path = urlsplit(page.url).path
    if node_types & ABOUT_TYPES or (types & ABOUT_TYPES and not node_types & PROJECT_TYPES):
        return "page de présentation du partenaire (AboutPage / ContactPage)"
    if ABOUT_PATH_RE.search(path):
        return f"chemin de page de présentation ({path})"
    if page.title and ABOUT_TITLE_RE.search(page.title):
        return f"titre de page de présentation (« {page.title} »)"
    return ""


#: Path segments any post lives under (not only news): a project can be an article too.
GENERIC_POST_SEGMENTS = {"article", "articles", "billet", "billets", "blog"}


def _sheet_evidence(page: ExtractedPage, hint: str) -> list[str]:
    """What makes a page read as a project sheet, whatever its path: a located place, the
    project's own website, a contact e-mail, a project rubric (breadcrumb, category)."""
    evidence = []
    if (any(p.postal_code or p.locality for p in page.places) or page.place_text
            or _places_from_text(page.text[:3000])):  # fmt: skip
        evidence.append("lieu")
    if page.website:
        evidence.append("site du projet")
    if page.email:
        evidence.append("courriel")
    if hint:
        evidence.append(hint)
    if len(page.text) < PROJECT_MIN_TEXT // 2:
        return []
    return evidence


def classify(page: ExtractedPage, tree, meta, nodes, node) -> tuple[str, str]:
    """Page kind and a short French reason."""
    path = urlsplit(page.url).path
    types = {t for n in nodes for t in _ltypes(n)}
    node_types = _ltypes(node) if node else set()
    if LEGAL_PATH_RE.search(path):
        return "legal", f"chemin de page légale ou de contact ({path})"
    if page.title and LEGAL_TITLE_RE.search(page.title):
        return "legal", f"titre de page légale ou de contact (« {page.title} »)"
    links, pagination, linked_chars = _content_links(tree, page.url)
    if links >= LINK_LIST_MAX_LINKS:
        # No project sheet links to hundreds of pages of its own site: a directory, an
        # index or a hostile page, whatever its structured data claims.
        return "listing", f"page de {links} liens (index ou annuaire, pas une fiche)"
    if node_types & PROJECT_TYPES:
        return "project", "données structurées schema.org Project"
    about = _is_about(page, node_types, types)
    if about:
        return "other", about
    body_chars = len(" ".join(tree.text_content().split())) if tree is not None else 0
    if links >= LISTING_MIN_LINKS * 4 and linked_chars >= LINK_LIST_SHARE * max(body_chars, 1):
        return "listing", f"page de liens ({links} liens font l'essentiel du texte)"
    if types & LISTING_TYPES and not node_types & (NEWS_TYPES | ORGANIZATION_TYPES | WORK_TYPES):
        return "listing", "données structurées de liste (ItemList / CollectionPage)"
    if links >= LISTING_MIN_LINKS and pagination:
        return "listing", f"{links} liens vers des fiches et une pagination"
    cards, own_text = _linked_cards(tree, page.url)
    if cards >= 3 and own_text < PROJECT_MIN_TEXT // 2 and not node_types & PROJECT_TYPES:
        return "listing", f"{cards} cartes liées vers des fiches et peu de texte propre"
    published_meta = _first(meta, "article:published_time")
    if node_types & {"newsarticle", "blogposting", "reportagenewsarticle", "pressrelease"}:
        return "news", "données structurées d'article d'actualité"
    hint = _project_hints(page, tree, meta, nodes)
    news_path = NEWS_PATH_RE.search(path)
    if news_path:
        # Blogs and feeds file projects among their posts (``/articles/…``): a post that
        # reads like a project sheet (a place, its own website or e-mail, a project rubric)
        # is one; a dated piece without that is news.
        evidence = _sheet_evidence(page, hint)
        generic = news_path.group(1).lower() in GENERIC_POST_SEGMENTS
        if len(evidence) >= 2 and page.title and (generic or not published_meta):
            return "project", f"billet présentant un projet ({', '.join(evidence)})"
        return "news", f"chemin d'actualité ({path})"
    evidence = _sheet_evidence(page, hint)
    if (
        published_meta
        and not hint
        and (_first(meta, "og:type") == "article" or len(evidence) < 2)
        and not node_types & (ORGANIZATION_TYPES | WORK_TYPES)
    ):
        return "news", "article daté (article:published_time)"
    if node_types & (ORGANIZATION_TYPES | WORK_TYPES) and not _is_home(page.url):
        return "project", f"données structurées schema.org {', '.join(_types(node))}"
    if links >= LISTING_MIN_LINKS * 2 and len(page.text) < PROJECT_MIN_TEXT * 2:
        return "listing", f"{links} liens vers des fiches pour peu de texte"
    if _is_home(page.url):
        return "other", "page d'accueil"
    if hint and len(page.text) >= PROJECT_MIN_TEXT // 2 and page.title:
        return "project", f"page titrée rangée parmi les fiches ({hint})"
    if len(page.text) >= PROJECT_MIN_TEXT and page.title:
        return "project", f"page titrée avec un texte substantiel ({len(page.text)} caractères)"
    if page.title and "lieu" in evidence and len(evidence) >= 2:
        return "project", f"page titrée qui se lit comme une fiche ({', '.join(evidence)})"
    return "other", "ni fiche projet, ni liste, ni actualité reconnue"
