"""Discovery against loopback partner sites: sitemaps, feeds, listings, URL lists, traps."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from harvesting.discovery import (
    Discoverer,
    DiscoveryLimits,
    discover,
    feed_links,
    is_homepage,
    is_trap_path,
    page_number,
    parse_date,
    parse_listing,
    query_kind,
    section_links,
)
from harvesting.tests.sites import gzip_bomb

XML = "application/xml; charset=utf-8"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(site, *paths: str, lastmod: str = "") -> str:
    entries = "".join(
        f"<url><loc>{site.url(p)}</loc>{f'<lastmod>{lastmod}</lastmod>' if lastmod else ''}</url>"
        for p in paths
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {NS}>{entries}</urlset>'


def paths_of(items) -> list[str]:
    return [item.url.split("/", 3)[3] for item in items]


# ---------------------------------------------------------------------------- sitemaps


def test_sitemap_from_robots_with_index_gzip_and_lastmod(partner_site, client):
    site = partner_site
    site.add("/robots.txt", f"User-agent: *\nSitemap: {site.url('/index.xml')}\n",
             content_type="text/plain")  # fmt: skip
    site.add(
        "/index.xml",
        f"<sitemapindex {NS}><sitemap><loc>{site.url('/projets.xml.gz')}</loc></sitemap>"
        f"<sitemap><loc>{site.url('/pages.xml')}</loc></sitemap></sitemapindex>",
        content_type=XML,
    )
    gz = gzip.compress(urlset(site, "/projets/jardin/", "/projets/ressourcerie").encode())
    site.add("/projets.xml.gz", gz, content_type="application/x-gzip")
    site.add(
        "/pages.xml",
        urlset(
            site, "/projets/jardin", "/a-propos/?utm_source=x", lastmod="2024-05-01T10:00+02:00"
        ),
        content_type=XML,
    )
    # a sitemap entry on another host is ignored
    site.routes["/pages.xml"] = (
        200,
        {"Content-Type": XML},
        site.routes["/pages.xml"][2].replace(
            "</urlset>", "<url><loc>https://ailleurs.example/x</loc></url></urlset>"
        ),
    )
    items = list(discover(client, site.url("/"), "auto"))

    assert paths_of(items) == ["projets/jardin", "projets/ressourcerie", "a-propos"]
    assert items[0].fetch_url == site.url("/projets/jardin/")
    assert items[0].source == f"sitemap:{site.url('/projets.xml.gz')}"
    assert items[2].lastmod == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert "/sitemap.xml" not in site.paths()  # robots.txt named the sitemap


def test_sitemap_xml_fallback_and_include_patterns(partner_site, client):
    partner_site.add(
        "/sitemap.xml",
        urlset(partner_site, "/projets/a", "/actualites/b", "/projets/c", lastmod="2024-01-02"),
        content_type=XML,
    )
    items = list(discover(client, partner_site.url("/"), "sitemap", include=[r"/projets/"]))
    assert paths_of(items) == ["projets/a", "projets/c"]
    assert items[0].lastmod == datetime(2024, 1, 2, tzinfo=UTC)


def test_sitemap_xxe_and_entities_are_not_resolved(partner_site, client):
    body = (
        '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        f'<!ENTITY host "{partner_site.host}">]>'
        f"<urlset {NS}><url><loc>http://&host;/projets/&xxe;</loc></url>"
        f"<url><loc>{partner_site.url('/projets/ok')}</loc></url></urlset>"
    )
    partner_site.add("/sitemap.xml", body, content_type=XML)
    items = list(discover(client, partner_site.url("/sitemap.xml"), "sitemap"))
    assert all("root" not in item.url for item in items)
    assert partner_site.url("/projets/ok") in [item.url for item in items]


def test_sitemap_gzip_bomb_is_bounded(partner_site, make_client):
    partner_site.routes["/sitemap.xml.gz"] = gzip_bomb(64 * 1024 * 1024, as_sitemap=True)
    discoverer = Discoverer(make_client(max_bytes=1024 * 1024))
    items = list(discoverer.run(partner_site.url("/sitemap.xml.gz"), "sitemap"))
    assert items == []
    assert any("taille maximale" in w for w in discoverer.warnings)


def test_sitemap_index_recursion_is_bounded(partner_site, client):
    for i in range(10):
        partner_site.add(
            f"/s{i}.xml",
            f"<sitemapindex {NS}><sitemap><loc>{partner_site.url(f'/s{i + 1}.xml')}</loc>"
            f"</sitemap><sitemap><loc>{partner_site.url(f'/s{i}.xml')}</loc></sitemap>"
            "</sitemapindex>",
            content_type=XML,
        )
    discoverer = Discoverer(client, limits=DiscoveryLimits(max_depth=3))
    assert list(discoverer.run(partner_site.url("/s0.xml"), "sitemap")) == []
    assert [p for p in partner_site.paths() if p.startswith("/s")] == [
        "/s0.xml", "/s1.xml", "/s2.xml", "/s3.xml",
    ]  # fmt: skip
    assert any("trop profond" in w for w in discoverer.warnings)


def test_text_sitemap(partner_site, client):
    partner_site.add(
        "/sitemap.txt",
        f"{partner_site.url('/projets/a')}\n\n{partner_site.url('/projets/b')}\n",
        content_type="text/plain",
    )
    items = list(discover(client, partner_site.url("/sitemap.txt"), "sitemap"))
    assert paths_of(items) == ["projets/a", "projets/b"]


# ---------------------------------------------------------------------------- feeds


def test_rss_feed_found_from_homepage(partner_site, client):
    site = partner_site
    site.add(
        "/",
        '<html><head><link rel="alternate" type="application/rss+xml" title="Projets" '
        'href="/feed/"><link rel="alternate" type="application/rss+xml" '
        'title="Flux des commentaires" href="/comments/feed/"></head><body>Accueil</body></html>',
    )
    site.add(
        "/feed/",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Projets</title>'
        f"<item><title>Jardin</title><link>{site.url('/projets/jardin/')}</link>"
        "<pubDate>Wed, 01 May 2024 10:00:00 +0200</pubDate></item>"
        f"<item><title>Sans lien</title><guid>{site.url('/projets/guid')}</guid></item>"
        "</channel></rss>",
        content_type="application/rss+xml",
    )
    items = list(discover(client, site.url("/"), "auto"))
    assert paths_of(items) == ["projets/jardin", "projets/guid"]
    assert items[0].lastmod == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert items[0].source == f"feed:{site.url('/feed/')}"
    assert site.requests_for("/comments/feed/") == []
    assert len(site.requests_for("/")) == 1  # the homepage is fetched once


def test_atom_feed_direct(partner_site, client):
    partner_site.add(
        "/atom.xml",
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>P</title>'
        f'<entry><title>A</title><link rel="alternate" href="{partner_site.url("/projets/a")}"/>'
        f'<link rel="edit" href="{partner_site.url("/edit/a")}"/>'
        "<updated>2024-03-04T05:06:07Z</updated></entry></feed>",
        content_type="application/atom+xml",
    )
    items = list(discover(client, partner_site.url("/atom.xml"), "feed"))
    assert paths_of(items) == ["projets/a"]
    assert items[0].lastmod == datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_feed_links_helper():
    html = (
        '<link rel="alternate" type="application/atom+xml" href="https://p.fr/atom">'
        '<link rel="stylesheet" type="text/css" href="/s.css">'
    )
    assert feed_links(html, "https://p.fr/") == ["https://p.fr/atom"]


# ---------------------------------------------------------------------------- listings


def listing_page(site, page: int, last: int) -> str:
    cards = "".join(
        f'<article class="card"><h2><a href="/projets/projet-{page}-{i}/">Projet {page}.{i}</a>'
        f"</h2></article>"
        for i in range(3)
    )
    numbers = "".join(f'<a href="/projets/?page={n}">{n}</a>' for n in range(1, last + 1))
    next_link = f'<a href="/projets/?page={page + 1}">Suivant ›</a>' if page < last else ""
    return (
        "<html><body><header><nav><a href='/a-propos/'>À propos</a>"
        "<a href='/projets/'>Projets</a></nav></header>"
        f"<main><h1>Nos projets</h1>{cards}"
        f'<nav class="pagination">{numbers}{next_link}</nav>'
        '<p><a href="/docs/rapport.pdf">Rapport</a> <a href="https://ailleurs.example/x">X</a></p>'
        "</main><footer><a href='/mentions-legales/'>Mentions légales</a></footer></body></html>"
    )


def test_listing_with_pagination(partner_site, client):
    for page in range(1, 4):
        partner_site.add(f"/projets/?page={page}", listing_page(partner_site, page, 3))
    partner_site.add("/projets/", listing_page(partner_site, 1, 3))
    items = list(discover(client, partner_site.url("/projets/"), "listing"))

    assert paths_of(items) == [f"projets/projet-{p}-{i}" for p in range(1, 4) for i in range(3)]
    assert all(item.source.startswith("listing:") for item in items)
    assert items[0].fetch_url.endswith("/projets/projet-1-0/")
    fetched = [p for p in partner_site.paths() if p != "/robots.txt"]
    assert fetched == ["/projets/", "/projets/?page=2", "/projets/?page=3"]


def test_listing_pages_are_bounded(partner_site, client):
    for page in range(1, 50):
        partner_site.add(f"/projets/?page={page}", listing_page(partner_site, page, 49))
    discoverer = Discoverer(client, limits=DiscoveryLimits(max_listing_pages=4))
    items = list(discoverer.run(partner_site.url("/projets/?page=1"), "listing"))
    assert len([p for p in partner_site.paths() if "page=" in p]) == 4
    assert len(items) == 12
    assert any("pages de liste" in w for w in discoverer.warnings)


def test_parse_listing_next_link_variants():
    html = (
        '<html><head><link rel="next" href="/liste/page/2/"></head><body><main>'
        '<a href="/fiche/1">Fiche</a><a href="/liste/page/3/" aria-label="Page suivante">»</a>'
        "</main></body></html>"
    )
    listing = parse_listing(html, "https://p.fr/liste/")
    assert listing.links == ["https://p.fr/fiche/1"]
    assert listing.next_pages == ["https://p.fr/liste/page/2/", "https://p.fr/liste/page/3/"]
    assert page_number("https://p.fr/liste/page/7/") == 7
    assert page_number("https://p.fr/liste?paged=3") == 3
    assert page_number("https://p.fr/liste") is None


# ---------------------------------------------------------------------------- traps, lists


def test_calendar_trap_is_bounded(partner_site, client):
    links = "".join(f'<a href="/agenda?mois={m}&annee=2024">{m}</a>' for m in range(1, 40))
    links += "".join(f'<a href="/projets/p{i}">P{i}</a>' for i in range(3))
    partner_site.add("/", f"<html><body><main>{links}</main></body></html>")
    limits = DiscoveryLimits(max_query_variants=5)
    items = list(discover(client, partner_site.url("/"), "listing", limits=limits))
    agenda = [i for i in items if "/agenda" in i.url]
    assert len(agenda) == 5
    assert len([i for i in items if "/projets/" in i.url]) == 3


@pytest.mark.parametrize(
    "path,trap",
    [
        ("/projets/jardin", False),
        ("/a/b/c/d/e/f/g/h/i", True),
        ("/agenda/agenda/agenda/x", True),
        ("/fr/projets/fr/projets/x", True),
        ("/2024/05/01/projet", False),
    ],
)
def test_trap_paths(path, trap):
    assert is_trap_path(path) is trap


def test_url_list_kind_dedupes_and_filters(client):
    text = (
        "https://p.example/projets/a/\n"
        "# commentaire\n"
        "https://p.example/projets/a?utm_source=x\n"
        "mailto:contact@p.example\n"
        "https://p.example/actualites/b\n"
        "https://p.example/projets/c#haut\n"
    )
    discoverer = Discoverer(client, exclude=[r"/actualites/"])
    items = list(discoverer.run(text, "urls"))
    assert [i.url for i in items] == ["https://p.example/projets/a", "https://p.example/projets/c"]
    assert all(i.source == "urls" and i.lastmod is None for i in items)
    assert any("mailto" in w for w in discoverer.warnings)


def test_max_items_per_run(client):
    text = "\n".join(f"https://p.example/projets/{i}" for i in range(20))
    discoverer = Discoverer(client, limits=DiscoveryLimits(max_items=7))
    assert len(list(discoverer.run(text, "urls"))) == 7
    assert any("Limite" in w for w in discoverer.warnings)


def test_auto_falls_back_to_listing(partner_site, client):
    partner_site.add(
        "/",
        "<html><body><nav><a href='/contact'>Contact</a></nav><main>"
        "<a href='/projets/un'>Un</a><a href='/projets/deux'>Deux</a></main></body></html>",
    )
    items = list(discover(client, partner_site.url("/"), "auto"))
    assert paths_of(items) == ["projets/un", "projets/deux"]
    assert partner_site.requests_for("/sitemap.xml")  # tried first
    assert len(partner_site.requests_for("/")) == 1


def test_unknown_kind():
    with pytest.raises(ValueError, match="inconnu"):
        list(discover(None, "https://p.fr/", "crawl"))  # type: ignore[arg-type]


def test_parse_date_variants():
    assert parse_date("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_date("Wed, 01 May 2024 10:00:00 GMT") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert parse_date("n'importe quoi") is None
    assert parse_date(None) is None


# ---------------------------------------------------------------------------- query kinds, sections


@pytest.mark.parametrize(
    "query,kind",
    [
        ("id=86", "detail"),
        ("fiche=12", "detail"),
        ("nid=4&lang=fr", "trap"),
        ("mois=2024-01", "trap"),
        ("jour=1850-02-28", "trap"),
        ("sort=date&order=asc", "trap"),
        ("page=3", "other"),
        ("color=red", "other"),
    ],
)
def test_query_kind(query, kind):
    assert query_kind(query) == kind


def test_detail_ids_are_not_capped_like_calendars(partner_site, client):
    links = "".join(f'<a href="/fiche.php?id={i}">F{i}</a>' for i in range(40))
    links += "".join(f'<a href="/agenda?mois={m}">{m}</a>' for m in range(1, 40))
    partner_site.add("/", f"<html><body><main>{links}</main></body></html>")
    items = list(discover(client, partner_site.url("/"), "listing"))
    assert len([i for i in items if "/fiche.php" in i.url]) == 40
    assert len([i for i in items if "/agenda" in i.url]) == DiscoveryLimits().max_trap_variants


def test_include_patterns_are_exempt_from_the_variant_cap(partner_site, client):
    links = "".join(f'<a href="/fiche?ref=x{i}&vue=complete">F{i}</a>' for i in range(30))
    partner_site.add("/liste", f"<html><body><main>{links}</main></body></html>")
    limits = DiscoveryLimits(max_query_variants=5, max_trap_variants=5)
    capped = list(discover(client, partner_site.url("/liste"), "listing", limits=limits))
    assert len(capped) == 5
    included = list(
        discover(
            client, partner_site.url("/liste"), "listing", include=[r"/fiche\?ref="], limits=limits
        )
    )
    assert len(included) == 30


def test_listing_section_is_followed_from_a_homepage(partner_site, client):
    home = """<html><body><nav><a href="/annuaire/index.php">L'annuaire</a>
