"""Unusable input and control characters on public endpoints (issue 17, item 7), and contact
addresses kept out of project pages of projects harvested before the fix (item 3)."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"

ENDPOINTS = [
    "/projets-recherche/",
    "/projets/suggestions.json",
    "/projets/carte/",
    "/projets/carte/clusters.json",
    "/projets/export.csv",
    "/projets/export.json",
    "/projets/flux.atom",
    "/api/projects",
    "/projets/tendances/",
]


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("query", ["q=%00", "q=jardin%1b", "theme=%00ALI", "%00=1"])
def test_control_characters_in_the_query_answer_400_with_a_message(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    text = response.content.decode()
    if path.endswith(".json") or path.startswith("/api/"):
        text = json.loads(text)["detail"]
    assert "caractère de contrôle" in text and "recommencez" in text


def test_a_control_character_in_the_path_answers_400(client):
    assert client.get("/projets/jardin%00/").status_code == 400
    assert client.get("/une-page%01/").status_code == 400


def test_ordinary_searches_still_answer(client, migration_data, reference_data, settings, tmp_path):
    from community.services import site_seed

    settings.CARREFOUR_DATA_DIR = str(tmp_path)
    site_seed(demo_projects=0)  # the catalogue page in the page tree
    for path in ENDPOINTS:
        response = client.get(path, {"q": "jardin\tpartagé"})
        assert response.status_code == 200, path


def test_a_control_character_saved_in_a_title_never_takes_the_feed_down(client, reference_data):
    project = ProjectFactory(title="Jardin partagé", summary="Des <b>légumes</b> & du lien.")
    # straight into the database, as rows saved before imports cleaned them
    Project.objects.filter(pk=project.pk).update(
        title="Jardin\x1b partagé\x7f",
        summary="Des <b>légumes</b>\x0b & du lien.",
        first_published_at=timezone.now(),
    )
    response = client.get("/projets/flux.atom")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    entry = next(root.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}title").text == "Jardin partagé"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "Des <b>légumes</b> & du lien."
    export = client.get("/projets/export.csv")
    assert "Jardin partagé" in b"".join(export.streaming_content).decode()


def test_saving_a_project_removes_control_characters(reference_data):
    project = ProjectFactory(title="Atelier\x1b vélo", summary="Réparer\x07 ensemble")
    project.refresh_from_db()
    assert (project.title, project.summary) == ("Atelier vélo", "Réparer ensemble")


def test_project_page_never_shows_an_address_left_in_an_old_description(client, reference_data):
    project = ProjectFactory(
        summary="Écrire à lea.martin@atelier-exemple.fr pour participer.",
        description='<p>Atelier ouvert.</p><p>Contact : <a href="mailto:lea.martin@atelier-'
        'exemple.fr">lea.martin@atelier-exemple.fr</a> ou lea [at] atelier-exemple [point] fr'
        "</p>",
    )
    response = client.get(project.get_absolute_url())
    text = response.content.decode()
    assert "Atelier ouvert." in text
    assert "lea.martin" not in text and "atelier-exemple" not in text
    project.refresh_from_db()
    assert "lea.martin@atelier-exemple.fr" in project.description  # the page hides, nothing lost


def test_open_data_never_shows_an_address_left_in_an_old_summary(client, reference_data):
    project = ProjectFactory(summary="Atelier ouvert : écrire à lea.martin (at) atelier-exemple.fr")
    Project.objects.filter(pk=project.pk).update(first_published_at=timezone.now())
    for url in (
        "/api/projects",
        "/projets/export.json",
        "/projets/export.csv",
        "/projets/flux.atom",
    ):
        response = client.get(url)
        text = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert "Atelier ouvert" in text, url
        assert "lea.martin" not in text and "atelier-exemple" not in text, url
