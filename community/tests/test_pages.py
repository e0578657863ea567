"""Community pages: live figures, partner directory, where each page type may live."""

import pytest
from wagtail.models import Page

from community.models import HomePage, PartnerDirectoryPage, StandardPage
from community.services import pages_seed
from members.models import Organisation
from members.tests.factories import OrganisationFactory
from projects.models import CataloguePage, Commune
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(reference_data):
    pages_seed()
    return HomePage.objects.get()


def test_home_shows_live_counts_and_latest_projects(client, site):
    rennes, brest = Commune.objects.get(pk="35238"), Commune.objects.get(pk="29019")
    ProjectFactory(title="Épicerie solidaire de Rennes", commune=rennes)
    ProjectFactory(title="Recyclerie de Brest", commune=brest)
    ProjectFactory(title="Brouillon invisible", commune=rennes, live=False)
    response = client.get("/")
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats == {
        "projects": 2,
        "partners": Organisation.objects.public().count(),
        "territories": 2,
    }
    assert "Épicerie solidaire de Rennes" in response.text
    assert "Brouillon invisible" not in response.text


def test_partner_directory_lists_every_public_partner_with_counts(client, site):
    partner = OrganisationFactory(name="Fondation Exemple")
    OrganisationFactory(name="Partenaire en attente", status=Organisation.Status.PENDING)
    ProjectSourceFactory(organisation=partner, project=ProjectFactory())
    ProjectSourceFactory(organisation=partner, project=ProjectFactory())
    ProjectSourceFactory(organisation=partner, project=ProjectFactory(live=False))
    response = client.get("/partenaires/")
    assert response.status_code == 200
    for name in Organisation.objects.public().values_list("name", flat=True):
        assert name.replace("'", "&#x27;") in response.text
    assert "Partenaire en attente" not in response.text
    counts = {p.name: p.project_count for p in response.context["partners"]}
    assert counts["Fondation Exemple"] == 2


def test_page_types_declare_where_they_live(site):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root) is False, "only one home page"
    assert StandardPage.can_create_at(root) is False
    assert StandardPage.can_create_at(site) is True
    assert StandardPage.can_create_at(StandardPage.objects.first()) is True
    assert PartnerDirectoryPage.can_create_at(site) is False, "already one directory"
    assert CataloguePage.can_create_at(StandardPage.objects.first()) is False


def test_governance_pages_are_served(client, site):
    for path, words in [
        ("/charte/", "Égalité des membres"),
        ("/innovation-sociale/", "besoins sociaux"),
        ("/rejoindre/", "adresse de votre site"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert words in response.text


def test_privacy_and_accessibility_statements_are_linked_from_every_page(client, site):
    """What a French public-interest portal publishes: what is kept and for how long (RGPD),
    and an accessibility statement with its conformity level and recourse (RGAA)."""
    home = client.get("/").text
    for path, words in [
        ("/confidentialite/", ["Combien de temps", "supprimer votre compte", "CNIL"]),
        ("/accessibilite/", ["partiellement conforme", "RGAA", "Défenseur des droits"]),
        ("/sources-et-mentions/", ["Licence Ouverte"]),
    ]:
        assert f'href="{path}"' in home, path
        response = client.get(path)
        assert response.status_code == 200, path
        for word in words:
            assert word in response.text, (path, word)


def test_home_offers_the_catalogue_search(client, site):
    from projects.catalogue.presenters import catalogue_url

    home = client.get("/").text
    assert f'action="{catalogue_url()}"' in home and 'name="q"' in home


def test_each_partner_has_a_page_with_its_projects_and_sources_health(client, site):
    from django.utils import timezone

    from harvesting.models import HarvestRun
    from harvesting.tests.factories import HarvestSourceFactory

    partner = OrganisationFactory(name="Fondation Exemple", presentation="Elle soutient l'ESS.")
    mine = ProjectFactory(title="Repair café de la gare")
    ProjectSourceFactory(organisation=partner, project=mine)
    ProjectSourceFactory(
        organisation=partner, project=ProjectFactory(title="Brouillon", live=False)
    )
    source = HarvestSourceFactory(organisation=partner, name="Site de la fondation")
    HarvestRun.objects.create(
        source=source, state=HarvestRun.State.PARTIAL, finished_at=timezone.now(), failed=2
    )
    HarvestRun.objects.create(source=source, state=HarvestRun.State.RUNNING)  # not finished

    directory = client.get("/partenaires/").text
    assert 'href="/partenaires/' + partner.slug + '/"' in directory
    page = client.get(f"/partenaires/{partner.slug}/")
    assert page.status_code == 200
    html = page.text
    assert "Elle soutient l" in html and "Repair café de la gare" in html
    assert "Brouillon" not in html
    assert f"?organisation={partner.slug}" in html  # its projects in the catalogue
    assert 'data-source-state="partial"' in html and "Partielle" in html
    assert "partenaire-" in html  # the source's host, never its errors

    pending = OrganisationFactory(name="En attente", status=Organisation.Status.PENDING)
    assert client.get(f"/partenaires/{pending.slug}/").status_code == 404
    assert client.get("/partenaires/inconnu/").status_code == 404


def test_a_partner_without_projects_offers_no_empty_catalogue_button(client, site):
    partner = OrganisationFactory(name="Fondation Sans Projet")
    html = client.get(f"/partenaires/{partner.slug}/").text
    assert "Aucun projet publié" in html
    assert "data-partner-catalogue" not in html and "Voir ses 0 projets" not in html


def test_home_cards_have_an_illustration_of_their_theme(client, site):
    from projects.models import Theme

    theme = Theme.objects.filter(parent__isnull=True).order_by("sort_order", "code").first()
    ProjectFactory(title="Épicerie solidaire de Rennes", themes=[theme])
    ProjectFactory(title="Projet sans thème")
    html = client.get("/").text
    assert f'data-theme="{theme.code}"' in html  # the project's level-1 theme
    assert html.count('class="card-illustration"') == 2  # every home card, themed or not
    assert 'aria-hidden="true"' in html
