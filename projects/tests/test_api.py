"""Open data API: the shape the issue specifies, filters, facets, no private field."""

import pytest

from members.tests.factories import OrganisationFactory
from projects.models import Commune, Theme
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(reference_data):
    ali, env = Theme.objects.get(code="ALI"), Theme.objects.get(code="ENV")
    org = OrganisationFactory(name="Réseau API")
    a = ProjectFactory(
        title="Épicerie solidaire",
        commune=Commune.objects.get(pk="35238"),
        themes=[ali, env],
        contact_email="secret@porteur.example.org",
    )
    ProjectSourceFactory(project=a, organisation=org, url="https://reseau.example.org/p/1")
    b = ProjectFactory(
        title="Épicerie sociale", commune=Commune.objects.get(pk="75056"), contact_email="b@x.org"
    )
    draft = ProjectFactory(title="Épicerie cachée", live=False)
    return a, b, draft


def test_list_has_count_results_and_facets(client, projects):
    response = client.get("/api/projects", {"q": "epicerie"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "results", "facets", "understood"}
    assert data["count"] == 2
    assert set(data["facets"]) == {"themes", "regions", "departments", "organisations"}
    assert {"code": "53", "label": "Bretagne", "count": 1} in data["facets"]["regions"]
    assert {"code": "ALI", "label": "Alimentation durable", "count": 1} in data["facets"]["themes"]
    assert data["facets"]["organisations"] == [
        {"slug": "reseau-api", "label": "Réseau API", "count": 1}
    ]
    first = data["results"][0]
    assert {"id", "title", "url", "themes", "partners", "region", "latitude"} <= set(first)


def test_filters_combine(client, projects):
    a, _b, _draft = projects
    for query in (
        {"q": "epicerie", "region": "53"},
        {"theme": "ALI"},
        {"department": "35"},
        {"organisation": "reseau-api"},
    ):
        data = client.get("/api/projects", query).json()
        assert [r["id"] for r in data["results"]] == [a.pk], query
    both = client.get("/api/projects?region=53&region=11").json()
    assert both["count"] == 2
    assert client.get("/api/projects", {"q": "epicerie", "region": "84"}).json()["count"] == 0


def test_pagination(client, projects):
    data = client.get("/api/projects", {"page_size": 1, "page": 2}).json()
    assert data["count"] == 2 and len(data["results"]) == 1
    assert client.get("/api/projects", {"page_size": 1, "page": 9}).json()["results"] == []
    assert client.get("/api/projects", {"page_size": 1000}).status_code == 422


def test_detail_and_drafts(client, projects):
    a, _b, draft = projects
    data = client.get(f"/api/projects/{a.pk}").json()
    assert data["title"] == "Épicerie solidaire"
    assert data["partners"] == [
        {"slug": "reseau-api", "label": "Réseau API", "url": "https://reseau.example.org/p/1"}
    ]
    assert data["department"] == {"code": "35", "label": "Ille-et-Vilaine"}
    assert client.get(f"/api/projects/{draft.pk}").status_code == 404
    assert client.get("/api/projects", {"q": "cachée"}).json()["count"] == 0


def test_no_email_ever(client, projects):
    a, _b, _draft = projects
    for url in ("/api/projects", f"/api/projects/{a.pk}", "/api/projects?q=epicerie"):
        body = client.get(url).content.decode()
        assert "secret@porteur" not in body and "contact_email" not in body
        assert "b@x.org" not in body


def test_openapi_docs(client, db):
    schema = client.get("/api/openapi.json").json()
    assert "/api/projects" in schema["paths"] and "/api/projects/{project_id}" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/projects"]["get"]["parameters"]}
    assert {"q", "theme", "region", "department", "organisation", "page", "page_size"} <= params
    assert client.get("/api/docs").status_code == 200
