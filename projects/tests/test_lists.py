"""Members' lists: the star, named lists with notes, CSV export, read-only share links that
can be revoked, other members' lists hidden (404), and lists that survive merges."""

import csv
import io

import pytest
from django.urls import reverse

from members.tests.fixtures import make_member
from projects.catalogue.records import CSV_FIELDS
from projects.curation.services import projects_merge
from projects.lists import services
from projects.models import ProjectList, ProjectListEntry
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return make_member("alice", "alice@exemple.org")


@pytest.fixture
def bob(db):
    return make_member("bob", "bob@exemple.org")


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_star_from_a_card_toggles_the_favourites_once(client, alice):
    project = ProjectFactory(title="Épicerie solidaire du Blosne")
    client.force_login(alice)
    url = reverse("lists:star", args=[project.pk])
    response = client.post(url, {"next": "/catalogue/?q=epicerie"})
    assert response.status_code == 302 and response["Location"] == "/catalogue/?q=epicerie"
    favourites = ProjectList.objects.get(owner=alice, is_favourites=True)
    assert list(favourites.entries.values_list("project_id", flat=True)) == [project.pk]
    # progressive enhancement: the script asks for JSON; a second star removes it
    response = client.post(url, HTTP_X_REQUESTED_WITH="fetch")
    assert response.json() == {"starred": False}
    assert not favourites.entries.exists()
    assert client.post(url, HTTP_X_REQUESTED_WITH="fetch").json() == {"starred": True}
    assert ProjectList.objects.filter(owner=alice).count() == 1


def test_star_needs_a_signed_in_member_and_a_post(client, alice):
    project = ProjectFactory()
    url = reverse("lists:star", args=[project.pk])
    response = client.post(url)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    client.force_login(alice)
    assert client.get(url).status_code == 405
    assert not ProjectListEntry.objects.exists()


