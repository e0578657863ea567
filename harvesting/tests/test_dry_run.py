"""Issues 12.1, 12.7, 17.8 and 17.9: patterns copied from the site, the dry run as a capped
task that explains what it dropped and proposes patterns, two partners on one site, and the
run bookkeeping — all against partner-like sites on loopback."""

import pytest

from harvesting.discovery import Discoverer
from harvesting.models import HarvestDryRun, HarvestRun, HarvestSource
from harvesting.services import source_harvest
from harvesting.tests.factories import HarvestSourceFactory
from harvesting.tests.sites import slow
from harvesting.tests.test_harvest import LEGAL, PROJECTS, project_page
from members.tests.factories import OrganisationFactory
from projects.models import Project

pytestmark = pytest.mark.django_db

SLASHED = {f"{path}/": data for path, data in PROJECTS.items()}
NEWS = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Actualité {n}</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-0{n}-01T10:00:00Z"></head>
<body><main><h1>Assemblée générale {n}</h1><p>Compte rendu de la réunion {n}.</p></main>
</body></html>"""


def wordpress_site(site, *, robots_extra=""):
    """Project pages published with a trailing slash (as WordPress does), news, a legal page,
    a calendar trap and a page robots.txt forbids, all in the sitemap."""
    for path, data in SLASHED.items():
        site.add(path, project_page(path, data))
    paths = [*SLASHED, "/mentions-legales/", "/prive/fiche/"]
    for n in range(1, 4):
        site.add(f"/actualites/ag-{n}/", NEWS.format(n=n))
        paths.append(f"/actualites/ag-{n}/")
    site.add("/mentions-legales/", LEGAL)
    for month in range(1, 16):
        paths.append(f"/agenda/?mois={month}")
    urls = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in paths)
    site.add(
        "/sitemap.xml",
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>",
        content_type="application/xml",
    )
    site.add(
        "/robots.txt",
        f"User-agent: *\nDisallow: /prive/\n{robots_extra}Sitemap: {site.url('/sitemap.xml')}\n",
        content_type="text/plain",
    )


def test_a_pattern_copied_from_the_site_matches_published_addresses(partner_site, client):
    wordpress_site(partner_site)
    discoverer = Discoverer(client, include=[r"/projets/[a-z0-9-]+/$"])
    found = [item.url for item in discoverer.run(partner_site.url("/"), "sitemap")]
    assert sorted(found) == sorted(partner_site.url(p.rstrip("/")) for p in SLASHED)
    # the canonical form is matched too: a pattern written for it still works
    discoverer = Discoverer(client, include=[r"/projets/[a-z-]+$"], exclude=[r"/lille/$"])
    found = [item.url for item in discoverer.run(partner_site.url("/"), "sitemap")]
    assert len(found) == 3
    discoverer = Discoverer(client, exclude=[r"-lille/$"])
    found = [item.url for item in discoverer.run(partner_site.url("/"), "sitemap")]
    assert partner_site.url("/projets/garage-solidaire-lille") not in found


@pytest.fixture
def partner_source(partner_site, reference_data):
    organisation = OrganisationFactory(name="Réseau WordPress", website=partner_site.base_url)
    return HarvestSourceFactory(
        organisation=organisation,
        name="Projets WP",
        url=partner_site.url("/"),
        kind=HarvestSource.Kind.SITEMAP,
        include_patterns=r"/initiatives/\d+$",  # copied from an old version of the site
    )


def test_dry_run_explains_each_dropped_address_and_a_proposal_is_accepted_in_one_click(
    admin_client, partner_site, partner_source
):
    wordpress_site(partner_site)
    page = admin_client.get(f"/admin/moissonnage/{partner_source.pk}/tester/")
    assert page.status_code == 200 and not HarvestDryRun.objects.exists(), "GET starts nothing"

    started = admin_client.post(f"/admin/moissonnage/{partner_source.pk}/tester/")
    assert started.status_code == 302
    dry_run = HarvestDryRun.objects.get(source=partner_source)
    assert dry_run.state == HarvestDryRun.State.DONE and dry_run.finished_at is not None
    reasons = {entry["url"]: entry["reason"] for entry in dry_run.result["dropped"]}
    for path in SLASHED:
        assert reasons[partner_site.url(path)] == "include"
    assert dry_run.result["items"] == []
    page = admin_client.get(started.url)
    assert "aucun motif à inclure ne correspond" in page.text

    proposals = [p["pattern"] for p in dry_run.result["proposals"]]
    assert proposals[0] == "/projets/[a-z0-9-]+/$", proposals
    status = admin_client.get(f"/admin/moissonnage/essai/{dry_run.pk}/etat/").json()
    assert status["finished"] and status["state"] == "done"

    accepted = admin_client.post(
        f"/admin/moissonnage/{partner_source.pk}/motif/", {"pattern": proposals[0]}
    )
    assert accepted.status_code == 302
    partner_source.refresh_from_db()
    assert partner_source.include_patterns == "/projets/[a-z0-9-]+/$"

    # without the include pattern every other reason shows up
    partner_source.include_patterns = ""
    partner_source.save()
    admin_client.post(f"/admin/moissonnage/{partner_source.pk}/tester/")
    dry_run = HarvestDryRun.objects.filter(source=partner_source).first()
    reasons = {entry["url"]: entry["reason"] for entry in dry_run.result["dropped"]}
    assert reasons[partner_site.url("/prive/fiche/")] == "robots"
    assert reasons[partner_site.url("/mentions-legales/")] == "not_project"
    assert "trap" in reasons.values()  # calendar variants past the cap
    titles = {item.get("title") for item in dry_run.result["items"]}
    assert "Garage solidaire des Hauts" in titles
    assert Project.objects.count() == 0, "a dry run saves nothing"


def test_dry_run_lists_pages_past_the_per_run_cap(admin_client, partner_site, partner_source):
    wordpress_site(partner_site)
    partner_source.include_patterns = ""
    partner_source.max_pages = 2
    partner_source.save()
    admin_client.post(f"/admin/moissonnage/{partner_source.pk}/tester/")
    dry_run = HarvestDryRun.objects.get(source=partner_source)
    assert "cap" in {entry["reason"] for entry in dry_run.result["dropped"]}


def test_dry_run_stops_at_its_time_cap(admin_client, partner_site, partner_source, settings):
    settings.HARVEST_DRY_RUN_SECONDS = 5
    wordpress_site(partner_site)
    partner_source.include_patterns = ""
    partner_source.save()
    for path, data in SLASHED.items():
        partner_site.routes[path] = slow(2.5, project_page(path, data))
    admin_client.post(f"/admin/moissonnage/{partner_source.pk}/tester/")
    dry_run = HarvestDryRun.objects.get(source=partner_source)
    assert dry_run.state == HarvestDryRun.State.DONE
    assert dry_run.timed_out and "partiel" in dry_run.message
    page = admin_client.get(f"/admin/moissonnage/essai/{dry_run.pk}/")
    assert "Essai arrêté après 5 s" in page.text


def test_running_dry_run_page_polls_its_status(admin_client, partner_source):
    dry_run = HarvestDryRun.objects.create(
        source=partner_source, state=HarvestDryRun.State.RUNNING, progress={"discovered": 7}
    )
    page = admin_client.get(f"/admin/moissonnage/essai/{dry_run.pk}/")
    assert 'http-equiv="refresh"' in page.text and "7 pages retenues" in page.text
    status = admin_client.get(f"/admin/moissonnage/essai/{dry_run.pk}/etat/").json()
    assert status == {
        "state": "running",
        "state_label": "En cours",
        "finished": False,
        "progress": {"discovered": 7},
        "message": "",
    }


def test_a_partner_editor_cannot_open_another_organisations_dry_run(org_a, org_b, editor_b):
    from django.test import Client

    source = HarvestSourceFactory(organisation=org_a, url="https://a.exemple.org/")
    dry_run = HarvestDryRun.objects.create(source=source)
    client = Client()
    client.force_login(editor_b)
    assert client.get(f"/admin/moissonnage/essai/{dry_run.pk}/etat/").status_code == 404
    assert client.get(f"/admin/moissonnage/essai/{dry_run.pk}/").status_code == 404
    accept = client.post(f"/admin/moissonnage/{source.pk}/motif/", {"pattern": "x"})
    assert accept.status_code == 404
    own = HarvestSourceFactory(organisation=org_b, url="https://b.exemple.org/")
    own_run = HarvestDryRun.objects.create(source=own)
    assert client.get(f"/admin/moissonnage/essai/{own_run.pk}/etat/").status_code == 200


# ---------------------------------------------------------------------- two partners


def _source_form(organisation, url, **extra):
    data = {
        "organisation": organisation.pk,
        "name": "Deuxième source",
        "url": url,
        "kind": "auto",
        "urls": "",
        "include_patterns": "",
        "exclude_patterns": "",
        "selectors": "{}",
        "schedule": "manual",
        "max_pages": 100,
        "min_delay": 1,
        "missing_runs_to_unlist": 2,
        "active": "on",
    }
    data.update(extra)
    return data


def test_a_source_on_a_host_another_partner_harvests_warns_before_saving(
    admin_client, partner_site, partner_source
):
    other = OrganisationFactory(name="Agrégateur régional")
    create = "/admin/harvesting/harvestsource/create/"
    response = admin_client.post(create, _source_form(other, partner_site.url("/projets/")))
    assert response.status_code == 200
    assert "déjà moissonné par Réseau WordPress" in response.text
    assert not HarvestSource.objects.filter(organisation=other).exists()

    response = admin_client.post(
        create, _source_form(other, partner_site.url("/projets/"), confirm_shared_host="on")
    )
    assert response.status_code == 302
    assert HarvestSource.objects.filter(organisation=other).exists()

    second = HarvestSource.objects.get(organisation=other)
    admin_client.post(f"/admin/moissonnage/{second.pk}/tester/")
    dry_run = HarvestDryRun.objects.get(source=second)
    assert dry_run.result["shared_with"] == ["Réseau WordPress"]
    assert any("déjà moissonné" in w for w in dry_run.result["warnings"])


def test_an_invalid_pattern_gets_a_french_error_in_the_form(admin_client, partner_site):
    organisation = OrganisationFactory(name="Réseau Motifs")
    response = admin_client.post(
        "/admin/harvesting/harvestsource/create/",
        _source_form(organisation, partner_site.url("/"), include_patterns="/projets/(["),
    )
    assert response.status_code == 200
    assert "n&#x27;est pas une expression régulière valide" in response.text
    assert not HarvestSource.objects.filter(organisation=organisation).exists()


# ---------------------------------------------------------------------- bookkeeping


def test_a_run_whose_only_page_failed_is_failed_and_says_why(
    admin_client, partner_site, reference_data
):
    partner_site.add("/projets/seule", "erreur", status=500)
    source = HarvestSourceFactory(
        name="Une page",
        url=partner_site.url("/"),
        kind="urls",
        urls=partner_site.url("/projets/seule"),
    )
    run = source_harvest(source.pk)
    assert run.state == HarvestRun.State.FAILED
    assert "ont toutes échoué" in run.message and "erreur" in run.message
    listing = admin_client.get("/admin/harvesting/harvestsource/")
    assert "ont toutes échoué" in listing.text


LISTING = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Nos projets</title>
</head><body><main><h1>Nos projets</h1><ul>{items}</ul></main></body></html>"""


