"""The whole pipeline against partner-like sites on loopback: discover, fetch, extract, import."""

import json

import pytest

from harvesting.models import HarvestRecord, HarvestRun
from harvesting.services import source_harvest
from harvesting.tests.factories import HarvestSourceFactory
from members.tests.factories import OrganisationFactory
from projects.catalogue.cache import catalogue_version
from projects.models import Project, ProjectSource

pytestmark = pytest.mark.django_db

PROJECTS = {
    "/projets/epicerie-solidaire-rennes": {
        "title": "L'Épicerie du Blosne, épicerie solidaire à Rennes",
        "body": "L'Épicerie du Blosne propose depuis 2016 des produits frais et locaux à prix "
        "réduits aux familles du quartier du Blosne, à Rennes (35). Les bénévoles accompagnent "
        "les ménages dans la gestion de leur budget alimentaire et organisent des ateliers "
        "cuisine anti-gaspillage avec les producteurs bio du bassin rennais.",
        "website": "https://epicerie-blosne.exemple.org/",
        "postal": "35200",
        "locality": "Rennes",
    },
    "/projets/garage-solidaire-lille": {
        "title": "Garage solidaire des Hauts",
        "body": "Basé à Lille, le Garage solidaire des Hauts répare à bas coût les voitures des "
        "personnes en parcours d'insertion professionnelle pour qu'elles puissent se rendre à "
        "leur emploi ou à leur formation. Il emploie six salariés en insertion et forme des "
        "mécaniciens. Contact : garage [at] garage-hauts.exemple.fr",
        "website": "https://garage-hauts.exemple.fr/",
        "postal": "59000",
        "locality": "Lille",
    },
    "/projets/tiers-lieu-reunion": {
        "title": "La Kaz numérique",
        "body": "Tiers-lieu numérique installé à Saint-Denis de La Réunion, la Kaz numérique "
        "accompagne les habitants dans leurs démarches en ligne, propose un fablab et des "
        "ateliers de médiation numérique pour les seniors et les jeunes sans emploi.",
        "website": "https://kaz-numerique.exemple.org/",
        "postal": "97400",
        "locality": "Saint-Denis",
    },
}


def project_page(path, data, *, extra=""):
    jsonld = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": data["title"],
        "description": data["body"][:150],
        "url": data["website"],
        "address": {
            "@type": "PostalAddress",
            "postalCode": data["postal"],
            "addressLocality": data["locality"],
        },
    }
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>{data["title"]} | Réseau Exemple</title>
<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>
</head><body><header><nav><a href="/">Accueil</a> <a href="/projets/">Projets</a></nav></header>
<main><article><h1>{data["title"]}</h1><p>{data["body"]}</p>{extra}
<p><a href="{data["website"]}">Site internet du projet</a></p></article></main>
<footer><a href="/mentions-legales">Mentions légales</a></footer></body></html>"""


LEGAL = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Mentions légales | Réseau Exemple</title></head><body><main><h1>Mentions légales</h1>
<p>Éditeur du site : association Réseau Exemple. Hébergeur : OVH. Directeur de la publication :
la présidente. Données personnelles : contactez-nous.</p></main></body></html>"""


def sitemap(site, paths):
    urls = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in paths)
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f'<?xml version="1.0"?><urlset xmlns="{namespace}">{urls}</urlset>'


def publish_site(site, pages=None, *, extra=None):
    pages = PROJECTS if pages is None else pages
    extra = extra or {}
    for path, data in pages.items():
        site.add(path, project_page(path, data, extra=extra.get(path, "")))
    site.add("/mentions-legales", LEGAL)
    site.add(
        "/sitemap.xml",
        sitemap(site, [*pages, "/mentions-legales"]),
        content_type="application/xml",
    )
    site.add(
        "/robots.txt",
        f"User-agent: *\nDisallow: /prive/\nSitemap: {site.url('/sitemap.xml')}\n",
        content_type="text/plain",
    )


@pytest.fixture
def source(partner_site, reference_data):
    organisation = OrganisationFactory(name="Réseau Exemple", website=partner_site.base_url)
    return HarvestSourceFactory(
        organisation=organisation,
        name="Projets",
        url=partner_site.url("/"),
    )


def harvest(source, make_client, **kwargs):
    return source_harvest(source.pk, client=make_client(**kwargs))


