"""SafeClient against a loopback partner site: SSRF guard, robots.txt, politeness, limits."""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from harvesting.client import (
    BadContentType,
    BlockedAddress,
    FetchError,
    FetchTimeout,
    HostThrottle,
    HttpError,
    InvalidUrl,
    RobotsDisallowed,
    SafeClient,
    TooLarge,
    TooManyRedirects,
    bounded_decompress,
    decode_body,
    parse_crawl_delay,
)
from harvesting.tests.conftest import LOOPBACK, TEST_USER_AGENT
from harvesting.tests.sites import (
    PartnerSite,
    conditional,
    gzip_bomb,
    gzipped,
    huge,
    redirect,
    redirect_loop,
    slow,
    trickle,
)

PAGE = "<html><head><title>Projet</title></head><body><p>Café solidaire</p></body></html>"


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


# ---------------------------------------------------------------------------- basics


def test_fetch_returns_result_and_identifies_itself(partner_site, client):
    partner_site.add("/projets/cafe", PAGE)
    result = client.fetch(partner_site.url("/projets/cafe"))

    assert result.status == 200
    assert result.final_url == partner_site.url("/projets/cafe")
    assert result.text == PAGE
    assert result.content == PAGE.encode()
    assert result.content_hash == hashlib.sha256(PAGE.encode()).hexdigest()
    assert result.not_modified is False
    request = partner_site.requests_for("/projets/cafe")[0]
    assert request.header("user-agent") == TEST_USER_AGENT
    assert request.header("host") == partner_site.host
    assert "gzip" in request.header("accept-encoding")


def test_defaults_come_from_django_settings(partner_site, settings):
    partner_site.add("/", PAGE)
    settings.HARVEST_USER_AGENT = "CarrefourBot/9 (+https://exemple.test/contact)"
    settings.HARVEST_ALLOWED_NETWORKS = []
    with pytest.raises(BlockedAddress):
        SafeClient(min_delay=0).fetch(partner_site.url("/"))

    settings.HARVEST_ALLOWED_NETWORKS = LOOPBACK
    SafeClient(min_delay=0).fetch(partner_site.url("/"))
    assert partner_site.requests_for("/")[0].header("user-agent") == settings.HARVEST_USER_AGENT
    assert SafeClient().max_bytes == 5 * 1024 * 1024
    assert SafeClient().min_delay == 1.0


# ---------------------------------------------------------------------------- SSRF guard


def test_loopback_refused_without_allowed_networks(partner_site):
    partner_site.add("/", PAGE)
    client = SafeClient(allowed_networks=[], min_delay=0)
    with pytest.raises(BlockedAddress) as excinfo:
        client.fetch(partner_site.url("/"))
    assert excinfo.value.code == "blocked_address"
    assert "réseau interne" in str(excinfo.value)
    assert partner_site.requests == []  # not even robots.txt was requested


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/",  # loopback outside the allowed /32
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://10.0.0.1/admin",  # private
        "http://[::1]:{port}/",  # IPv6 loopback
        "http://0.0.0.0:{port}/",  # unspecified
        "http://[::ffff:10.0.0.1]/",  # IPv4-mapped private
        "http://100.64.0.1/",  # carrier-grade NAT (not global)
        "http://2130706434/",  # 127.0.0.2 in decimal notation
    ],
)
def test_redirect_to_internal_address_is_refused(partner_site, make_client, target):
    partner_site.routes["/go"] = redirect(target.format(port=partner_site.port))
    client = make_client(allowed_networks=["127.0.0.1/32"])
    with pytest.raises(BlockedAddress):
        client.fetch(partner_site.url("/go"))
    assert partner_site.paths() == ["/robots.txt", "/go"]


def test_hostname_is_resolved_checked_and_pinned(partner_site, make_client):
    partner_site.add("/", PAGE)
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        # first answer is loopback (checked, connected to); a rebinding answer would follow
        return ["127.0.0.1"] if len(calls) == 1 else ["10.9.9.9"]

    url = f"http://partenaire.example:{partner_site.port}/"
    client = make_client(resolver=resolver, obey_robots=False)
    result = client.fetch(url)
    assert result.status == 200
    assert calls == ["partenaire.example"]  # one resolution per hop: no second lookup
    assert partner_site.requests[0].header("host") == f"partenaire.example:{partner_site.port}"

    with pytest.raises(BlockedAddress):
        make_client(resolver=lambda h, p: ["127.0.0.1"], allowed_networks=[]).fetch(url)


