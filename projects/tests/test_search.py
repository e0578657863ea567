"""Full-text search: French, accents ignored, prefixes, weights, kept current on every write."""

import pytest

from members.tests.factories import OrganisationFactory
from projects.catalogue.params import SearchParams
from projects.catalogue.query import project_ordered
from projects.models import Project, Theme
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


def titles(query):
    """Titles the catalogue finds for ``query``, best first (its relevance order)."""
    return [p.title for p in project_ordered(SearchParams(q=query, sort="relevance"))]


def test_query_without_accents_finds_accented_words():
    ProjectFactory(title="Une école du numérique pour l'éducation populaire")
    ProjectFactory(title="Atelier vélo du quartier")
    assert titles("education") == ["Une école du numérique pour l'éducation populaire"]
    assert titles("ÉCOLE") == ["Une école du numérique pour l'éducation populaire"]


def test_french_stemming_and_prefix_for_type_ahead():
    ProjectFactory(title="Épiceries solidaires itinérantes")
    assert titles("épicerie solidaire") == ["Épiceries solidaires itinérantes"]
    assert titles("itin") == ["Épiceries solidaires itinérantes"]
    assert titles("itinéraire") == []


def test_drafts_are_not_public():
    ProjectFactory(title="Jardin partagé publié")
    ProjectFactory(title="Jardin partagé brouillon", live=False)
    assert titles("jardin") == ["Jardin partagé publié"]


def test_title_weighs_more_than_description():
    ProjectFactory(title="Projet A", description="<p>On y parle de recyclerie.</p>")
    ProjectFactory(title="Recyclerie du bourg", description="<p>Un lieu.</p>")
    assert titles("recyclerie") == ["Recyclerie du bourg", "Projet A"]


def test_vector_follows_description_update():
    project = ProjectFactory(title="Tiers-lieu", description="<p>Ateliers de couture</p>")
    assert titles("couture") == ["Tiers-lieu"]
    project.description = "<p>Ateliers de menuiserie</p>"
    project.save()
    assert titles("couture") == []
    assert titles("menuiserie") == ["Tiers-lieu"]


def test_vector_follows_themes_and_sources(reference_data):
    project = ProjectFactory(title="Tiers-lieu rural")
    assert titles("agriculture durable") == []
    project.themes.add(Theme.objects.get(code="AGR"))
    project.save()  # a ParentalManyToManyField writes on save, like the admin does
    assert titles("agriculture durable") == ["Tiers-lieu rural"]
    partner = OrganisationFactory(name="Bretagne Créative")
    ProjectSourceFactory(project=project, organisation=partner)
    # a partner is a filter, not words of its projects (migration 0012_search_understanding)
    assert titles("creative") == []
    listed = project_ordered(SearchParams(organisations=(partner.slug,)))
    assert [p.title for p in listed] == ["Tiers-lieu rural"]
    Theme.objects.filter(code="AGR").update(label="Agroécologie paysanne")
    # a raw UPDATE bypasses Django: only the database trigger can have refreshed the vector
    assert titles("agroecologie") == ["Tiers-lieu rural"]


def test_vector_includes_place_names(reference_data):
    from projects.models import Commune

    project = ProjectFactory(title="Café des aidants", commune=Commune.objects.get(pk="35238"))
    project.refresh_from_db()
    assert project.department_id == "35" and project.region_id == "53"
    assert titles("rennes") == ["Café des aidants"]
    assert titles("ille vilaine") == ["Café des aidants"]
    assert titles("bretagne") == ["Café des aidants"]


def test_bulk_created_projects_and_theme_links_are_searchable(reference_data):
    (project,) = Project.objects.bulk_create(
        [Project(title="Ressourcerie créative", slug="r", live=True)]
    )
    assert titles("ressourcerie") == ["Ressourcerie créative"]
    theme = Theme.objects.get(code="ENE")
    Project.themes.through.objects.bulk_create(
        [Project.themes.through(project_id=project.pk, theme_id=theme.pk)]
    )
    assert titles("energies") == ["Ressourcerie créative"]


def test_empty_or_symbol_only_query_lists_everything():
    ProjectFactory.create_batch(3)
    assert len(titles("")) == 3
    assert len(titles("  &|!:* ")) == 3
