"""End-to-end catalogue: search, facets without reload, type-ahead, map, project page, audit.

Map tiles are answered locally (no internet in tests). Every page is checked for console
errors and audited with axe-core (shipped by the ``axe-playwright-python`` package): no
serious or critical WCAG 2.1 A/AA violation.
"""

import base64
import re

import pytest
from playwright.sync_api import expect

from members.tests.factories import OrganisationFactory
from projects.models import Commune, Theme
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def watched(page):
    """The page, with tiles served locally and console errors collected."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(
        re.compile(r"https://[^/]*tile\.openstreetmap\.org/.*"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=PNG),
    )
    page.errors = errors
    return page


def audit(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    )
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["nodes"][0]["target"]) for v in serious]


@pytest.fixture
def catalogue(seeded_site):
    ali, env = Theme.objects.get(code="ALI"), Theme.objects.get(code="ENV")
    org = OrganisationFactory(name="Réseau navigateur")
    rennes, paris = Commune.objects.get(pk="35238"), Commune.objects.get(pk="75056")
    first = ProjectFactory(title="Épicerie solidaire de Rennes", commune=rennes, themes=[ali, env])
    ProjectSourceFactory(project=first, organisation=org, url="https://reseau.example.org/p/1")
    ProjectFactory(title="Épicerie sociale de Paris", commune=paris, themes=[ali, env])
    ProjectFactory(title="Garage solidaire de Paris", commune=paris)
    return first


def test_search_filters_without_reload_and_typeahead(watched, live_server, catalogue):
    page = watched
    page.goto(live_server.url + "/projets-recherche/")
    expect(page.locator(".result-count")).to_have_text("3 projets")
    audit(page)
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("Rechercher un projet").fill("epicerie")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator(".result-count")).to_have_text("2 projets")
    expect(page.locator(".card h3 mark").first).to_have_text(re.compile("Épicerie"))

    page.locator('[data-facet="region"] a', has_text="Bretagne").click()
    expect(page.locator(".result-count")).to_have_text("1 projet")
    expect(page).to_have_url(re.compile(r"q=epicerie.*region=53"))
    assert page.evaluate("window.__sameDocument") is True  # no full reload
    expect(page.locator(".chip")).to_contain_text("Bretagne")

    page.go_back()
    expect(page.locator(".result-count")).to_have_text("2 projets")

    box = page.get_by_label("Rechercher un projet")
    box.fill("")
    box.press_sequentially("gara", delay=30)
    expect(page.locator("#q-suggestions li").first).to_have_text("Garage solidaire de Paris")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.locator("h1")).to_have_text("Garage solidaire de Paris")
    assert page.errors == []


def test_catalogue_works_without_javascript(chromium, live_server, catalogue):
    context = chromium.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/projets-recherche/?q=epicirie")
    # no project has the typed word: the page shows the corrected search's results, and says so
    expect(page.locator(".search-notice")).to_contain_text("« épicerie »")
    expect(page.locator(".result-count")).to_have_text("2 projets")
    page.locator('[data-facet="department"] summary').click()
    page.locator('[data-facet="department"] a', has_text="Paris").click()
    expect(page.locator(".result-count")).to_have_text("1 projet")
    context.close()


def test_map_shows_server_clusters_and_popups(watched, live_server, catalogue):
    page = watched
    page.goto(live_server.url + "/projets/carte/")
    expect(page.locator("#map-count")).to_have_text("3 projets")
    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator(".cluster, path.leaflet-interactive").first).to_be_visible()
    audit(page)
    page.goto(live_server.url + "/projets/carte/?q=garage")
    expect(page.locator("#map-count")).to_have_text("1 projets")
    page.locator("path.leaflet-interactive").first.click(force=True)
    expect(page.locator(".leaflet-popup-content a")).to_have_text("Garage solidaire de Paris")
    assert page.errors == []


def test_project_page_sources_map_and_similar(watched, live_server, catalogue):
    page = watched
    page.goto(live_server.url + catalogue.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Épicerie solidaire de Rennes")
    expect(
        page.get_by_role("link", name=re.compile("Lire la fiche sur le site de Réseau navigateur"))
    ).to_have_attribute("href", "https://reseau.example.org/p/1")
    expect(page.locator("#project-map.leaflet-container")).to_be_visible()
    expect(page.locator(".similar")).to_contain_text("Épicerie sociale de Paris")
    audit(page)
    for path in ("/projets/territoires/region/bretagne/", "/projets/tendances/"):
        page.goto(live_server.url + path)
        expect(page.locator("svg.chart").first).to_be_visible()
        audit(page)
    assert page.errors == []


def test_visitor_switches_to_english_and_back(watched, live_server, catalogue):
    page = watched
    page.goto(live_server.url + "/projets-recherche/?q=epicerie")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="English").click()
    # back on the same search, the interface in English, the projects as written
    expect(page).to_have_url(re.compile(r"/projets-recherche/\?q=epicerie$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    expect(page.locator("main")).to_contain_text("Épicerie solidaire de Rennes")
    audit(page)
    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_attached()
    assert page.errors == []