def test_any_blocked_address_in_dns_answer_refuses(make_client):
    client = make_client(resolver=lambda h, p: ["93.184.216.34", "192.168.1.10"])
    with pytest.raises(BlockedAddress):
        client.fetch("http://partenaire.example/")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/fichier",
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/",
        "http://admin:secret@127.0.0.1/",
        "http://user@127.0.0.1/",
        "http:///sans-hote",
        "http://127.0.0.1:99999/",
    ],
)
def test_invalid_urls_are_refused(client, url):
    with pytest.raises(InvalidUrl):
        client.fetch(url)


# ---------------------------------------------------------------------------- robots.txt


def test_robots_disallow_is_obeyed_and_cached(partner_site, client):
    partner_site.add("/robots.txt", "User-agent: *\nDisallow: /prive/\n", content_type="text/plain")
    partner_site.add("/prive/fiche", PAGE)
    partner_site.add("/projets/fiche", PAGE)

    with pytest.raises(RobotsDisallowed) as excinfo:
        client.fetch(partner_site.url("/prive/fiche"))
    assert "robots.txt" in str(excinfo.value)
    client.fetch(partner_site.url("/projets/fiche"))
    client.fetch(partner_site.url("/projets/fiche"))

    assert partner_site.requests_for("/prive/fiche") == []
    assert len(partner_site.requests_for("/robots.txt")) == 1
    assert partner_site.requests_for("/robots.txt")[0].header("user-agent") == TEST_USER_AGENT
    assert client.is_allowed(partner_site.url("/projets/autre"))
    assert not client.is_allowed(partner_site.url("/prive/autre"))


def test_robots_group_for_our_agent_wins(partner_site, client):
    partner_site.add(
        "/robots.txt",
        "User-agent: *\nAllow: /\n\nUser-agent: CarrefourBot\nDisallow: /\n",
        content_type="text/plain",
    )
    partner_site.add("/", PAGE)
    with pytest.raises(RobotsDisallowed):
        client.fetch(partner_site.url("/"))


def test_robots_4xx_allows_all(partner_site, client):
    partner_site.add("/robots.txt", "interdit", status=403)
    partner_site.add("/", PAGE)
    assert client.fetch(partner_site.url("/")).status == 200


def test_robots_5xx_disallows_for_the_run(partner_site, client):
    partner_site.add("/robots.txt", "panne", status=503)
    partner_site.add("/", PAGE)
    with pytest.raises(RobotsDisallowed) as excinfo:
        client.fetch(partner_site.url("/"))
    assert "inaccessible" in str(excinfo.value)
    with pytest.raises(RobotsDisallowed):
        client.fetch(partner_site.url("/"))
    assert partner_site.requests_for("/") == []
    assert len(partner_site.requests_for("/robots.txt")) == 1


def test_robots_sitemaps_are_exposed(partner_site, client):
    partner_site.add(
        "/robots.txt",
        f"Sitemap: {partner_site.url('/sitemap-projets.xml')}\nUser-agent: *\nDisallow:\n",
        content_type="text/plain",
    )
    assert client.sitemaps_from_robots(partner_site.url("/")) == [
        partner_site.url("/sitemap-projets.xml")
    ]


def test_crawl_delay_is_respected(partner_site, make_client):
    partner_site.add(
        "/robots.txt", "User-agent: *\nCrawl-delay: 0.3\nDisallow: /prive/\n",
        content_type="text/plain",
    )  # fmt: skip
    for i in range(3):
        partner_site.add(f"/p{i}", PAGE)
    client = make_client(min_delay=0.05)
    assert client.host_delay(partner_site.url("/")) == pytest.approx(0.3)
    for i in range(3):
        client.fetch(partner_site.url(f"/p{i}"))
    page_times = [r.time for r in partner_site.requests if r.path.startswith("/p")]
    assert len(page_times) == 3
    assert min(gaps(page_times)) >= 0.28


def test_parse_crawl_delay_groups():
    text = "User-agent: *\nCrawl-delay: 2\n\nUser-agent: carrefourbot\nCrawl-delay: 0.5\n"
    assert parse_crawl_delay(text, "CarrefourBot") == 0.5
    assert parse_crawl_delay(text, "OtherBot") == 2.0
    assert parse_crawl_delay("User-agent: *\nDisallow: /\n", "CarrefourBot") is None


# ---------------------------------------------------------------------------- politeness


def test_min_delay_per_host(partner_site, make_client):
    for i in range(4):
        partner_site.add(f"/p{i}", PAGE)
    client = make_client(min_delay=0.2)
    for i in range(4):
        client.fetch(partner_site.url(f"/p{i}"))
    times = [r.time for r in partner_site.requests]  # robots.txt counts as a hit too
    assert len(times) == 5
    assert min(gaps(times)) >= 0.19


