"""Issue 12.5: the JavaScript renderer is optional. Off by default; without Playwright or
without Chromium the source's setting gets a clear French error in the form and in the run
log, and the harvest falls back to static HTML without unlisting anything."""

import sys

import pytest

from harvesting.models import HarvestRun, HarvestSource
from harvesting.renderer import renderer_unavailable
from harvesting.services import source_harvest
from harvesting.sources_io import sources_export, sources_import
from harvesting.tests.factories import HarvestSourceFactory
from members.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _form(organisation, url, **extra):
    data = {
        "organisation": organisation.pk,
        "name": "Catalogue JS",
        "url": url,
        "kind": "listing",
        "selectors": "{}",
        "schedule": "manual",
        "max_pages": 100,
        "min_delay": 1,
        "missing_runs_to_unlist": 2,
        "active": "on",
    }
    data.update(extra)
    return data


@pytest.fixture
def without_chromium(settings, tmp_path):
    settings.HARVEST_CHROMIUM = str(tmp_path / "pas-de-chromium")


@pytest.fixture
def without_playwright(monkeypatch):
    # the package absent from this installation: importing it fails as it would
    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)


def test_the_renderer_is_off_by_default(admin_client, partner_site):
    organisation = OrganisationFactory(name="Réseau statique")
    assert HarvestSourceFactory(organisation=organisation).renderer == "none"
    response = admin_client.post(
        "/admin/harvesting/harvestsource/create/", _form(organisation, partner_site.url("/"))
    )
    assert response.status_code == 302, response.text[:2000]
    assert (
        HarvestSource.objects.get(organisation=organisation, name="Catalogue JS").renderer == "none"
    )


@pytest.mark.parametrize(
    ("missing", "says"), [("without_playwright", "playwright"), ("without_chromium", "Chromium")]
)
def test_a_missing_renderer_is_a_french_error_in_the_form_and_the_run_log(
    request, missing, says, admin_client, partner_site, reference_data
):
    request.getfixturevalue(missing)
    assert says in renderer_unavailable()
    organisation = OrganisationFactory(name="Réseau sans navigateur")
    response = admin_client.post(
        "/admin/harvesting/harvestsource/create/",
        _form(organisation, partner_site.url("/projets/"), renderer="chromium"),
    )
    assert response.status_code == 200
    assert "Le rendu JavaScript demande" in response.text and says in response.text
    assert not HarvestSource.objects.filter(organisation=organisation).exists()

    partner_site.add("/projets/", '<main><a href="/projets/un">Un</a></main>')
    source = HarvestSourceFactory(
        organisation=organisation,
        url=partner_site.url("/projets/"),
        kind=HarvestSource.Kind.LISTING,
        renderer=HarvestSource.Renderer.CHROMIUM,
        min_delay=0,
    )
    run = source_harvest(source.pk)
    messages = {e["stage"]: e["message"] for e in run.errors}
    assert says in messages["renderer"] and "Le rendu JavaScript demande" in run.message
    # static discovery went on, but the pass is incomplete: nothing may be unlisted
    assert run.discovered == 1
    assert run.state != HarvestRun.State.SUCCEEDED and run.unlisted == 0


def test_the_renderer_travels_with_import_and_export(reference_data):
    data = [
        {
            "organisation": {"name": "Réseau JS", "website": "https://js.exemple.org"},
            "sources": [
                {"name": "JS", "url": "https://js.exemple.org/projets", "renderer": "chromium"}
            ],
        }
    ]
    sources_import(data)
    assert HarvestSource.objects.get(name="JS").renderer == "chromium"
    exported = sources_export()
    assert exported[0]["sources"][0]["renderer"] == "chromium"
    data[0]["sources"][0]["renderer"] = "firefox"
    with pytest.raises(Exception, match="rendu « firefox » inconnu"):
        sources_import(data)
