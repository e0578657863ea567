"""End-to-end: a visitor and an admin in a real Chromium against the live site."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Organisation
from projects.models import Commune, Project
from projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_sees_figures_partners_and_finds_a_project(page, live_server, seeded_site):
    ProjectFactory(
        title="Université populaire de l'éducation au numérique",
        commune=Commune.objects.get(pk="35238"),
    )
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Carrefour des innovations sociales")
    expect(page.locator('[data-stat="projects"]')).to_have_text("1")
    expect(page.locator('[data-stat="partners"]')).to_have_text(
        str(Organisation.objects.public().count())
    )

    page.get_by_role("link", name="Les partenaires").click()
    expect(page.locator(".partner")).to_have_count(Organisation.objects.public().count())
    expect(page.locator('[data-slug="avise"]')).to_contain_text("Avise")

    page.get_by_role("link", name="Les projets").click()
    page.get_by_label("Rechercher un projet").fill("education numerique")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator(".result-count")).to_have_text("1 projet")
    page.get_by_role("link", name=re.compile("Université populaire")).click()
    expect(page.locator("h1")).to_have_text("Université populaire de l'éducation au numérique")
    expect(page.locator(".facts")).to_contain_text("Rennes")


def test_admin_logs_in_with_printed_credentials_and_publishes_a_project(
    page, live_server, seeded_site
):
    # The admin's login is allauth's (one rate-limited login for every path).
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_login").fill(seeded_site.admin_username)
    page.locator("#id_password").fill(seeded_site.admin_password)
    page.locator("form[action*='login'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(live_server.url + "/admin/snippets/projects/project/add/")
    page.locator("#id_title").fill("Maison de l'éducation populaire")
    page.locator("#id_summary").fill("Des ateliers pour apprendre ensemble, à tout âge.")
    page.locator("#id_holder_name").fill("Association Savoirs Partagés")
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator('button[name="action-publish"]').click()
    expect(page.locator(".messages")).to_contain_text("Maison de l'éducation populaire")

    project = Project.objects.get(title="Maison de l'éducation populaire")
    assert project.live and project.revisions.count() == 1
    page.goto(live_server.url + "/projets-recherche/?q=education+populaire")
    expect(page.locator(".card h3")).to_have_text(["Maison de l'éducation populaire"])
