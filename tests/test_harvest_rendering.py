"""Issue 12.5: listings built by JavaScript, rendered in headless Chromium under the safe
client's guard. Loopback partner sites only: every request the browser makes is fetched by the
SafeClient (SSRF guard, robots.txt, politeness, byte caps), the rest is refused and logged."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from community.environment import env
from harvesting.client import SafeClient
from harvesting.discovery import Discoverer
from harvesting.models import HarvestDryRun, HarvestRun, HarvestSource
from harvesting.renderer import ChromiumRenderer, renderer_unavailable
from harvesting.services import source_harvest
from harvesting.tests.factories import HarvestSourceFactory
from harvesting.tests.sites import PartnerSite
from harvesting.tests.test_harvest import PROJECTS, project_page
from members.tests.factories import OrganisationFactory
from projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

USER_AGENT = "CarrefourBot/0.1 (+https://carrefour.test/a-propos/)"

LISTING = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Nos projets</title>
</head><body><header><nav><a href="/">Accueil</a></nav></header>
<main><h1>Nos projets</h1><div id="cartes">Chargement…</div>
<button type="button" class="load-more" id="plus">Voir plus</button></main>
<script src="/static/app.js"></script><img src="/static/logo.png" alt=""></body></html>"""

#: Cards read from a JSON endpoint, four at a time; "Voir plus" reads the next four.
APP_JS = """
let offset = 0;
function load() {
  fetch('/api/projets.json?offset=' + offset).then(r => r.json()).then(d => {
    const box = document.getElementById('cartes');
    if (offset === 0) box.textContent = '';
    for (const item of d.items) {
      const a = document.createElement('a');
      a.href = item.url; a.textContent = item.title;
      box.appendChild(a);
    }
    offset += d.items.length;
    if (!d.more) document.getElementById('plus').remove();
  });
}
load();
document.getElementById('plus').addEventListener('click', load);
%s
"""


@pytest.fixture
def partner_site():
    with PartnerSite() as site:
        yield site


@pytest.fixture
def rendering(settings):
    """Rendering with the test suite's Chromium; skipped (or failed in CI) without it."""
    settings.HARVEST_CHROMIUM = env("CARREFOUR_CHROMIUM")
    problem = renderer_unavailable()
    if problem:
        if env("CARREFOUR_REQUIRE_BROWSER"):
            pytest.fail(problem)
        pytest.skip(problem)


def js_site(site: PartnerSite, paths: list[str], *, extra_js: str = "", robots: str = ""):
    site.add("/projets/", LISTING)
    site.add("/static/app.js", APP_JS % extra_js, content_type="application/javascript")
    site.add("/static/logo.png", b"\x89PNG", content_type="image/png")
    for offset in range(0, len(paths), 4):
        chunk = paths[offset : offset + 4]
        body = {
            "items": [{"url": p, "title": p.rsplit("/", 1)[-1]} for p in chunk],
            "more": offset + 4 < len(paths),
        }
        site.add(
            f"/api/projets.json?offset={offset}",
            json.dumps(body),
            content_type="application/json",
        )
    if robots:
        site.add("/robots.txt", robots, content_type="text/plain")


def make_client(**kwargs) -> SafeClient:
    kwargs.setdefault("allowed_networks", ["127.0.0.0/8"])
    return SafeClient(user_agent=USER_AGENT, min_delay=0.0, total_timeout=5.0, **kwargs)


def discovered(client, url, renderer=None):
    discoverer = Discoverer(client, renderer=renderer)
    return {item.url for item in discoverer.run(url, "listing")}, discoverer


SYNTHETIC = [f"/projets/projet-{n}" for n in range(1, 11)]


def test_a_js_built_listing_is_found_only_once_rendered(rendering, partner_site):
    js_site(partner_site, SYNTHETIC)
    client = make_client()
    static, _ = discovered(client, partner_site.url("/projets/"))
    assert static == set()

    with ChromiumRenderer(client) as renderer:
        found, discoverer = discovered(client, partner_site.url("/projets/"), renderer)
        stats = renderer.stats
    assert found == {partner_site.url(p) for p in SYNTHETIC}
    assert stats.clicks == 2, "four cards, then two clicks on « Voir plus »"
    assert not discoverer.warnings
    # every request the browser made went through the safe client: robots.txt first, the
    # user agent of the harvester; the image was not fetched at all
    paths = partner_site.paths()
    assert paths[0] == "/robots.txt" and "/static/logo.png" not in paths
    assert len(partner_site.requests_for("/api/projets.json")) == 3
    assert {r.header("user-agent") for r in partner_site.requests} == {USER_AGENT}


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(b'{"secret": true}')

    def log_message(self, *args):
        pass


@pytest.fixture
def internal_server():
    """A server on another loopback address (127.0.0.2) the client is not allowed to reach:
    it stands for the platform's own internal services."""
    _Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.2", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.2:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_script_reaching_a_private_or_internal_address_is_refused_and_logged(
    rendering, partner_site, internal_server
):
    probes = (
        "fetch('http://169.254.169.254/latest/meta-data/').catch(() => {});\n"
        f"fetch('{internal_server}/admin/').catch(() => {{}});\n"
        f"const s = document.createElement('script'); s.src = '{internal_server}/x.js';"
        " document.body.appendChild(s);\n"
        "try { new WebSocket('ws://127.0.0.2:9/'); } catch (e) {}\n"
    )
    js_site(partner_site, SYNTHETIC[:3], extra_js=probes)
    client = make_client(allowed_networks=["127.0.0.1/32"])  # only the partner's loopback
    with ChromiumRenderer(client) as renderer:
        found, discoverer = discovered(client, partner_site.url("/projets/"), renderer)
    assert found == {partner_site.url(p) for p in SYNTHETIC[:3]}
    assert _Recorder.hits == [], "the browser never reached the internal server"
    notes = "\n".join(discoverer.warnings)
    assert "169.254.169.254/latest/meta-data/" in notes
    assert f"{internal_server}/admin/" in notes and f"{internal_server}/x.js" in notes
    assert "réseau interne ou réservé" in notes


