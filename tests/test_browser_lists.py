"""In Chromium as a member: star a project from a catalogue card, save the search, add the
project to a new list with a note from its page, edit the note, share the list, read it as an
anonymous visitor (no owner's address), revoke the link."""

import re

import pytest
from playwright.sync_api import expect

from members.tests.fixtures import make_member
from projects.catalogue.presenters import catalogue_url
from projects.models import ProjectList, SavedSearch
from projects.tests.factories import ProjectFactory
from tests.test_browser_catalogue import audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_stars_lists_notes_and_shares(page, chromium, live_server, seeded_site):
    project = ProjectFactory(title="Épicerie solidaire de Rennes")
    ProjectFactory(title="Garage solidaire de Paris")
    make_member("financeuse", "claire@fondation.example")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(live_server.url + "/comptes/login/")
    page.locator("input[name=login]").fill("financeuse")
    page.locator("input[name=password]").fill("motdepasse-solide-42")
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_role("link", name="Se déconnecter")).to_be_visible()

    # Star from a card of the catalogue (the script flips the button in place).
    page.goto(live_server.url + catalogue_url() + "?q=epicerie")
    star = page.get_by_role("button", name=re.compile("Ajouter aux favoris : Épicerie solidaire"))
    star.click()
    expect(
        page.get_by_role("button", name=re.compile("Retirer des favoris : Épicerie solidaire"))
    ).to_have_attribute("aria-pressed", "true")
    favourites = ProjectList.objects.get(owner__username="financeuse", is_favourites=True)
    assert list(favourites.entries.values_list("project_id", flat=True)) == [project.pk]

    # Save the search, with a daily alert.
    page.get_by_text("Enregistrer cette recherche et recevoir une alerte").click()
    page.get_by_label("Nom de la recherche").fill("Épiceries solidaires")
    page.get_by_label("Alerte par e-mail").select_option("daily")
    page.get_by_role("button", name="Enregistrer la recherche").click()
    expect(page.locator("[data-saved-searches]")).to_contain_text("Épiceries solidaires")
    saved = SavedSearch.objects.get(owner__username="financeuse")
    assert (saved.querystring, saved.frequency) == ("q=epicerie", "daily")

    # From the project page: a new named list, with a note.
    page.goto(live_server.url + project.get_absolute_url())
    page.get_by_text("Ajouter à une liste, avec une note").click()
    page.get_by_label("ou à une nouvelle liste").fill("Bretagne alimentation")
    page.get_by_label("Note (facultative)").fill("À rencontrer en janvier")
    page.get_by_role("button", name="Ajouter à la liste").click()
    expect(page.locator("[data-lists-in]")).to_contain_text("Bretagne alimentation")

    # The list in the member's space: edit the note, share it.
    page.get_by_role("link", name="Bretagne alimentation").click()
    note = page.get_by_label("Votre note")
    expect(note).to_have_value("À rencontrer en janvier")
    note.fill("Dossier complet, à soutenir")
    page.get_by_role("button", name="Enregistrer la note").click()
    expect(page.get_by_label("Votre note")).to_have_value("Dossier complet, à soutenir")
    page.get_by_role("button", name="Créer un lien de partage").click()
    share_url = page.locator("[data-share-url]").input_value()
    assert share_url.startswith(live_server.url + "/listes/partagee/")
    audit(page)

    # Anyone with the link reads the list, never the owner's address; revoked, it is gone.
    visitor = chromium.new_context(locale="fr-FR")
    anonymous = visitor.new_page()
    anonymous.goto(share_url)
    expect(anonymous.locator("[data-shared-list]")).to_contain_text("Épicerie solidaire de Rennes")
    expect(anonymous.locator("[data-shared-list]")).to_contain_text("Dossier complet, à soutenir")
    assert "claire@fondation.example" not in anonymous.content()
    assert "financeuse" not in anonymous.content()
    audit(anonymous)
    page.get_by_role("button", name="Révoquer le lien").click()
    expect(page.get_by_role("button", name="Créer un lien de partage")).to_be_visible()
    response = anonymous.goto(share_url)
    assert response.status == 404
    visitor.close()
    assert not errors, errors
