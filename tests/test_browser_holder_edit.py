"""A holder formats the description in the browser and the structure survives (issue 16, 7)."""

import pytest
from playwright.sync_api import expect

from members.tests.fixtures import make_member
from projects.holders.claims import project_claim
from projects.tests.factories import ProjectFactory
from tests.page_checks import axe_serious, html_errors, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_holder_writes_a_heading_and_a_list_with_the_toolbar(page, live_server, seeded_site):
    project = ProjectFactory(
        title="Garage solidaire", website="https://garage.example.org", description="<p>Avant.</p>"
    )
    holder = make_member("marie", "marie@garage.example.org")
    project_claim(project, holder)
    errors = watch_console(page)
    page.goto(live_server.url + "/comptes/login/")
    page.locator("#id_login").fill("marie@garage.example.org")
    page.locator("#id_password").fill("motdepasse-solide-42")
    page.locator("form button[type=submit]").first.click()
    page.goto(live_server.url + project.get_absolute_url())
    page.get_by_role("link", name="Modifier la fiche (porteurs)").click()

    response = page.request.get(page.url)
    assert html_errors({"holder edit": response.text()}) == []
    assert axe_serious(page) == []
    editor = page.get_by_role("textbox", name="Description")
    expect(editor).to_contain_text("Avant.")
    expect(page.locator("textarea#id_description")).to_be_hidden()
    editor.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Nos ateliers")
    page.get_by_role("button", name="Titre", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Liste à puces").click()
    page.keyboard.type("Réparer")
    page.keyboard.press("Enter")
    page.keyboard.type("Prêter")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator("h1")).to_have_text("Garage solidaire")
    expect(page.locator(".prose h2", has_text="Nos ateliers")).to_be_visible()
    expect(page.locator(".prose > ul > li")).to_have_text(["Réparer", "Prêter"])
    project.refresh_from_db()
    assert "<h2>Nos ateliers</h2>" in project.description
    assert "<li>Réparer</li><li>Prêter</li>" in project.description
    assert errors == []
