"""Issue 17.9: robots.txt read per RFC 9309, embedded-IPv4 IPv6 forms unwrapped before the
address check, truncated gzip bodies refused, link-list pages never projects."""

import gzip

import pytest

from harvesting.client import BlockedAddress, RobotsDisallowed, TruncatedBody
from harvesting.extraction import extract_page


def test_robots_wildcards_and_decimal_crawl_delay(partner_site, make_client):
    partner_site.add(
        "/robots.txt",
        "User-agent: *\nDisallow: /*?sort=\nDisallow: /*.pdf$\nCrawl-delay: 0.25\n",
        content_type="text/plain",
    )
    partner_site.add("/projets/", "<p>liste</p>")
    partner_site.add("/projets/?sort=date", "<p>liste triée</p>")
    client = make_client()
    assert client.fetch(partner_site.url("/projets/")).status == 200
    with pytest.raises(RobotsDisallowed):
        client.fetch(partner_site.url("/projets/?sort=date"))
    assert not client.is_allowed(partner_site.url("/docs/fiche.pdf"))
    assert client.is_allowed(partner_site.url("/docs/fiche.pdf?v=2"))
    assert client.host_delay(partner_site.url("/")) == pytest.approx(0.25)
    assert "/projets/?sort=date" not in partner_site.paths()


@pytest.mark.parametrize(
    "address",
    [
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254 (cloud metadata)
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b::c0a8:0101",  # NAT64 of 192.168.1.1
        "::ffff:10.0.0.1",  # IPv4-mapped
        "::127.0.0.1",  # IPv4-compatible
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    ],
)
def test_ipv6_forms_carrying_a_private_ipv4_are_refused(make_client, address):
    client = make_client(resolver=lambda host, port: [address], allowed_networks=[])
    with pytest.raises(BlockedAddress):
        client.fetch("http://partenaire.exemple.org/")


def test_truncated_gzip_body_is_an_error_for_that_page(partner_site, make_client):
    page = "<html><body><main><h1>Fiche</h1><p>" + "texte " * 2000 + "</p></main></body></html>"
    whole = gzip.compress(page.encode())
    partner_site.add(
        "/fiche-coupee",
        whole[: len(whole) // 2],
        headers={"Content-Encoding": "gzip"},
    )
    partner_site.add("/fiche-entiere", whole, headers={"Content-Encoding": "gzip"})
    client = make_client()
    assert "Fiche" in client.fetch(partner_site.url("/fiche-entiere")).text
    with pytest.raises(TruncatedBody, match="tronquée"):
        client.fetch(partner_site.url("/fiche-coupee"))


def test_a_page_of_ten_thousand_links_is_not_a_project():
    links = "".join(
        f'<li><a href="https://p.exemple.org/page-{i}">Page {i}</a></li>' for i in range(10000)
    )
    html = (
        '<html lang="fr"><head><title>Liste</title><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "Project", "name": "Liste"}</script></head>'
        f"<body><main><h1>Liste</h1><ul>{links}</ul></main></body></html>"
    )
    page = extract_page(html, "https://p.exemple.org/liste")
    assert page.page_kind != "project"
    assert "liens" in page.page_kind_reason


def test_a_page_that_is_mostly_links_is_not_a_project():
    links = "".join(
        f'<p><a href="https://p.exemple.org/annuaire/structure-{i}">Structure solidaire numéro '
        f"{i} du territoire</a></p>"
        for i in range(60)
    )
    html = (
        '<html lang="fr"><head><title>Annuaire</title></head>'
        f"<body><main><h1>Annuaire des structures</h1>{links}</main></body></html>"
    )
    page = extract_page(html, "https://p.exemple.org/projets/annuaire-complet")
    assert page.page_kind == "listing"