def test_hosts_are_worked_concurrently_but_each_host_is_spaced(make_partner_site, make_client):
    sites = [make_partner_site(), make_partner_site()]
    for site in sites:
        for i in range(3):
            site.add(f"/p{i}", PAGE)
    client = make_client(min_delay=0.2)
    urls = [site.url(f"/p{i}") for i in range(3) for site in sites]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(client.fetch, urls))

    assert all(r.status == 200 for r in results)
    for site in sites:
        times = sorted(r.time for r in site.requests)
        assert len(times) == 4  # robots.txt + 3 pages
        # arrival times on the server jitter by a few ms on a loaded machine: the spacing is
        # 0.2 s, requests not spaced at all would arrive within a few ms of each other
        assert min(gaps(times)) >= 0.15
    # Worked concurrently: some request to one host falls between two to the other, closer
    # than the spacing (hosts serialised together would space every request of both).
    merged = sorted(r.time for site in sites for r in site.requests)
    assert min(gaps(merged)) < 0.15


def test_host_throttle_does_not_block_other_hosts():
    throttle = HostThrottle()
    throttle.wait("a", 0.0)
    done = threading.Event()

    def slow_host() -> None:
        throttle.wait("a", 0.5)  # sleeps ~0.5 s holding only host a's lock
        done.set()

    thread = threading.Thread(target=slow_host)
    thread.start()
    time.sleep(0.05)
    throttle.wait("b", 0.5)
    assert not done.is_set()  # b went through while a still slept
    thread.join()


# ---------------------------------------------------------------------------- conditional GET


def test_conditional_get(partner_site, client):
    etag, modified = '"v1"', "Wed, 01 May 2024 10:00:00 GMT"
    partner_site.routes["/fiche"] = conditional(PAGE, etag, modified)

    first = client.fetch(partner_site.url("/fiche"))
    assert (first.etag, first.last_modified, first.not_modified) == (etag, modified, False)

    again = client.fetch(partner_site.url("/fiche"), etag=first.etag)
    assert again.not_modified is True
    assert again.status == 304
    assert again.content == b""
    assert partner_site.requests_for("/fiche")[1].header("if-none-match") == etag

    by_date = client.fetch(partner_site.url("/fiche"), last_modified=first.last_modified)
    assert by_date.not_modified is True
    assert partner_site.requests_for("/fiche")[2].header("if-modified-since") == modified
    assert partner_site.requests_for("/fiche")[0].header("if-none-match") is None


# ---------------------------------------------------------------------------- limits


def test_trickling_server_is_cut_by_total_deadline(partner_site, make_client):
    partner_site.routes["/lent"] = trickle(interval=0.05, duration=10, stop=partner_site.stopping)
    client = make_client(total_timeout=0.6, read_timeout=5)
    with pytest.raises(FetchTimeout) as excinfo:  # without the deadline: 200 after 10 s
        client.fetch(partner_site.url("/lent"))
    assert excinfo.value.code == "timeout"
    assert "trop de temps" in str(excinfo.value)


def test_read_timeout(partner_site, make_client):
    partner_site.routes["/muet"] = slow(2.0)
    client = make_client(read_timeout=0.2)
    with pytest.raises(FetchTimeout):  # without the read timeout: 200 after 2 s
        client.fetch(partner_site.url("/muet"))


def test_declared_content_length_over_limit_is_refused(partner_site, make_client):
    partner_site.routes["/enorme"] = huge(6 * 1024 * 1024, declare_length=True)
    with pytest.raises(TooLarge) as excinfo:
        make_client().fetch(partner_site.url("/enorme"))
    assert "annoncée" in str(excinfo.value)


def test_streamed_body_over_limit_is_aborted(partner_site, make_client):
    partner_site.routes["/enorme"] = huge(20 * 1024 * 1024, declare_length=False)
    client = make_client(max_bytes=256 * 1024)
    with pytest.raises(TooLarge) as excinfo:
        client.fetch(partner_site.url("/enorme"))
    assert "taille maximale" in str(excinfo.value)


def test_gzip_bomb_is_bounded(partner_site, make_client):
    bomb = gzip_bomb(200 * 1024 * 1024)
    partner_site.routes["/bombe"] = bomb
    assert bomb.payload_size < 1024 * 1024  # small on the wire
    client = make_client(max_bytes=1024 * 1024)
    with pytest.raises(TooLarge) as excinfo:
        client.fetch(partner_site.url("/bombe"))
    assert "décompressée" in str(excinfo.value)


def test_gzip_and_deflate_are_decoded(partner_site, client):
    partner_site.routes["/gz"] = gzipped(PAGE)
    result = client.fetch(partner_site.url("/gz"))
    assert result.text == PAGE
    assert result.content_hash == hashlib.sha256(PAGE.encode()).hexdigest()
    import zlib

    assert bounded_decompress(zlib.compress(b"abc"), "deflate", 10) == b"abc"
    raw = zlib.compressobj(wbits=-15)
    assert bounded_decompress(raw.compress(b"abc") + raw.flush(), "deflate", 10) == b"abc"
    with pytest.raises(FetchError):
        bounded_decompress(b"abc", "br", 10)


