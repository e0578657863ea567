"""Titles on common real layouts, learnt across a source's pages, and the same project copied
by another partner merged under its best spelling: real HTTP on loopback, real database."""

from __future__ import annotations

import pytest

from harvesting.models import HarvestSource
from harvesting.services import source_harvest
from harvesting.tests.factories import HarvestSourceFactory
from harvesting.titles import TitleProfile, choose_title
from members.tests.factories import OrganisationFactory
from projects.consolidation.normalize import clean_title
from projects.models import Project

BODY = (
    "<p>{name} accueille chaque semaine les habitants de {town} pour réparer ensemble vélos, "
    "petits meubles et appareils électriques, avec des bénévoles bricoleurs et des salariés en "
    "insertion. Les objets réparés évitent la déchetterie et les ateliers rapprochent les "
    "voisins de tous âges autour du réemploi et de l'économie circulaire.</p>"
    "<p>{postal} {town}</p>"
)


def page(site: str, heading: str, title: str, name: str, town: str, postal: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f'</head><body><div id="top"><a href="/">{site}</a></div><div id="content">{heading}'
        f"{BODY.format(name=name, town=town, postal=postal)}</div></body></html>"
    )


def publish(site, pages: dict[str, str]) -> None:
    for path, html in pages.items():
        site.add(path, html)
    urls = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in pages)
    site.add("/sitemap.xml", f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
             f'schemas/sitemap/0.9">{urls}</urlset>', content_type="application/xml")  # fmt: skip
    site.add("/robots.txt", f"User-agent: *\nSitemap: {site.url('/sitemap.xml')}\n",
             content_type="text/plain")  # fmt: skip


def source_for(site, name: str) -> HarvestSource:
    organisation = OrganisationFactory(name=name, website=site.base_url)
    return HarvestSourceFactory(
        organisation=organisation, name="Projets", url=site.url("/"), auto_publish=True
    )


PROJECTS = [
    ("Atelier de réparation Le Tournevis", "Rennes", "35000"),
    ("Recyclerie Les Écureuils", "Quimper", "29000"),
    ("Répar'Café de l'Étang", "Vannes", "56000"),
    ("La Boîte à Outils", "Lorient", "56100"),
]


# ------------------------------------------------------------------ rules, no network


def test_text_on_every_page_of_a_source_is_boilerplate_and_recurring_affixes_go():
    profile = TitleProfile()
    pages = []
    for name, _town, _postal in PROJECTS:
        candidates = [("h1", "Réseau Bricole"), ("h2", name), ("title", f"Réseau Bricole - {name}")]
        profile.add(candidates, name)
        pages.append(candidates)
    profile.add(pages[0], PROJECTS[0][0])  # the same page seen again counts once
    assert profile.pages == 4 and profile.is_boilerplate("Réseau Bricole")
    choice = choose_title(pages[1], profile=profile)
    assert (choice.title, choice.origin) == ("Recyclerie Les Écureuils", "h2")
    assert "Réseau Bricole" in choice.skipped
    # without the h2, the <title> is used and the recurring "Site - " prefix is stripped
    choice = choose_title([c for c in pages[2] if c[0] != "h2"], profile=profile)
    assert clean_title(choice.title, prefixes=choice.prefixes) == "Répar'Café de l'Étang"
    # one page alone: no evidence, nothing is called boilerplate
    assert choose_title(pages[1]).title == "Réseau Bricole"
    # the admin's selector still wins
    assert choose_title([("selector", "Choix de l'admin"), *pages[1]], profile=profile).title == (
        "Choix de l'admin"
    )


# ------------------------------------------------------------------ over HTTP


