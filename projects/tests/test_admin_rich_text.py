"""Raw HTML posted into the admin's rich-text field (issue 17, item 10): it answered 500
(Draftail's widget ran ``json.loads`` on it); now it is sanitised and saved."""

import pytest
from django.urls import reverse

from projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _post(client, project, description):
    namespace = Project.snippet_viewset.get_admin_url_namespace()
    data = {
        "title": "Atelier vélo",
        "slug": project.slug,
        "summary": "",
        "description": description,
        "location_precision": "none",
        "status": "unknown",
        "action-publish": "1",
    }
    return client.post(reverse(f"{namespace}:edit", kwargs={"pk": project.pk}), data)


@pytest.mark.parametrize(
    "raw",
    [
        "<p>Atelier <b>ouvert</b> le samedi.</p><script>alert(1)</script>"
        '<img src=x onerror="alert(2)">',
        "Atelier ouvert le samedi.",
        '{"blocks": "pas une liste"',
        "42",
    ],
)
def test_raw_html_in_the_rich_text_field_is_sanitised_not_a_500(client, platform_admin, raw):
    project = ProjectFactory(title="Atelier", live=False)
    client.force_login(platform_admin)
    response = _post(client, project, raw)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Atelier vélo"
    lowered = project.description.lower()
    assert "<script" not in lowered and "onerror" not in lowered
    if "samedi" in raw:
        assert "samedi" in project.description


def test_draftail_contentstate_still_works(client, platform_admin):
    project = ProjectFactory(title="Atelier", live=False)
    client.force_login(platform_admin)
    contentstate = (
        '{"blocks": [{"key": "a1", "type": "unstyled", "text": "Bonjour", "depth": 0, '
        '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
    )
    assert _post(client, project, contentstate).status_code == 302
    project.refresh_from_db()
    assert project.description == "<p>Bonjour</p>"


def test_raw_html_keeps_only_the_features_of_the_field(client, platform_admin):
    project = ProjectFactory(title="Atelier", live=False)
    client.force_login(platform_admin)
    raw = (
        "<h1>Grand titre</h1><p>Texte <u>souligné</u> <b>gras</b></p>"
        "<table><tr><td>x</td></tr></table>"
    )
    assert _post(client, project, raw).status_code == 302
    project.refresh_from_db()
    assert "<h1" not in project.description and "<table" not in project.description
    assert "Grand titre" in project.description and "<b>gras</b>" in project.description