def test_open_redirect_refused(client, alice):
    project = ProjectFactory()
    client.force_login(alice)
    response = client.post(
        reverse("lists:star", args=[project.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == project.get_absolute_url()


def test_card_and_project_page_show_the_star_state(client, alice):
    project = ProjectFactory(title="Recyclerie du Val")
    client.force_login(alice)
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'aria-pressed="false"' in page and "Ajouter aux favoris" in page
    services.project_star_toggle(alice, project)
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page and "Retirer des favoris" in page


def test_anonymous_project_page_has_no_star_form(client):
    project = ProjectFactory()
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("lists:star", args=[project.pk]) not in page
    assert "Connectez-vous" in page


def test_named_list_with_a_note_and_csv_export_with_catalogue_columns(client, alice):
    kept = ProjectFactory(title="Jardin des Lilas")
    draft = ProjectFactory(title="Brouillon caché", live=False)
    client.force_login(alice)
    response = client.post(
        reverse("lists:add", args=[kept.pk]),
        {"new_list": "Appel à projets 2027", "note": "À rencontrer en janvier"},
    )
    assert response.status_code == 302
    project_list = ProjectList.objects.get(owner=alice, name="Appel à projets 2027")
    services.list_entry_add(project_list, draft)
    # adding it again to the same list keeps one entry
    client.post(reverse("lists:add", args=[kept.pk]), {"project_list": project_list.pk})
    assert project_list.entries.filter(project=kept).count() == 1
    assert project_list.entries.get(project=kept).note == "À rencontrer en janvier"
    entry = project_list.entries.get(project=kept)
    client.post(
        reverse("lists:entry", args=[project_list.pk, entry.pk]),
        {f"e{entry.pk}-note": "Dossier reçu", "action": "note"},
    )
    entry.refresh_from_db()
    assert entry.note == "Dossier reçu"
    rows = _csv(client.get(reverse("lists:export", args=[project_list.pk])))
    assert [r["title"] for r in rows] == ["Jardin des Lilas"], "drafts are not exported"
    assert tuple(rows[0].keys()) == (*CSV_FIELDS, "note")
    assert rows[0]["note"] == "Dossier reçu"
    assert rows[0]["url"].endswith(kept.get_absolute_url())


def test_list_name_clash_is_explained(client, alice):
    project = ProjectFactory()
    services.project_list_create(alice, "Bretagne alimentation")
    with pytest.raises(services.ListError, match="déjà une liste"):
        services.project_list_create(alice, "  Bretagne   alimentation ")
    client.force_login(alice)
    response = client.post(reverse("lists:add", args=[project.pk]), {})
    assert response.status_code == 302
    assert not ProjectListEntry.objects.exists()


def test_share_link_is_read_only_hides_the_owner_and_can_be_revoked(client, alice):
    project = ProjectFactory(title="Café associatif")
    project_list = services.project_list_create(alice, "Bretagne alimentation")
    services.list_entry_add(project_list, project, "Très belle dynamique")
    client.force_login(alice)
    client.post(reverse("lists:share", args=[project_list.pk]), {"action": "share"})
    project_list.refresh_from_db()
    assert project_list.share_slug and len(project_list.share_slug) >= 32
    shared_url = reverse("lists:shared", args=[project_list.share_slug])
    client.logout()
    page = client.get(shared_url).content.decode()
    assert "Café associatif" in page and "Très belle dynamique" in page
    assert "alice" not in page.lower(), "neither the owner's e-mail nor name"
    assert "<textarea" not in page and "Révoquer" not in page, "read-only"
    rows = _csv(client.get(shared_url + "?format=csv"))
    assert [r["title"] for r in rows] == ["Café associatif"]
    client.force_login(alice)
    client.post(reverse("lists:share", args=[project_list.pk]), {"action": "revoke"})
    client.logout()
    assert client.get(shared_url).status_code == 404
    # sharing again gives a new link; the old one stays dead
    services.project_list_share(project_list)
    assert client.get(shared_url).status_code == 404


def test_another_members_list_is_404(client, alice, bob):
    project = ProjectFactory()
    project_list = services.project_list_create(alice, "Privée")
    entry = services.list_entry_add(project_list, project, "secret")
    client.force_login(bob)
    for name, args in (
        ("lists:list", [project_list.pk]),
        ("lists:export", [project_list.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404
    for name, args, data in (
        ("lists:share", [project_list.pk], {"action": "share"}),
        ("lists:delete", [project_list.pk], {}),
        ("lists:entry", [project_list.pk, entry.pk], {"action": "remove"}),
        ("lists:add", [project.pk], {"project_list": project_list.pk}),
    ):
        assert client.post(reverse(name, args=args), data).status_code in (404, 302)
    project_list.refresh_from_db()
    assert project_list.share_slug is None
    assert list(project_list.entries.values_list("note", flat=True)) == ["secret"]
    assert not ProjectList.objects.filter(owner=bob).exclude(is_favourites=True).exists()
    assert not ProjectListEntry.objects.filter(project_list__owner=bob).exists()


def test_merge_moves_list_entries_to_the_survivor_once(alice, bob):
    survivor = ProjectFactory(title="Ressourcerie de Redon")
    merged = ProjectFactory(title="La ressourcerie (Redon)")
    both = services.project_list_create(alice, "Économie circulaire")
    services.list_entry_add(both, survivor, "Vue au salon")
    services.list_entry_add(both, merged, "Contact : Mme Le Goff")
    services.project_star_toggle(bob, merged)
    projects_merge(survivor, merged)
    assert list(both.entries.values_list("project_id", flat=True)) == [survivor.pk]
    note = both.entries.get().note
    assert "Vue au salon" in note and "Mme Le Goff" in note
    assert services.starred_project_ids(bob) == {survivor.pk}, "a starred project stays starred"


def test_entries_survive_reharvests_and_a_merge_of_harvested_projects(reference_data, alice):
    from members.tests.factories import OrganisationFactory
    from projects.services.importer import HarvestedItem, project_upsert_from_record

    body = "À Vannes (56), l'atelier répare des vélos avec des bénévoles et des salariés."
    a, b = OrganisationFactory(), OrganisationFactory()
    first = project_upsert_from_record(
        HarvestedItem(
            organisation_id=a.pk, url="https://a.exemple.org/v", title="Atelier vélo", text=body
        ),
        auto_publish=True,
    ).project
    other = project_upsert_from_record(
        HarvestedItem(
            organisation_id=b.pk,
            url="https://b.exemple.org/v",
            title="Vélo-école de Vannes",
            text=body,
        ),
        auto_publish=True,
    ).project
    assert first.pk != other.pk
    services.project_star_toggle(alice, first)
    services.project_star_toggle(alice, other)
    project_list = services.project_list_create(alice, "Mobilité")
    services.list_entry_add(project_list, other, "Voir le local")
    # a re-harvest with new text updates the project in place: the entries stay
    project_upsert_from_record(
        HarvestedItem(
            organisation_id=b.pk,
            url="https://b.exemple.org/v",
            title="Vélo-école de Vannes",
            text=body + " Ouvert le samedi.",
        ),
        auto_publish=True,
    )
    assert services.starred_project_ids(alice) == {first.pk, other.pk}
    projects_merge(first, other)
    assert services.starred_project_ids(alice) == {first.pk}, "starred once"
    assert ProjectListEntry.objects.filter(project_list__owner=alice).count() == 2
    assert project_list.entries.get().project_id == first.pk
    assert project_list.entries.get().note == "Voir le local"


def test_every_action_says_what_it_did_on_the_page_it_lands_on(client, alice):
    """Public pages show the message of the last action (here: back on the project page)."""
    project = ProjectFactory(title="Jardin des Lilas")
    client.force_login(alice)
    landed = client.post(
        reverse("lists:add", args=[project.pk]), {"new_list": "Bretagne alimentation"}, follow=True
    )
    assert landed.redirect_chain[-1][0].startswith(project.get_absolute_url())
    html = landed.content.decode()
    assert "est dans la liste « Bretagne alimentation »" in html
    assert html.count("est dans la liste") == 1  # said once
    again = client.get(project.get_absolute_url()).content.decode()
    assert "est dans la liste" not in again  # and only once