@pytest.mark.django_db
def test_site_name_in_every_h1_and_title_the_project_in_h2(partner_site, make_client,
                                                            reference_data):  # fmt: skip
    site = "Réseau Bricole Bretagne"
    publish(partner_site, {
        f"/fiche.php?id={index}": page(site, f"<h1>{site}</h1><h2>{name}</h2>", site, name, town,
                                       postal)
        for index, (name, town, postal) in enumerate(PROJECTS)
    })  # fmt: skip
    source = source_for(partner_site, "Réseau Bricole")
    source_harvest(source.pk, client=make_client())
    assert sorted(Project.objects.values_list("title", flat=True)) == sorted(
        name for name, _t, _p in PROJECTS
    )
    record = source.records.get(guid=partner_site.url("/fiche.php?id=1"))
    assert record.fields["title_evidence"]["origin"] == "h2"
    assert site in record.fields["title_evidence"]["boilerplate"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("<h1>Initiative : {name}</h1>", "Initiative : {name} – Réseau Bricole"),
        ("<h1>Fiche projet – {name}</h1>", "Fiche projet – {name}"),
        ('<font size="4"><b>{name}</b></font>', "Réseau Bricole"),
        ("<p><strong>{name}</strong></p>", "Réseau Bricole"),
        ('<div class="titre">{name}</div>', "Réseau Bricole - {name}"),
        ("", "{name} | Réseau Bricole"),
    ],
)
def test_titles_on_label_prefixes_legacy_emphasis_and_title_tags(
    partner_site, make_client, reference_data, heading, title
):
    publish(partner_site, {
        f"/projets/fiche-{index}": page("Réseau Bricole", heading.format(name=name),
                                        title.format(name=name), name, town, postal)
        for index, (name, town, postal) in enumerate(PROJECTS)
    })  # fmt: skip
    source = source_for(partner_site, "Réseau Bricole")
    source_harvest(source.pk, client=make_client())
    assert sorted(Project.objects.values_list("title", flat=True)) == sorted(
        name for name, _t, _p in PROJECTS
    )


@pytest.mark.django_db
@pytest.mark.parametrize("copy_first", [True, False])
@pytest.mark.parametrize(
    "copied", ["Projet {name}", "{upper}", "{unaccented}", "Initiative : {name}"]
)
def test_an_aggregators_copy_joins_the_project_under_the_partners_spelling(
    partner_site, make_partner_site, make_client, reference_data, copied, copy_first
):
    import unicodedata

    name, town, postal = "Répar'Café de l'Étang", "Vannes", "56000"
    unaccented = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    copy_name = copied.format(name=name, upper=name.upper(), unaccented=unaccented)
    publish(partner_site, {"/projets/etang": page("Réseau Bricole", f"<h1>{name}</h1>",
                                                  name, name, town, postal)})  # fmt: skip
    portal = make_partner_site()
    publish(portal, {
        "/annuaire/1": page("Portail", f"<h1>{copy_name}</h1>", copy_name, copy_name, town,
                            postal),
        # a look-alike name in another place is another project
        "/annuaire/2": page("Portail", "<h1>Répar'Café de l'Étang</h1>", "Répar'Café de l'Étang",
                            "Répar'Café de l'Étang", "Dijon", "21000"),
    })  # fmt: skip
    original = source_for(partner_site, "Réseau Bricole")
    aggregator = source_for(portal, "Portail régional")
    for source in (aggregator, original) if copy_first else (original, aggregator):
        source_harvest(source.pk, client=make_client())
    merged = Project.objects.get(sources__url=partner_site.url("/projets/etang"))
    assert merged.sources.count() == 2, list(Project.objects.values_list("title", flat=True))
    assert merged.title == name, "the partner's spelling, whatever the order of reading"
    apart = Project.objects.get(sources__url=portal.url("/annuaire/2"))
    assert apart.pk != merged.pk and apart.department_id == "21"


@pytest.mark.django_db
def test_an_editors_title_is_kept_when_a_better_spelt_copy_arrives(
    partner_site, make_partner_site, make_client, reference_data
):
    name, town, postal = "Recyclerie Les Écureuils", "Quimper", "29000"
    portal = make_partner_site()
    publish(portal, {"/projets/a-1": page("Portail", f"<h1>{name.upper()}</h1>", name.upper(),
                                  name.upper(), town, postal)})  # fmt: skip
    source_harvest(source_for(portal, "Portail").pk, client=make_client())
    project = Project.objects.get()
    project.title = "Recyclerie Les Écureuils (Quimper)"  # an editor's correction
    project.save()
    publish(
        partner_site, {"/projets/p-1": page("Réseau", f"<h1>{name}</h1>", name, name, town, postal)}
    )
    source_harvest(source_for(partner_site, "Réseau").pk, client=make_client())
    project.refresh_from_db()
    assert project.sources.count() == 2
    assert project.title == "Recyclerie Les Écureuils (Quimper)"
