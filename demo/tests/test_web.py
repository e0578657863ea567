"""The demo partner web (``demo/web.py``) and what the harvesting modules make of it.

The five sites are served on loopback; discovery, the safe client and extraction run on them as
a harvest would, and their results are compared with ``demo_sites/truth.json``. The whole
pipeline's accuracy (import, location, themes, duplicates) is measured in
``test_demo_accuracy.py``.
"""

from __future__ import annotations

import csv
import gzip
import http.client
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from PIL import Image

from demo.web import (
    DEMO_SITES_DIR,
    HOSTILE_SNIPPETS,
    SITE_KEYS,
    DemoWeb,
    demo_sources,
    load_manifest,
    load_truth,
    running_demo_web,
    start_demo_web,
    stop_demo_web,
)
from harvesting.canonical import canonicalize_url, compile_patterns, host_of
from harvesting.client import FetchError, RobotsDisallowed, SafeClient, TooLarge
from harvesting.discovery import Discoverer, DiscoveryLimits
from harvesting.extraction import ExtractedPage, extract_page

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = ["127.0.0.0/8"]
USER_AGENT = "CarrefourBot/0.1 (+https://carrefour.test/a-propos/)"

WP_PROJECTS = [
    "repair-mobile-le-cafe-reparation-qui-sillonne-le-pays-de-redon",
    "ti-kafe-carhaix-un-cafe-associatif-en-breton",
    "la-cambuse-epicerie-cooperative-guemene-sur-scorff",
    "les-remorques-du-tregor-livraison-a-velo-cargo",
    "algues-en-partage-roscoff",
    "ti-numerik-56-aidants-numeriques-pour-les-aines",
    "la-marmite-rennes-restaurant-solidaire",
    "voix-d-exil-chorale-interculturelle-brest",
    "l-atelier-flottant-douarnenez",
]

TRUTH = load_truth()["sites"]


# --------------------------------------------------------------------------- fixtures


@dataclass
class Harvest:
    """One source harvested the way a run would: discover, fetch, extract."""

    key: str
    items: dict[str, object] = field(default_factory=dict)  # truth path → DiscoveredItem
    pages: dict[str, ExtractedPage] = field(default_factory=dict)
    errors: dict[str, FetchError] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # decoded HTML as fetched
    unknown: list[str] = field(default_factory=list)  # discovered, not in truth.json
    requested: list[str] = field(default_factory=list)  # paths the server saw
    warnings: list[str] = field(default_factory=list)


def make_client(**kwargs) -> SafeClient:
    kwargs.setdefault("allowed_networks", LOOPBACK)
    kwargs.setdefault("user_agent", USER_AGENT)
    kwargs.setdefault("min_delay", 0.001)
    kwargs.setdefault("total_timeout", 10.0)
    return SafeClient(**kwargs)


def truth_index(key: str, base_url: str) -> dict[str, str]:
    """Canonical URL → truth path, for one site."""
    return {canonicalize_url(base_url + path): path for path in TRUTH[key]["pages"]}


def run_harvest(web: DemoWeb, key: str, start: str, kind: str, include=(), exclude=()):
    site = web[key]
    site.reset()
    client = make_client()
    discoverer = Discoverer(client, list(include), list(exclude), DiscoveryLimits())
    index = truth_index(key, site.base_url)
    harvest = Harvest(key)
    for item in discoverer.run(start, kind):
        path = index.get(item.url)
        if path is None:
            harvest.unknown.append(item.url)
            continue
        harvest.items[path] = item
        try:
            result = client.fetch(item.fetch_url or item.url)
        except FetchError as exc:
            harvest.errors[path] = exc
            continue
        harvest.raw[path] = result.text
        harvest.pages[path] = extract_page(result.text, result.final_url)
    harvest.requested = site.requested_paths()
    harvest.warnings = discoverer.warnings
    return harvest


@pytest.fixture(scope="module")
def web():
    with DemoWeb() as demo:
        yield demo