def test_first_harvest_creates_draft_projects_located_and_classified(
    partner_site, source, make_client
):
    publish_site(partner_site)
    run = harvest(source, make_client)
    assert run.state == HarvestRun.State.SUCCEEDED, run.errors
    assert (run.discovered, run.created, run.skipped, run.failed) == (4, 3, 1, 0)
    assert Project.objects.count() == 3
    assert not Project.objects.filter(live=True).exists(), "moderated source: drafts"
    rennes = Project.objects.get(
        sources__url=partner_site.url("/projets/epicerie-solidaire-rennes")
    )
    assert rennes.title == "L'Épicerie du Blosne, épicerie solidaire à Rennes"
    assert (rennes.commune_id, rennes.department_id, rennes.region_id) == ("35238", "35", "53")
    assert rennes.website == "https://epicerie-blosne.exemple.org"
    assert "ALI" in set(rennes.themes.values_list("code", flat=True))
    assert rennes.theme_reasons, "why each theme was given is recorded"
    assert rennes.revisions.count() == 1
    reunion = Project.objects.get(title="La Kaz numérique")
    assert reunion.department_id == "974"
    lille = Project.objects.get(title="Garage solidaire des Hauts")
    assert lille.contact_email == "garage@garage-hauts.exemple.fr"
    legal = HarvestRecord.objects.get(guid=partner_site.url("/mentions-legales"))
    assert legal.state == HarvestRecord.State.NOT_PROJECT and legal.project is None


def test_second_run_only_touches_what_changed(partner_site, source, make_client):
    publish_site(partner_site)
    harvest(source, make_client)
    revisions = {p.pk: p.revisions.count() for p in Project.objects.all()}
    version = catalogue_version()
    run = harvest(source, make_client)
    assert run.state == HarvestRun.State.SUCCEEDED
    assert (run.created, run.updated, run.unchanged + run.not_modified) == (0, 0, 4)
    assert {p.pk: p.revisions.count() for p in Project.objects.all()} == revisions
    # nothing the catalogue shows changed: every cached catalogue answer stays valid
    assert catalogue_version() == version

    changed = dict(PROJECTS)
    changed["/projets/garage-solidaire-lille"] = {
        **PROJECTS["/projets/garage-solidaire-lille"],
        "body": PROJECTS["/projets/garage-solidaire-lille"]["body"]
        + " Depuis 2024, il propose aussi la location de voitures à 3 euros par jour.",
    }
    publish_site(partner_site, changed)
    run = harvest(source, make_client)
    assert (run.created, run.updated) == (0, 1)
    assert catalogue_version() > version


def test_editor_correction_survives_reharvest_of_a_changed_page(partner_site, source, make_client):
    publish_site(partner_site)
    harvest(source, make_client)
    project = Project.objects.get(title="Garage solidaire des Hauts")
    project.title = "Garage solidaire des Hauts-de-France"  # editor's correction
    project.save_revision().publish()

    changed = dict(PROJECTS)
    changed["/projets/garage-solidaire-lille"] = {
        **PROJECTS["/projets/garage-solidaire-lille"],
        "title": "Garage solidaire des Hauts (nouveau nom)",
        "website": "https://garage-hauts-nouveau.exemple.fr/",
    }
    publish_site(partner_site, changed)
    for _ in range(2):
        run = harvest(source, make_client)
        assert run.state == HarvestRun.State.SUCCEEDED
    project.refresh_from_db()
    assert project.title == "Garage solidaire des Hauts-de-France", "editor wins"
    assert project.website == "https://garage-hauts-nouveau.exemple.fr", "untouched field follows"
    assert project.provenance["title"]["origin"] == "editor"
    assert project.provenance["website"]["origin"] == "source"


def test_partner_renaming_a_project_keeps_one_record(partner_site, source, make_client):
    publish_site(partner_site)
    harvest(source, make_client)
    renamed = dict(PROJECTS)
    renamed["/projets/tiers-lieu-reunion"] = {
        **PROJECTS["/projets/tiers-lieu-reunion"],
        "title": "La Kaz du numérique solidaire",
    }
    publish_site(partner_site, renamed)
    harvest(source, make_client)
    assert Project.objects.count() == 3
    assert Project.objects.filter(title="La Kaz du numérique solidaire").count() == 1


def test_page_gone_from_two_successful_runs_is_unlisted_never_deleted(
    partner_site, source, make_client
):
    publish_site(partner_site)
    harvest(source, make_client)
    fewer = {k: v for k, v in PROJECTS.items() if "reunion" not in k}
    partner_site.routes.clear()
    publish_site(partner_site, fewer)
    first = harvest(source, make_client)
    assert first.unlisted == 0
    second = harvest(source, make_client)
    assert second.unlisted == 1
    gone = ProjectSource.objects.get(url=partner_site.url("/projets/tiers-lieu-reunion"))
    assert gone.is_listed is False
    assert Project.objects.count() == 3