<a href="/contact.php">Contact</a></nav><main><a href="/annuaire/fiche.php?id=1">Une</a>
</main></body></html>"""
    page = "<html><body><main>{links}<a href='/annuaire/index.php?page={n}'>Page suivante</a>"
    page += "</main></body></html>"
    partner_site.add("/", home)
    for n in (1, 2, 3):
        links = "".join(f'<a href="/annuaire/fiche.php?id={n * 10 + i}">F</a>' for i in range(4))
        path = "/annuaire/index.php" + (f"?page={n}" if n > 1 else "")
        partner_site.add(path, page.format(links=links, n=n + 1))
    found = paths_of(discover(client, partner_site.url("/"), "auto"))
    assert len({p for p in found if "fiche.php" in p}) == 13
    assert "contact.php" not in found
    assert partner_site.requests_for("/annuaire/index.php?page=3")


def test_section_links_and_homepages():
    html = """<html><body><nav><a href="/">Accueil</a><a href="/nos-laureats/">Nos lauréats</a>
<a href="/presse">Presse</a><a href="/projets/">Les projets</a>
<a href="/projets/un/deux/trois">Un projet profond</a></nav></body></html>"""
    links = section_links(html, "https://p.example/")
    assert links == ["https://p.example/nos-laureats/", "https://p.example/projets/"]
    assert is_homepage("https://p.example/index.php") and is_homepage("https://p.example/fr/")
    assert not is_homepage("https://p.example/annuaire/")


def test_parse_listing_leaves_out_taxonomy_archives():
    html = (
        '<main><article><a href="/projets/potager/">Potager</a>'
        '<a rel="tag" href="/tag/jardin/">jardin</a>'
        '<a rel="category tag" href="/category/projets/">Projets</a></article></main>'
    )
    listing = parse_listing(html, "https://p.fr/actualites/")
    assert listing.links == ["https://p.fr/projets/potager/"]
