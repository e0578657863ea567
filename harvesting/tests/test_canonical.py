"""URL canonicalisation, rel=canonical and include/exclude patterns."""

from __future__ import annotations

import pytest

from harvesting.canonical import (
    canonical_from_html,
    canonicalize_url,
    compile_patterns,
    same_host,
    same_site,
    url_matches,
)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("HTTP://WWW.Partenaire.FR:80/Projets/Fiche/", "http://www.partenaire.fr/Projets/Fiche"),
        ("https://partenaire.fr:443", "https://partenaire.fr/"),
        ("https://partenaire.fr:8443/a", "https://partenaire.fr:8443/a"),
        ("https://partenaire.fr/a/#section", "https://partenaire.fr/a"),
        ("https://partenaire.fr/?b=2&a=1&a=0", "https://partenaire.fr/?a=0&a=1&b=2"),
        (
            "https://partenaire.fr/p?utm_source=nl&utm_medium=mail&id=3&fbclid=x&gclid=y"
            "&mc_cid=1&mc_eid=2&xtor=RSS-1&pk_campaign=z&_ga=1",
            "https://partenaire.fr/p?id=3",
        ),
        ("https://partenaire.fr/a/./b/../c//d", "https://partenaire.fr/a/c/d"),
        ("https://partenaire.fr/caf%c3%a9", "https://partenaire.fr/caf%C3%A9"),
        ("https://partenaire.fr/café", "https://partenaire.fr/caf%C3%A9"),
        ("https://partenaire.fr/%7Ejean", "https://partenaire.fr/~jean"),
        ("https://partenaire.fr/a b?q=un+deux", "https://partenaire.fr/a%20b?q=un%20deux"),
        ("https://user:pw@partenaire.fr/x", "https://partenaire.fr/x"),
        ("https://Économie-Sociale.fr/", "https://xn--conomie-sociale-9mb.fr/"),
        ("https://partenaire.fr./x;jsessionid=ABC", "https://partenaire.fr/x"),
        ("  https://partenaire.fr/x  ", "https://partenaire.fr/x"),
    ],
)
def test_canonicalize_url(raw, expected):
    assert canonicalize_url(raw) == expected


def test_canonical_is_idempotent_and_trailing_slash_consistent():
    a = canonicalize_url("https://partenaire.fr/projets/jardin/")
    b = canonicalize_url("https://partenaire.fr/projets/jardin")
    assert a == b == canonicalize_url(a)
    assert canonicalize_url("https://partenaire.fr") == "https://partenaire.fr/"


def test_relative_urls_are_resolved():
    base = "https://partenaire.fr/projets/liste/?page=2"
    assert canonicalize_url("../fiche-1/", base) == "https://partenaire.fr/projets/fiche-1"
    assert canonicalize_url("/a?utm_campaign=x", base) == "https://partenaire.fr/a"
    assert canonicalize_url("//autre.fr/x", base) == "https://autre.fr/x"


@pytest.mark.parametrize(
    "raw", ["mailto:contact@partenaire.fr", "javascript:alert(1)", "ftp://x.fr/", "/relatif", ""]
)
def test_non_http_urls_raise(raw):
    with pytest.raises(ValueError):
        canonicalize_url(raw)


def test_canonical_from_html_same_host_only():
    base = "https://www.partenaire.fr/projets/jardin?id=3&utm_source=x"
    html = '<html><head><link rel="canonical" href="/projets/jardin/?utm_source=y"></head></html>'
    assert canonical_from_html(html, base) == "https://www.partenaire.fr/projets/jardin"
    other = '<html><head><link rel="canonical" href="https://agregateur.com/jardin"></head></html>'
    assert canonical_from_html(other, base) is None
    www = '<html><head><link rel="Canonical" href="https://partenaire.fr/x"></head></html>'
    assert canonical_from_html(www, base) == "https://partenaire.fr/x"
    assert canonical_from_html("<html><head></head></html>", base) is None
    assert canonical_from_html("", base) is None
    bad = '<html><head><link rel="canonical" href="javascript:alert(1)"></head></html>'
    assert canonical_from_html(bad, base) is None


def test_patterns():
    include = compile_patterns("/projets?/\n# commentaire\n\n")
    exclude = compile_patterns(["/projets/archives/", r"\?.*tri="])
    assert url_matches("https://p.fr/projets/jardin", include, exclude)
    assert url_matches("https://p.fr/projet/jardin", include, exclude)
    assert not url_matches("https://p.fr/actualites/x", include, exclude)
    assert not url_matches("https://p.fr/projets/archives/x", include, exclude)
    assert not url_matches("https://p.fr/projets/?tri=date", include, exclude)
    assert url_matches("https://p.fr/n-importe", [], [])
    with pytest.raises(ValueError, match="Motif invalide"):
        compile_patterns(["/projets/(["])


def test_host_helpers():
    assert same_host("https://www.p.fr/a", "http://p.fr/b")
    assert not same_host("https://blog.p.fr/a", "https://p.fr/")
    assert same_site("https://blog.p.fr/a", "https://p.fr/")
    assert not same_site("https://p.fr.evil.com/", "https://p.fr/")
