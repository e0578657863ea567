import pytest

from projects.models import Commune, Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_slug_is_unique_and_derived_from_title():
    a = ProjectFactory(title="Garage solidaire")
    b = ProjectFactory(title="Garage solidaire")
    assert a.slug == "garage-solidaire"
    assert b.slug == "garage-solidaire-2"


def test_description_is_sanitised_on_every_save():
    project = ProjectFactory(
        description='<p onclick="x()">Bonjour<script>alert(1)</script>'
        '<a href="javascript:alert(2)">lien</a><iframe src="https://e.org"></iframe></p>'
    )
    project.refresh_from_db()
    assert "script" not in project.description
    assert "onclick" not in project.description
    assert "javascript:" not in project.description
    assert "iframe" not in project.description
    assert "Bonjour" in project.description


def test_point_from_map_widget_sets_coordinates():
    project = ProjectFactory(location="SRID=4326;POINT(-1.6778 48.1173)")
    assert (project.latitude, project.longitude) == (48.1173, -1.6778)


def test_commune_fills_point_department_and_region(reference_data):
    cayenne = Commune.objects.get(pk="97302")
    project = ProjectFactory(commune=cayenne)
    assert project.department_id == "973"
    assert project.region_id == "03"
    assert project.latitude == cayenne.latitude
    assert project.location.startswith("SRID=4326;POINT(")


def test_contact_email_is_not_rendered_on_the_public_page(client):
    project = ProjectFactory(contact_email="secret@asso.fr", title="Repair café")
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert "Repair café" in response.text
    assert "secret@asso.fr" not in response.text


def test_draft_project_page_is_not_public(client):
    project = ProjectFactory(live=False)
    assert client.get(project.get_absolute_url()).status_code == 404


def test_statuses_and_precisions_have_french_labels():
    assert Project.Status.ACTIVE.label == "En cours"
    assert Project.Precision.DEPARTMENT.label == "Département"