def test_an_endpoint_robots_txt_disallows_is_not_fetched_by_the_browser(rendering, partner_site):
    js_site(partner_site, SYNTHETIC[:4], robots="User-agent: *\nDisallow: /api/\n")
    client = make_client()
    with ChromiumRenderer(client) as renderer:
        found, discoverer = discovered(client, partner_site.url("/projets/"), renderer)
    assert found == set()
    assert partner_site.requests_for("/api/projets.json") == []
    assert any("robots.txt" in w and "/api/projets.json" in w for w in discoverer.warnings)


def test_the_browser_respects_the_per_host_delay(rendering, partner_site):
    js_site(partner_site, SYNTHETIC[:8])
    client = make_client()
    client.min_delay = 0.4
    with ChromiumRenderer(client) as renderer:
        discovered(client, partner_site.url("/projets/"), renderer)
    times = [r.time for r in partner_site.requests]
    assert len(times) >= 4
    # arrival times jitter on a loaded machine; the spacing itself is the client's
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.25
    assert times[-1] - times[0] >= 0.9 * 0.4 * (len(times) - 1)


def test_off_by_default_then_proposed_by_the_dry_run_and_accepted_in_one_click(
    rendering, admin_client, partner_site, reference_data, settings
):
    settings.HARVEST_DRY_RUN_SECONDS = 90
    for path, data in PROJECTS.items():
        partner_site.add(path, project_page(path, data))
    js_site(partner_site, list(PROJECTS))
    organisation = OrganisationFactory(name="Réseau JavaScript", website=partner_site.base_url)
    source = HarvestSourceFactory(
        organisation=organisation,
        name="Catalogue JS",
        url=partner_site.url("/projets/"),
        kind=HarvestSource.Kind.LISTING,
        min_delay=0,
    )
    assert source.renderer == HarvestSource.Renderer.NONE
    run = source_harvest(source.pk, client=make_client())
    assert run.discovered == 0 and Project.objects.count() == 0

    admin_client.post(f"/admin/moissonnage/{source.pk}/tester/")
    dry_run = HarvestDryRun.objects.get(source=source)
    proposal = dry_run.result["renderer_proposal"]
    assert proposal["extra"] == len(PROJECTS) and proposal["projects"] >= 1, dry_run.result
    page = admin_client.get(f"/admin/moissonnage/essai/{dry_run.pk}/")
    assert "Activer le rendu JavaScript" in page.text

    accepted = admin_client.post(f"/admin/moissonnage/{source.pk}/rendu/")
    assert accepted.status_code == 302
    source.refresh_from_db()
    assert source.renderer == HarvestSource.Renderer.CHROMIUM

    run = source_harvest(source.pk, client=make_client())
    assert run.state == HarvestRun.State.SUCCEEDED, (run.message, run.errors)
    assert run.created == len(PROJECTS)
    assert Project.objects.count() == len(PROJECTS)


SCROLL_JS = """
let page = 0;
function more() {
  page += 1;
  fetch('/api/suite.json?page=' + page).then(r => r.json()).then(d => {
    for (const url of d.items) {
      const card = document.createElement('div');
      card.style.height = '400px';
      const a = document.createElement('a'); a.href = url; a.textContent = url;
      card.appendChild(a); document.getElementById('cartes').appendChild(card);
    }
    if (!d.more) window.removeEventListener('scroll', onScroll);
  });
}
function onScroll() {
  if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 50) more();
}
window.addEventListener('scroll', onScroll);
more();
"""


def test_infinite_scroll_is_followed_a_bounded_number_of_times(rendering, partner_site):
    """Cards arrive as the page scrolls; the renderer scrolls at most ``max_scrolls`` times,
    whatever the site does (this one would scroll for ever)."""
    partner_site.add("/liste", '<main><div id="cartes"></div><script src="/s.js"></script></main>')
    partner_site.add("/s.js", SCROLL_JS, content_type="application/javascript")
    for number in range(1, 40):
        items = [f"/fiches/{number}-{k}" for k in range(3)]
        partner_site.add(
            f"/api/suite.json?page={number}",
            json.dumps({"items": items, "more": True}),
            content_type="application/json",
        )
    client = make_client()
    with ChromiumRenderer(client) as renderer:
        renderer.limits.max_scrolls = 4
        found, _ = discovered(client, partner_site.url("/liste"), renderer)
        scrolls = renderer.stats.scrolls
    assert scrolls == 4
    pages = {url.rsplit("/", 1)[-1].split("-")[0] for url in found}
    assert {"1", "2", "3"} <= pages and len(pages) <= 5, sorted(pages)


def test_a_redirected_listing_resolves_its_links_against_the_served_address(
    rendering, partner_site
):
    js_site(partner_site, ["projet-1", "projet-2"])  # relative links
    partner_site.add("/catalogue", "", status=301, headers={"Location": "/projets/"})
    client = make_client()
    with ChromiumRenderer(client) as renderer:
        found, _ = discovered(client, partner_site.url("/catalogue"), renderer)
    assert found == {partner_site.url("/projets/projet-1"), partner_site.url("/projets/projet-2")}
