"""Exports, Atom feeds, sitemap, map clusters, project and territory pages."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from members.tests.factories import OrganisationFactory
from projects.catalogue.clusters import BBox, cell_size, project_clusters
from projects.catalogue.params import SearchParams
from projects.models import Commune, Project, Theme
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def projects(reference_data):
    rennes, paris = Commune.objects.get(pk="35238"), Commune.objects.get(pk="75056")
    ali = Theme.objects.get(code="ALI")
    made = [
        ProjectFactory(
            title="Jardin partagé de Rennes",
            commune=rennes,
            themes=[ali],
            contact_email="jardin@prive.example.org",
        ),
        ProjectFactory(
            title="Jardin des Batignolles",
            commune=paris,
            themes=[ali],
            contact_email="paris@prive.example.org",
        ),
        ProjectFactory(title="Garage solidaire", commune=paris),
    ]
    Project.objects.update(first_published_at=timezone.now(), last_published_at=timezone.now())
    ProjectSourceFactory(project=made[0], organisation=OrganisationFactory(name="Partenaire A"))
    return made


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_export_of_a_search(client, projects):
    response = client.get("/projets/export.csv", {"q": "jardin"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert {r["title"] for r in rows} == {"Jardin partagé de Rennes", "Jardin des Batignolles"}
    rennes = next(r for r in rows if "Rennes" in r["title"])
    assert rennes["partners"] == "Partenaire A" and rennes["department"] == "Ille-et-Vilaine"
    assert "prive.example.org" not in body(response).decode()


def test_json_export_filters_and_hides_email(client, projects):
    response = client.get("/projets/export.json", {"q": "jardin", "region": "53"})
    data = json.loads(body(response))
    assert [r["title"] for r in data["results"]] == ["Jardin partagé de Rennes"]
    assert "contact_email" not in data["results"][0]
    assert "prive.example.org" not in body(response).decode()


def test_atom_feed_of_a_search(client, projects):
    response = client.get("/projets/flux.atom", {"q": "jardin"})
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    titles = {e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")}
    assert titles == {"Jardin partagé de Rennes", "Jardin des Batignolles"}
    assert "prive.example.org" not in response.content.decode()


def test_sitemap_lists_projects_and_territories(client, projects):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    text = index.content.decode()
    for name in ("projects", "territories", "pages"):
        assert f"sitemap-{name}.xml" in text
    projects_xml = client.get("/sitemap-projects.xml").content.decode()
    assert "/projets/jardin-partage-de-rennes/" in projects_xml
    assert (
        "/projets/territoires/region/bretagne/"
        in client.get("/sitemap-territories.xml").content.decode()
    )


def test_clusters_group_points_by_grid_cell(projects):
    france = BBox(-5.5, 41, 10, 51.5)
    coarse = project_clusters(SearchParams(), france, 3)
    assert coarse["count"] == 3
    assert sum(c["count"] for c in coarse["clusters"]) == 3
    assert sorted(c["count"] for c in coarse["clusters"]) in ([1, 2], [3])
    fine = project_clusters(SearchParams(), france, 12)
    paris = [c for c in fine["clusters"] if c["count"] == 2]
    assert len(paris) == 1 and abs(paris[0]["lat"] - 48.86) < 0.1  # same commune, same cell
    single = next(c for c in fine["clusters"] if c["count"] == 1)
    assert single["project"]["url"] == "/projets/jardin-partage-de-rennes/"
    filtered = project_clusters(SearchParams(q="garage"), france, 12)
    assert filtered["count"] == 1
    assert project_clusters(SearchParams(), BBox(40, -10, 50, 0), 5)["count"] == 0
    assert cell_size(0) == 90 and cell_size(1) == 45


def test_clusters_endpoint(client, projects):
    data = client.get(
        "/projets/carte/clusters.json", {"zoom": 4, "bbox": "-5.5,41,10,51.5", "q": "jardin"}
    ).json()
    assert data["count"] == 2
    assert client.get("/projets/carte/").status_code == 200
    assert BBox.parse("a,b") is None and BBox.parse("0,50,1,40") is None


def test_project_page_structured_data_sources_and_similar(client, projects):
    rennes, paris, _garage = projects
    response = client.get(rennes.get_absolute_url())
    html = response.content.decode()
    assert 'property="og:title" content="Jardin partagé de Rennes"' in html
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Project" and data["location"]["address"]["addressLocality"] == "Rennes"
    assert "Lire la fiche sur le site de" in html and "button-link" in html
    assert "Jardin des Batignolles" in html  # similar: same theme, close words
    assert "prive.example.org" not in html
    assert 'id="project-map"' in html


def test_territory_and_trend_pages(client, projects):
    page = client.get("/projets/territoires/region/bretagne/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jardin partagé de Rennes" in html and "Partenaire A" in html
    assert "<svg" in html and "<table" in html
    assert client.get("/projets/territoires/departement/paris-75/").status_code == 200
    assert client.get("/projets/tendances/").status_code == 200
    rows = list(
        csv.reader(io.StringIO(client.get("/projets/tendances.csv").content.decode("utf-8-sig")))
    )
    assert rows[0][0] == "série" and any(r[0] == "themes" and r[1] == "ENV" for r in rows)
    assert client.get("/projets/territoires/region/nulle-part/").status_code == 404