def test_site_down_fails_cleanly_and_unlists_nothing(partner_site, source, make_client):
    publish_site(partner_site)
    harvest(source, make_client)
    source.missing_runs_to_unlist = 1
    source.save()
    partner_site.stop()
    for _ in range(2):
        run = harvest(source, make_client, connect_timeout=1, total_timeout=2)
        assert run.state == HarvestRun.State.FAILED
        assert "Aucun projet n'a été retiré" in run.message
    assert ProjectSource.objects.filter(is_listed=True).count() == 3
    assert Project.objects.count() == 3


def test_loopback_is_refused_without_allowed_networks(partner_site, source, make_client):
    publish_site(partner_site)
    run = harvest(source, make_client, allowed_networks=[])
    assert run.state == HarvestRun.State.FAILED
    assert partner_site.paths() == [], "not a single request reached the address"
    assert Project.objects.count() == 0


def test_one_source_never_runs_twice_at_once(partner_site, source, make_client):
    publish_site(partner_site)
    HarvestRun.objects.create(source=source)  # a run in progress elsewhere
    assert harvest(source, make_client) is None
    assert partner_site.paths() == []


def test_trusted_source_publishes_and_hostile_html_is_neutralised(
    partner_site, source, make_client
):
    source.auto_publish = True
    source.save()
    hostile = (
        '<p onmouseover="steal()">Atelier<script>alert(1)</script></p>'
        '<a href="javascript:alert(2)">clic</a><iframe src="https://evil.exemple.com"></iframe>'
        '<img src=x onerror="alert(3)">'
    )
    publish_site(partner_site, extra={"/projets/epicerie-solidaire-rennes": hostile})
    harvest(source, make_client)
    assert Project.objects.public().count() == 3
    for project in Project.objects.all():
        lowered = project.description.lower()
        for bad in ("<script", "onmouseover", "onerror", "javascript:", "<iframe"):
            assert bad not in lowered


def test_same_project_listed_by_two_partners_becomes_one(
    partner_site, make_partner_site, source, make_client
):
    publish_site(partner_site)
    harvest(source, make_client)
    other_site = make_partner_site()
    garage = {
        **PROJECTS["/projets/garage-solidaire-lille"],
        "title": "Le Garage Solidaire des Hauts (Lille)",
    }
    publish_site(other_site, {"/initiatives/garage": garage})
    other = HarvestSourceFactory(
        organisation=OrganisationFactory(name="Fondation Voisine", website=other_site.base_url),
        name="Initiatives",
        url=other_site.url("/"),
    )
    run = harvest(other, make_client)
    assert (run.created, run.updated + run.unchanged) == (0, 1)
    assert Project.objects.count() == 3
    project = Project.objects.get(sources__url=other_site.url("/initiatives/garage"))
    assert project.title == "Le Garage Solidaire des Hauts (Lille)", "most recent source wins"
    assert sorted(project.sources.values_list("organisation__name", flat=True)) == [
        "Fondation Voisine",
        "Réseau Exemple",
    ]
    assert "même site web" in project.sources.get(organisation=other.organisation).match_reason


def test_admin_edit_view_shows_provenance_per_field(
    partner_site, source, make_client, admin_client
):
    publish_site(partner_site)
    harvest(source, make_client)
    project = Project.objects.get(title="Garage solidaire des Hauts")
    response = admin_client.get(f"/admin/snippets/projects/project/edit/{project.pk}/")
    assert response.status_code == 200
    text = response.text
    assert "Provenance des informations" in text
    assert "Réseau Exemple" in text and partner_site.url("/projets/garage-solidaire-lille") in text
    assert "moisson" in text
    assert "Lille" in text  # the location evidence


def test_selector_warnings_reach_the_record_and_the_editors_screen(
    partner_site, source, make_client, admin_client
):
    """What extraction noticed (here: a selector matching nothing) is not dropped."""
    publish_site(partner_site)
    source.selectors = {"summary": "css:div.chapeau-introuvable"}
    source.save()
    harvest(source, make_client)
    url = partner_site.url("/projets/garage-solidaire-lille")
    record = source.records.get(guid=url)
    warning = "Le sélecteur « summary » ne trouve rien sur la page."
    assert warning in record.fields["warnings"]
    project = Project.objects.get(sources__url=url)
    assert warning in project.sources.get().harvested_values["warnings"]
    response = admin_client.get(f"/admin/snippets/projects/project/edit/{project.pk}/")
    assert "Avertissements de la lecture de cette page" in response.text
    assert "ne trouve rien sur la page" in response.text