def test_content_type_allow_list(partner_site, client):
    partner_site.add("/logo.png", b"\x89PNG....", content_type="image/png")
    partner_site.add("/flux", "<rss/>", content_type="application/rss+xml; charset=utf-8")
    with pytest.raises(BadContentType) as excinfo:
        client.fetch(partner_site.url("/logo.png"))
    assert "image/png" in str(excinfo.value)
    assert client.fetch(partner_site.url("/logo.png"), accept=None).content == b"\x89PNG...."
    assert client.fetch(partner_site.url("/flux"), accept=("feed",)).text == "<rss/>"
    with pytest.raises(BadContentType):
        client.fetch(partner_site.url("/flux"), accept=("html",))


# ---------------------------------------------------------------------------- charsets


def test_windows_1252_page_without_charset_header(partner_site, client):
    text = "<html><body><p>Un café à Besançon – « déjà » 12 000 €</p></body></html>"
    partner_site.add("/legacy", text.encode("cp1252"), content_type="text/html")
    result = client.fetch(partner_site.url("/legacy"))
    assert result.text == text
    assert result.encoding == "cp1252"


def test_meta_charset_then_header_charset(partner_site, client):
    body = "<html><head><meta charset='iso-8859-1'></head><body>été</body></html>"
    partner_site.add("/meta", body.encode("latin-1"), content_type="text/html")
    assert "été" in client.fetch(partner_site.url("/meta")).text
    partner_site.add(
        "/header",
        "<meta charset='iso-8859-1'>été".encode(),
        content_type="text/html; charset=utf-8",
    )
    assert client.fetch(partner_site.url("/header")).text.endswith("été")


def test_bad_bytes_never_crash():
    text, encoding = decode_body(b"caf\xc3\xa9 \xff\xfe\x81 fin", "text/html; charset=utf-8")
    assert text.startswith("café") and text.endswith("fin") and "\ufffd" in text
    text, _ = decode_body(b"abc", "text/html; charset=n'importe-quoi")
    assert text == "abc"


# ---------------------------------------------------------------------------- redirects, errors


def test_redirects_are_followed_and_recorded(partner_site, client):
    partner_site.routes["/ancien"] = redirect("/intermediaire", 301)
    partner_site.routes["/intermediaire"] = redirect(partner_site.url("/nouveau"), 308)
    partner_site.add("/nouveau", PAGE)
    result = client.fetch(partner_site.url("/ancien"))
    assert result.final_url == partner_site.url("/nouveau")
    assert result.url == partner_site.url("/ancien")
    assert result.redirects == [partner_site.url("/ancien"), partner_site.url("/intermediaire")]


def test_redirect_loop_and_limit(partner_site, make_client):
    partner_site.routes.update(redirect_loop("/a", "/b", "/c"))
    for i in range(10):
        partner_site.routes[f"/r{i}"] = redirect(f"/r{i + 1}")
    partner_site.add("/r10", PAGE)
    client = make_client(max_redirects=5)
    with pytest.raises(TooManyRedirects, match="Boucle"):
        client.fetch(partner_site.url("/a"))
    assert [p for p in partner_site.paths() if p != "/robots.txt"] == ["/a", "/b", "/c"]
    with pytest.raises(TooManyRedirects) as excinfo:
        client.fetch(partner_site.url("/r0"))
    assert "5" in str(excinfo.value)
    assert len(partner_site.requests_for("/r6")) == 0
    assert make_client(max_redirects=10).fetch(partner_site.url("/r0")).status == 200


@pytest.mark.parametrize("status,words", [(404, "n'existe plus"), (503, "en erreur"),
                                          (403, "refuse")])  # fmt: skip
def test_http_errors_are_typed_and_french(partner_site, client, status, words):
    partner_site.add("/x", "erreur", status=status)
    with pytest.raises(HttpError) as excinfo:
        client.fetch(partner_site.url("/x"))
    assert excinfo.value.status == status
    assert excinfo.value.code == "http"
    assert words in str(excinfo.value)


def test_connection_refused_is_a_fetch_error(make_client):
    site = PartnerSite().start()
    url = site.url("/")
    site.stop()
    with pytest.raises(FetchError) as excinfo:
        make_client(obey_robots=False).fetch(url)
    assert excinfo.value.code == "connection"


def test_https_path_verifies_tls(partner_site, make_client):
    # the loopback site speaks plain HTTP: the TLS handshake must fail cleanly
    with pytest.raises(FetchError) as excinfo:
        make_client(obey_robots=False).fetch(f"https://127.0.0.1:{partner_site.port}/")
    assert excinfo.value.code == "connection"