def test_auto_source_without_sitemap_completes_and_unlists_a_disappeared_project(
    partner_site, reference_data
):
    def publish(paths):
        items = "".join(f'<li><a href="{p}">{PROJECTS[p]["title"]}</a></li>' for p in paths)
        partner_site.add("/", LISTING.format(items=items))
        for path in paths:
            partner_site.add(path, project_page(path, PROJECTS[path]))

    publish(list(PROJECTS))  # no robots.txt, no sitemap, no feed: the listing only
    organisation = OrganisationFactory(name="Réseau Sans Plan")
    source = HarvestSourceFactory(
        organisation=organisation, url=partner_site.url("/"), missing_runs_to_unlist=1
    )
    first = source_harvest(source.pk)
    assert first.state == HarvestRun.State.SUCCEEDED, first.errors
    assert first.created == 3
    gone = "/projets/tiers-lieu-reunion"
    publish([p for p in PROJECTS if p != gone])
    second = source_harvest(source.pk)
    assert second.state == HarvestRun.State.SUCCEEDED and second.unlisted == 1
    assert source.records.get(guid=partner_site.url(gone)).state == "gone"
    assert Project.objects.count() == 3, "nothing is deleted"


def test_a_partner_is_credited_only_for_pages_its_own_source_lists(partner_site, reference_data):
    from harvesting.tests.test_harvest import publish_site
    from projects.models import ProjectSource

    publish_site(partner_site)
    owner = OrganisationFactory(name="Réseau Propriétaire", website=partner_site.base_url)
    first = HarvestSourceFactory(organisation=owner, url=partner_site.url("/"))
    assert source_harvest(first.pk).created == 3
    aggregator = OrganisationFactory(name="Agrégateur", website="https://agregateur.exemple.org")
    second = HarvestSourceFactory(organisation=aggregator, url=partner_site.url("/"))
    run = source_harvest(second.pk)
    assert not ProjectSource.objects.filter(organisation=aggregator).exists()
    assert any(e["stage"] == "shared" for e in run.errors)
    assert ProjectSource.objects.filter(organisation=owner, is_listed=True).count() == 3
    # its own selection: credited for what it chose, nothing else
    second.include_patterns = "/projets/garage"
    second.save()
    source_harvest(second.pk)
    credited = ProjectSource.objects.filter(organisation=aggregator)
    assert [s.url for s in credited] == [partner_site.url("/projets/garage-solidaire-lille")]
    assert ProjectSource.objects.filter(organisation=owner, is_listed=True).count() == 3
