"""Every public page, as a phone and as any client sees it (issue 16, items 4 and 9).

At 390 × 844 (a common phone): the header menu folds, the first search result is above the
fold (filters in a drawer), the project page's side column never overlaps its text, chart text
is at least 12 px. On the main public pages: the Nu HTML Checker finds no error, the console
stays empty (favicon and manifest answer) and axe-core finds nothing serious.
"""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from members.tests.factories import OrganisationFactory
from projects.models import Commune, Theme
from projects.tests.factories import ProjectFactory, ProjectSourceFactory
from tests.page_checks import axe_serious, html_errors, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PHONE = {"width": 390, "height": 844}
LONG = (
    "Chaque semaine, des habitants du quartier cuisinent ensemble les invendus du marché, "
    "partagent un repas à prix libre et apprennent à conserver les fruits et légumes de saison. "
)


@pytest.fixture
def projects(seeded_site):
    ali, env = Theme.objects.get(code="ALI"), Theme.objects.get(code="ENV")
    org = OrganisationFactory(name="Réseau des épiceries")
    rennes, paris = Commune.objects.get(pk="35238"), Commune.objects.get(pk="75056")
    first = ProjectFactory(
        title="Épicerie solidaire de Rennes",
        commune=rennes,
        themes=[ali, env],
        start_year=2005,
        summary=LONG * 2,
        description="<h2>Le projet</h2><p>" + LONG * 4 + "</p><ul><li>Ateliers</li></ul>",
    )
    ProjectSourceFactory(project=first, organisation=org, url="https://reseau.example.org/p/1")
    for i, commune in enumerate([paris, rennes, paris]):
        ProjectFactory(
            title=f"Épicerie sociale numéro {i}",
            commune=commune,
            themes=[ali],
            start_year=2020 + i,
        )
    return first


def _tiles(page):
    page.route(
        re.compile(r"https://[^/]*tile\.openstreetmap\.org/.*"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=PNG),
    )


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(locale="fr-FR", viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15000)
    _tiles(page)
    yield page
    context.close()


def _box(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} is not displayed"
    return box


def _overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_phone_catalogue_first_result_above_the_fold_and_menu_folds(phone, live_server, projects):
    page = phone
    page.goto(live_server.url + "/projets-recherche/?q=epicerie")
    expect(page.locator(".result-count")).to_have_text("4 projets")
    header = _box(page, ".site-header")
    assert header["height"] < 100, header  # 268 px before the menu folded
    menu = page.locator("#site-menu")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu.get_by_role("link", name="Les partenaires")).to_be_visible()
    page.get_by_role("button", name="Menu").click()
    expect(menu).to_be_hidden()

    first = _box(page, ".cards .card")
    assert first["y"] < PHONE["height"], first
    assert first["width"] > 300, first  # one card across, not squeezed
    # the filters wait in their drawer, one tap away
    drawer = page.locator("[data-filters-drawer]")
    expect(drawer).not_to_have_attribute("open", "")
    page.locator(".filters-summary").click()
    page.locator('[data-facet="region"] a', has_text="Bretagne").click()
    expect(page.locator(".result-count")).to_have_text("2 projets")
    expect(page.locator("[data-filters-drawer]")).to_have_attribute("open", "")


def test_phone_project_page_side_column_never_overlaps_the_text(phone, live_server, projects):
    page = phone
    page.goto(live_server.url + projects.get_absolute_url())
    expect(page.locator("#project-map.leaflet-container")).to_be_visible()
    text, aside = _box(page, ".project-layout > .prose"), _box(page, ".project-aside")
    assert not _overlap(text, aside), (text, aside)
    assert text["width"] > 300, text  # not one word per line
    assert aside["y"] >= text["y"] + text["height"], (text, aside)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_phone_chart_text_is_at_least_12_px(phone, live_server, projects):
    page = phone
    for path in ("/projets/tendances/", "/projets/territoires/region/bretagne/"):
        page.goto(live_server.url + path)
        expect(page.locator("svg.chart").first).to_be_visible()
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('svg.chart text')].map(t => {
                const svg = t.ownerSVGElement;
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return parseFloat(getComputedStyle(t).fontSize) * scale;
            })"""
        )
        assert sizes and min(sizes) >= 12, (path, min(sizes))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path


def _public_paths(project) -> list[str]:
    return [
        "/",
        "/partenaires/",
        "/a-propos/",
        "/sources-et-mentions/",
        "/projets-recherche/",
        "/projets-recherche/?q=epicerie&theme=ALI",
        project.get_absolute_url(),
        "/projets/carte/",
        "/projets/tendances/",
        "/projets/territoires/region/bretagne/",
        "/comptes/login/",
        "/comptes/signup/",
    ]


def test_public_pages_are_valid_html_clean_in_the_console_and_accessible(
    page, live_server, projects
):
    _tiles(page)
    errors = watch_console(page)
    documents, violations = {}, {}
    for path in _public_paths(projects):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        documents[path] = response.text()
        page.wait_for_load_state("networkidle")
        found = axe_serious(page)
        if found:
            violations[path] = found
    assert errors == []
    assert violations == {}
    problems = html_errors(documents)
    assert problems == [], "\n".join(problems)
    assert page.request.get(live_server.url + "/favicon.ico").headers["content-type"] == (
        "image/x-icon"
    )
    manifest = page.request.get(live_server.url + "/manifest.webmanifest").json()
    assert manifest["name"] == "Carrefour des innovations sociales"
    for icon in manifest["icons"]:
        assert page.request.get(live_server.url + icon["src"]).ok, icon


def test_the_checker_finds_the_errors_it_is_meant_to_find():
    """The HTML check can fail: an empty form action is an error for the Nu checker."""
    errors = html_errors(
        {
            "bad": '<!DOCTYPE html><html lang="fr"><head><title>x</title></head>'
            '<body><form action=""></form></body></html>'
        }
    )
    assert len(errors) == 1 and "action" in errors[0]