@pytest.fixture(scope="module")
def harvests(web) -> dict[str, Harvest]:
    """Each site harvested through its demo source (kind, URL, include/exclude)."""
    result = {}
    for organisation in demo_sources(web.base_urls):
        source = organisation["sources"][0]
        key = next(k for k, url in web.base_urls.items() if source["url"].startswith(url))
        result[key] = run_harvest(
            web, key, source["url"], source["kind"], source["include"], source["exclude"]
        )
    return result


def project_paths(key: str) -> set[str]:
    return {path for path, t in TRUTH[key]["pages"].items() if t["is_project"]}


def fetch_raw(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    """(status, headers, body) without following redirects or decoding anything."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path or "/", headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------- the server


def test_start_demo_web_serves_every_site_and_stops():
    try:
        urls = start_demo_web()
        assert set(urls) == set(SITE_KEYS)
        assert start_demo_web() == urls  # idempotent
        assert running_demo_web() is not None
        for url in urls.values():
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
            status, _, body = fetch_raw(url + "/")
            assert status == 200 and body
    finally:
        stop_demo_web()
    assert running_demo_web() is None
    with pytest.raises(OSError):
        fetch_raw(urls["avise"] + "/")


def test_every_truth_page_is_served_and_every_page_is_in_the_truth(web):
    for key in SITE_KEYS:
        site = web[key]
        pages = TRUTH[key]["pages"]
        for path, truth in pages.items():
            status, headers, body = fetch_raw(site.url(path))
            assert status == truth.get("status", 200), (key, path, status)
            if status == 200:
                assert headers["content-type"].startswith("text/html"), (key, path)
            if truth.get("oversize"):
                assert len(body) > 5 * 1024 * 1024
        manifest = load_manifest(key)
        for path, route in manifest["routes"].items():
            html = route.get("file", "").endswith(".html")
            assert not html or path in pages, f"{key}{path} is served but not in truth.json"


def test_http_behaviour_head_404_conditional_get_gzip_redirects(web):
    site = web["avise"]
    url = site.url("/innovations/repair-mobile")
    status, headers, body = fetch_raw(url)
    assert status == 200 and b"Repair'Mobile" in body
    assert headers["etag"] and headers["last-modified"]

    status, head_headers, head_body = fetch_raw(url, method="HEAD")
    assert status == 200 and head_body == b""
    assert head_headers["content-length"] == str(len(body))
    assert head_headers["etag"] == headers["etag"]

    assert fetch_raw(url, {"If-None-Match": headers["etag"]})[0] == 304
    assert fetch_raw(url, {"If-Modified-Since": headers["last-modified"]})[0] == 304
    assert fetch_raw(url, {"If-None-Match": '"autre"'})[0] == 200
    assert fetch_raw(url, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200

    status, gz_headers, gz_body = fetch_raw(url, {"Accept-Encoding": "gzip"})
    assert gz_headers.get("content-encoding") == "gzip"
    assert gzip.decompress(gz_body) == body

    assert fetch_raw(site.url("/innovations/nexiste-pas"))[0] == 404
    assert fetch_raw(web["ronalpia"].url("/annuaire/fiche.php?id=999"))[0] == 404
    assert fetch_raw(web["ronalpia"].url("/annuaire/index.php?page=9"))[0] == 404

    # the gzip child sitemap is a gzip file, not a Content-Encoding
    status, headers, body = fetch_raw(site.url("/sitemaps/innovations.xml.gz"))
    assert status == 200 and headers["content-type"] == "application/x-gzip"
    assert "content-encoding" not in headers
    xml = gzip.decompress(body).decode()
    assert f"<loc>{site.base_url}/innovations/repair-mobile</loc>" in xml and "<lastmod>" in xml

    # WordPress wants its trailing slash; Yoast redirects /sitemap.xml
    wp = web["bretagne-creative"]
    status, headers, _ = fetch_raw(wp.url("/projets/algues-en-partage-roscoff"))
    assert status == 301 and headers["location"] == wp.url("/projets/algues-en-partage-roscoff/")
    status, headers, _ = fetch_raw(web["france-sengage"].url("/sitemap.xml"))
    assert status == 301 and headers["location"].endswith("/sitemap_index.xml")


def test_legacy_site_is_windows_1252_declared_in_html_only(web):
    site = web["ronalpia"]
    status, headers, body = fetch_raw(site.url("/annuaire/fiche.php?id=12"))
    assert status == 200 and headers["content-type"] == "text/html"  # no charset
    assert b'<meta charset="windows-1252">' in body
    assert "Mobil'Idées – Garage".encode("cp1252") in body  # é = E9, – = 96
    assert "main-d'œuvre".encode("cp1252") in body  # œ = 9C
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    _, _, other = fetch_raw(site.url("/annuaire/fiche.php?id=17"))
    assert b'http-equiv="Content-Type" content="text/html; charset=iso-8859-1"' in other

    result = make_client().fetch(site.url("/annuaire/fiche.php?id=12"))
    assert result.encoding == "cp1252"
    assert "main-d'œuvre" in result.text
    page = extract_page(result.text, result.final_url)
    assert page.title == "Mobil'Idées – Garage solidaire du Diois"


def test_safe_client_gets_304_on_an_unchanged_page(web):
    client = make_client()
    url = web["reseau-rural"].url("/initiatives/la-cantine-des-causses")
    first = client.fetch(url)
    assert first.status == 200 and first.etag and first.last_modified
    assert client.fetch(url, etag=first.etag).not_modified
    assert client.fetch(url, last_modified=first.last_modified).not_modified
    second = client.fetch(web["bretagne-creative"].url("/feed/"), accept=("feed",))
    assert second.status == 200 and b"<rss" in second.content


def test_site_changes_vanishes_and_fails_on_demand(web):
    site = web["france-sengage"]
    url = site.url("/laureats/handi-job-connect")
    try:
        before = fetch_raw(url)
        site.set_page("/laureats/handi-job-connect", "<html><body><h1>Modifié</h1></body></html>")
        after = fetch_raw(url)
        assert after[0] == 200 and b"Modifi" in after[2]
        assert after[1]["etag"] != before[1]["etag"]
        site.remove_page("/laureats/handi-job-connect", status=410)
        assert fetch_raw(url)[0] == 410
        site.down = 503
        assert fetch_raw(site.url("/"))[0] == 503
        assert fetch_raw(site.url("/robots.txt"))[0] == 503
    finally:
        site.reset()
    assert fetch_raw(url)[1]["etag"] == before[1]["etag"]


def test_calendar_is_an_endless_trap_and_discovery_stays_bounded(web):
    site = web["reseau-rural"]
    assert fetch_raw(site.url("/agenda?mois=2999-12"))[0] == 200
    assert fetch_raw(site.url("/agenda?jour=1850-02-28"))[0] == 200
    site.reset()
    limits = DiscoveryLimits()
    discoverer = Discoverer(make_client(), limits=limits)
    items = list(discoverer.run(site.url("/agenda?mois=2024-01"), "listing"))
    agenda_requests = [p for p in site.requested_paths() if p.startswith("/agenda")]
    assert len(agenda_requests) <= limits.max_listing_pages
    assert len(items) <= limits.max_items
    site.reset()


def test_oversize_page_is_refused(web):
    url = web["france-sengage"].url("/laureats/la-fabrique-a-projets-roubaix")
    with pytest.raises(TooLarge):
        make_client().fetch(url)


# --------------------------------------------------------------------------- the truth


def test_truth_file_is_consistent():
    themes = json.loads((ROOT / "projects/data/themes-cis.json").read_text(encoding="utf-8"))
    level1 = {theme["code"] for theme in themes["themes"]}
    with gzip.open(ROOT / "projects/data/communes-fr.csv.gz", "rt", encoding="utf-8") as f:
        communes = {row["insee_code"]: row for row in csv.DictReader(f)}
    regions = {row["department_code"]: row["region_code"] for row in communes.values()}
    same_as: dict[str, list[tuple[str, dict]]] = {}
    for key in SITE_KEYS:
        pages = TRUTH[key]["pages"]
        projects = [t for t in pages.values() if t["is_project"]]
        assert 8 <= len(projects) <= 15, key
        assert any(not t["is_project"] for t in pages.values())
        for path, t in pages.items():
            assert t["page_kind"] in ("project", "listing", "news", "legal", "other")
            assert t["is_project"] == (t["page_kind"] == "project"), (key, path)
            if not t["is_project"]:
                continue
            assert t["title"] and t["themes"] and set(t["themes"]) <= level1, (key, path)
            if t["commune"]:
                assert communes[t["commune"]]["department_code"] == t["department"], (key, path)
            if t["department"]:
                assert regions[t["department"]] == t["region"], (key, path)
            assert host_of(t["website"]).endswith(("exemple.org", "exemple.fr")), (key, path)
            if t.get("same_as"):
                same_as.setdefault(t["same_as"], []).append((key, t))
    assert len(same_as) == 3
    for group in same_as.values():
        (key_a, a), (key_b, b) = group
        assert key_a != key_b and a["title"] != b["title"]
        assert host_of(a["website"]) == host_of(b["website"]) or a["email"] == b["email"]
    titles = {t["title"] for site in TRUTH.values() for t in site["pages"].values()}
    assert "Épicerie solidaire et tiers-lieu nourricier au cœur du bourg" in titles
    assert "Épicerie solidaire et tiers-lieu nourricier au cœur du village" in titles


def _folded(text: str) -> str:
    """Lower case words, no accents, one space between: "Réseau rural", "reseau-rural" meet."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c))
    return f" {' '.join(text.split())} "


def test_demo_sources_credit_fictitious_organisations_and_the_served_urls(web):
    sources = demo_sources(web.base_urls)
    assert len(sources) == len(SITE_KEYS)
    kinds = []
    for key, entry in zip(SITE_KEYS, sources, strict=True):
        organisation = entry["organisation"]
        assert organisation["name"] == TRUTH[key]["organisation"]
        assert organisation["name"] == load_manifest(key)["organisation"]
        assert organisation["name"].endswith(" (démo)")
        assert urlsplit(organisation["website"]).hostname.endswith(".exemple.org")
        assert "fictive" in organisation["presentation"]
        (source,) = entry["sources"]
        assert set(source) == {
            "name", "url", "kind", "include", "exclude", "selectors", "schedule", "auto_publish"
        }  # fmt: skip
        assert any(source["url"].startswith(url) for url in web.base_urls.values())
        compile_patterns(source["include"] + source["exclude"])
        kinds.append(source["kind"])
    assert kinds.count("auto") == 3 and "sitemap" in kinds and "listing" in kinds
    json.dumps(sources)  # the import file is plain JSON
    assert demo_sources({"avise": "http://127.0.0.1:1"})[0]["sources"][0]["url"] == (
        "http://127.0.0.1:1/sitemap_index.xml"
    )


def test_no_demo_site_speaks_for_a_real_partner(web):
    """The invented projects are never shown or credited under a real partner's name or site."""
    with (ROOT / "members/data/partners-cis.csv").open(encoding="utf-8") as f:
        partners = list(csv.DictReader(f))
    names = {_folded(row["name"]) for row in partners}
    hosts = {urlsplit(row["website"]).hostname.removeprefix("www.") for row in partners}
    credited = [entry["organisation"] for entry in demo_sources(web.base_urls)]
    assert not {_folded(o["name"].removesuffix(" (démo)")) for o in credited} & names
    assert not {urlsplit(o["website"]).hostname.removeprefix("www.") for o in credited} & hosts
    for key in SITE_KEYS:
        for path in TRUTH[key]["pages"]:
            if TRUTH[key]["pages"][path].get("oversize") or TRUTH[key]["pages"][path].get("trap"):
                continue
            status, _, body = fetch_raw(web[key].url(path))
            if status != 200:
                continue
            text = body.decode(load_manifest(key).get("encoding", "utf-8"), "replace")
            text = _folded(unescape(text))
            for row in partners:
                assert _folded(row["name"]) not in text, (key, path, row["name"])
                host = urlsplit(row["website"]).hostname.removeprefix("www.")
                assert _folded(host) not in text, (key, path, host)


# --------------------------------------------------------------------------- harvesting it


@pytest.mark.parametrize("key", SITE_KEYS)
def test_discovery_finds_every_project_page(harvests, key):
    harvest = harvests[key]
    missing = project_paths(key) - set(harvest.items)
    assert not missing, f"{key}: project pages not discovered: {sorted(missing)}"
    assert not harvest.unknown, f"{key}: discovered URLs missing from truth.json"


@pytest.mark.parametrize("key", SITE_KEYS)
def test_extraction_tells_project_pages_from_the_others(harvests, key):
    harvest = harvests[key]
    wrong = []
    for path, page in harvest.pages.items():
        truth = TRUTH[key]["pages"][path]
        if (page.page_kind == "project") != truth["is_project"]:
            wrong.append((path, truth["page_kind"], page.page_kind, page.page_kind_reason))
    assert not wrong, f"{key}: (path, expected, got, reason): {wrong}"


@pytest.mark.parametrize("key", SITE_KEYS)
def test_non_project_pages_get_their_kind(harvests, key):
    harvest = harvests[key]
    wrong = []
    for path, page in harvest.pages.items():
        truth = TRUTH[key]["pages"][path]
        if truth["is_project"]:
            continue
        accepted = [truth["page_kind"], *truth.get("page_kind_also", [])]
        if page.page_kind not in accepted:
            wrong.append((path, accepted, page.page_kind, page.page_kind_reason))
    assert not wrong, f"{key}: (path, expected, got, reason): {wrong}"


@pytest.mark.parametrize("key", SITE_KEYS)
def test_project_titles_are_the_projects(harvests, key):
    harvest = harvests[key]
    wrong = [
        (path, TRUTH[key]["pages"][path]["title"], page.title)
        for path, page in harvest.pages.items()
        if TRUTH[key]["pages"][path]["is_project"]
        and page.title != TRUTH[key]["pages"][path]["title"]
    ]
    assert not wrong, f"{key}: (path, expected, got): {wrong}"


def test_fetch_failures_are_the_expected_ones(harvests):
    for key, harvest in harvests.items():
        for path, error in harvest.errors.items():
            truth = TRUTH[key]["pages"][path]
            if truth.get("forbidden"):
                assert isinstance(error, RobotsDisallowed), (key, path, error)
            elif truth.get("oversize"):
                assert isinstance(error, TooLarge), (key, path, error)
            else:
                assert truth.get("status") == 404 and error.code == "http", (key, path, error)
    assert set(harvests["france-sengage"].errors) == {
        "/laureats/la-fabrique-a-projets-roubaix", "/laureats/ancien-laureat-2016"
    }  # fmt: skip


def test_private_pages_are_discovered_but_never_requested(harvests):
    harvest = harvests["reseau-rural"]
    assert "/prive/compte-rendu-copil-2024" in harvest.items  # the Atom feed leaks it
    assert isinstance(harvest.errors["/prive/compte-rendu-copil-2024"], RobotsDisallowed)
    for key, run in harvests.items():
        assert not [p for p in run.requested if p.startswith("/prive")], key
        assert not any("SECRET-NE-PAS-MOISSONNER" in html for html in run.raw.values()), key
    assert "/robots.txt" in harvest.requested
    assert not [p for p in harvest.requested if p.startswith("/agenda")]


def test_every_request_identifies_the_harvester(web):
    site = web["avise"]
    run_harvest(web, "avise", site.url("/"), "auto")
    agents = {r.header("user-agent") for r in site.requests}
    assert agents == {USER_AGENT}


FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "input", "button", "textarea", "select", "base", "meta", "link", "svg", "math", "template",
    "noscript", "video", "audio", "source", "img", "details",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset"}


def executable_parts(html: str) -> list[str]:
    """Whatever in ``html`` could run code, load a resource or restyle the page."""
    if not html.strip():
        return []
    found = []
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in FORBIDDEN_TAGS:
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or name in ("style", "srcdoc"):
                found.append(f"{element.tag}@{name}")
            if name in URL_ATTRIBUTES:
                cleaned = re.sub(r"[\x00-\x20]+", "", value).lower()
                scheme = cleaned.split(":", 1)[0] if ":" in cleaned.split("/", 1)[0] else ""
                if scheme not in ("", "http", "https", "mailto"):
                    found.append(f"{element.tag}@{name}={value[:40]}")
    if re.search(r"java\s*script\s*:", html, re.I):
        found.append("javascript:")
    return found


def test_hostile_pages_are_really_hostile(harvests):
    raw = harvests["france-sengage"].raw["/laureats/handi-job-connect"]
    for snippet in HOSTILE_SNIPPETS:
        assert snippet in raw
    assert "onerror=" in raw and "<iframe" in raw and "javascript:" in raw


def test_no_executable_html_survives_extraction(harvests):
    checked = 0
    for key, harvest in harvests.items():
        for path, page in harvest.pages.items():
            assert not executable_parts(page.description_html), (key, path)
            for value in (page.title, page.summary):
                assert "<" not in value or not executable_parts(value), (key, path)
            for url in (page.website, page.image_url, page.canonical_url):
                assert not url or urlsplit(url).scheme in ("http", "https"), (key, path, url)
            checked += bool(page.description_html)
    assert checked >= 40


def test_hostile_html_taken_by_a_selector_is_sanitised(harvests):
    """A per-source description selector hands the raw widget (XSS vectors included) to the
    sanitiser instead of Trafilatura's cleaned text: nothing executable may come out."""
    harvest = harvests["france-sengage"]
    selectors = {"description": "css:.elementor-widget-text-editor .elementor-widget-container"}
    for path, html in harvest.raw.items():
        if not TRUTH["france-sengage"]["pages"][path]["is_project"]:
            continue
        page = extract_page(html, harvest.pages[path].url, selectors)
        assert "Merci à nos mécènes" in page.description_html, path  # the widget went through
        assert not executable_parts(page.description_html), (path, page.description_html)


@pytest.mark.parametrize("key", SITE_KEYS)
def test_auto_discovery_from_the_homepage_alone(web, key):
    """A partner gives its homepage and nothing else: ``auto`` still finds every project."""
    harvest_items = set()
    site = web[key]
    index = truth_index(key, site.base_url)
    site.reset()
    for item in Discoverer(make_client()).run(site.url("/"), "auto"):
        harvest_items.add(index.get(item.url, item.url))
    missing = project_paths(key) - harvest_items
    assert not missing, f"{key}: {sorted(missing)}"
    assert not [p for p in site.requested_paths() if p.startswith("/prive")]


# --------------------------------------------------------------------------- former gaps


def test_detail_pages_beyond_the_query_variant_cap_are_discovered(harvests):
    """A legacy directory has 11 ``fiche.php?id=N`` pages: record ids (and URLs matching the
    source's include patterns) are not crawl-trap variants."""
    fiches = {p for p in TRUTH["ronalpia"]["pages"] if p.startswith("/annuaire/fiche.php")}
    assert len(fiches) > DiscoveryLimits().max_trap_variants
    assert fiches <= set(harvests["ronalpia"].items)


def test_auto_from_a_legacy_homepage_follows_its_directory_and_pagination(web):
    """``auto`` from the legacy homepage (3 fiches shown) reaches every fiche through its
    "L'annuaire" link and that listing's pagination."""
    site = web["ronalpia"]
    index = truth_index("ronalpia", site.base_url)
    site.reset()
    found = {index.get(i.url, i.url) for i in Discoverer(make_client()).run(site.url("/"), "auto")}
    missing = sorted(project_paths("ronalpia") - found)
    assert not missing, f"ronalpia from {site.url('/')}: not discovered {missing}"
    assert "/annuaire/index.php?page=3" in site.requested_paths()


def test_dated_project_posts_are_projects_and_about_pages_are_not(harvests):
    """WordPress project posts (og:type article, article:published_time) filed under
    /projets/ are projects; news stays news; AboutPage / "La Fondation" pages are not
    projects."""
    wrong = []
    cases = [("bretagne-creative", f"/projets/{slug}/") for slug in WP_PROJECTS]
    cases += [("avise", "/a-propos"), ("france-sengage", "/la-fondation")]
    cases += [("bretagne-creative", p) for p in TRUTH["bretagne-creative"]["pages"]
              if p.startswith("/actualites/")]  # fmt: skip
    for key, path in cases:
        page = harvests[key].pages[path]
        truth = TRUTH[key]["pages"][path]
        if page.page_kind != truth["page_kind"]:
            wrong.append((key, path, truth["page_kind"], page.page_kind, page.page_kind_reason))
    assert not wrong, f"(site, path, expected, got, reason): {wrong}"


def test_project_website_and_address_are_found(harvests):
    """The project website is found when its label sits next to the link ("Site internet :
    <a>domaine</a>", a "Site web :" table cell), and an <address> split by <br> keeps its
    postal code."""
    wrong = []
    for key, harvest in harvests.items():
        for path, page in harvest.pages.items():
            truth = TRUTH[key]["pages"][path]
            if truth["is_project"] and host_of(page.website) != host_of(truth["website"]):
                wrong.append((key, path, truth["website"], page.website))
    marmite = harvests["bretagne-creative"].pages[
        "/projets/la-marmite-rennes-restaurant-solidaire/"
    ]
    if not any(p.postal_code == "35000" for p in marmite.places):
        wrong.append(("bretagne-creative", "la-marmite", "35000", marmite.address_text))
    assert marmite.address_text == "La Marmite, 12 rue de Saint-Malo, 35000 Rennes"
    assert not wrong, f"(site, path, expected, got): {wrong}"


def test_places_stated_in_fields_are_extracted(harvests):
    """Places in fields ("Lieu :" cells, ``.lieu`` spans, "Territoire") reach
    ``place_text``."""
    pages = {key: harvest.pages for key, harvest in harvests.items()}
    assert "Saint-Gervais-d'Auvergne (63390)" in (
        pages["ronalpia"]["/annuaire/fiche.php?id=86"].place_text
    )
    assert "Fort-de-France (972)" in (
        pages["france-sengage"]["/laureats/kompos-peyi-fort-de-france"].place_text
    )
    creuse = pages["reseau-rural"]["/initiatives/maison-des-services-itinerante-creuse"]
    assert "Territoire : Creuse" in creuse.place_text


def test_demo_sites_folder_is_small():
    total = sum(p.stat().st_size for p in DEMO_SITES_DIR.rglob("*") if p.is_file())
    assert total < 1_000_000
    for path in DEMO_SITES_DIR.rglob("*"):
        assert path.suffix in ("", ".html", ".xml", ".json", ".txt", ".atom", ".md"), path


def test_featured_images_named_by_the_blog_are_served_as_real_jpegs(web):
    site = web["bretagne-creative"]
    status, headers, body = fetch_raw(
        site.url("/wp-content/uploads/2022/07/l-atelier-flottant-douarnenez.jpg")
    )
    assert status == 200 and headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(body))
    assert image.format == "JPEG" and image.size == (1200, 800)
    assert len(body) < 200_000
    assert fetch_raw(site.url("/wp-content/uploads/absente.png"))[0] == 404
    avise = web["avise"].url("/media/innovations/repair-mobile.jpg")
    assert fetch_raw(avise)[1]["content-type"] == "image/jpeg"
