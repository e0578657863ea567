"""Catalogue speed-ups that must never change an answer: facet arrays kept by triggers, one
rewrite per statement, and cached answers that any write to the catalogue makes stale."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from members.tests.factories import OrganisationFactory
from projects.catalogue.cache import catalogue_version
from projects.catalogue.params import SearchParams
from projects.catalogue.search import project_catalogue
from projects.catalogue.suggest import typeahead
from projects.models import Project, ProjectSource, Theme
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


def search(query: str):
    return project_catalogue(SearchParams.from_querydict(QueryDict(query)))


def facet_arrays(project):
    project.refresh_from_db()
    return project.facet_theme_ids, project.facet_organisation_ids


def row_location(project) -> str:
    """Where the row's current version lies: every rewrite moves it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ctid FROM projects_project WHERE id = %s", [project.pk])
        return cursor.fetchone()[0]


def test_facet_arrays_follow_links_whatever_the_application_writes(reference_data):
    ali, env = Theme.objects.get(code="ALI"), Theme.objects.get(code="ENV")
    avise, bc = OrganisationFactory(), OrganisationFactory()
    project = ProjectFactory(themes=[ali, env])
    assert facet_arrays(project) == (sorted([ali.pk, env.pk]), [])
    source = ProjectSourceFactory(project=project, organisation=avise)
    assert facet_arrays(project)[1] == [avise.pk]
    ProjectSource.objects.filter(pk=source.pk).update(organisation=bc)
    assert facet_arrays(project)[1] == [bc.pk]
    Project.themes.through.objects.filter(project=project, theme=ali).delete()
    assert facet_arrays(project)[0] == [env.pk]
    # a stale value sent by the application is recomputed by the trigger
    Project.objects.filter(pk=project.pk).update(facet_theme_ids=[999], facet_organisation_ids=[])
    assert facet_arrays(project) == ([env.pk], [bc.pk])


def test_a_harvest_touching_a_source_does_not_rewrite_its_project(reference_data):
    project = ProjectFactory()
    source = ProjectSourceFactory(project=project)
    before = row_location(project)
    ProjectSource.objects.filter(pk=source.pk).update(url=source.url + "?vu")
    assert row_location(project) == before
    ProjectSource.objects.filter(pk=source.pk).update(organisation=OrganisationFactory())
    assert row_location(project) != before


def test_linking_many_themes_rewrites_the_project_once(reference_data):
    project = ProjectFactory()
    themes = list(Theme.objects.all()[:5])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'projects_project'"
        )
        updates_before = cursor.fetchone()[0]
        Project.themes.through.objects.bulk_create(
            [Project.themes.through(project_id=project.pk, theme_id=t.pk) for t in themes]
        )
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'projects_project'"
        )
        assert cursor.fetchone()[0] - updates_before == 1
    assert sorted(facet_arrays(project)[0]) == sorted(t.pk for t in themes)


def test_every_catalogue_write_advances_the_version(reference_data):
    versions = [catalogue_version()]
    project = ProjectFactory()
    versions.append(catalogue_version())
    Project.themes.through.objects.create(project=project, theme=Theme.objects.first())
    versions.append(catalogue_version())
    OrganisationFactory(name="Nouveau partenaire")
    versions.append(catalogue_version())
    Theme.objects.filter(pk=Theme.objects.first().pk).update(label="Libellé revu")
    versions.append(catalogue_version())
    assert versions == sorted(set(versions)), versions


def test_a_harvest_seeing_pages_again_keeps_the_version(reference_data):
    from projects.services.importer import project_source_seen, project_source_unlist

    project, elsewhere = ProjectFactory(), ProjectFactory()
    source = ProjectSourceFactory(project=project)
    partner = OrganisationFactory()
    before = catalogue_version()
    # every unchanged partner page read again by a harvest, or no longer listed
    project_source_seen(source.organisation_id, source.url)
    project_source_unlist(source.organisation_id, source.url)
    # statements that change no row
    ProjectSource.objects.filter(pk=-1).update(organisation=partner)
    ProjectSource.objects.filter(pk=-1).delete()
    Project.objects.filter(pk=-1).update(title="Personne")
    Theme.objects.filter(pk=-1).delete()
    assert catalogue_version() == before
    # what the catalogue shows: a source's partner or project, a new or removed source
    moved = [catalogue_version()]
    ProjectSource.objects.filter(pk=source.pk).update(organisation=partner)
    moved.append(catalogue_version())
    ProjectSource.objects.filter(pk=source.pk).update(project=elsewhere)
    moved.append(catalogue_version())
    other = ProjectSourceFactory(project=project)
    moved.append(catalogue_version())
    ProjectSource.objects.filter(pk=other.pk).delete()
    moved.append(catalogue_version())
    assert moved == sorted(set(moved)), moved


@override_settings(CATALOGUE_CACHE_SECONDS=300)
def test_cached_answers_never_outlive_a_change(reference_data):
    ali = Theme.objects.get(code="ALI")
    ProjectFactory(title="Épicerie solidaire du port", themes=[ali])
    first = search("q=epicerie")
    assert first.count == 1
    assert {e["code"]: e["count"] for e in first.facets["themes"]}["ALI"] == 1
    # nothing changed: the same answer comes from the cache, no facet statement runs
    with CaptureQueriesContext(connection) as queries:
        again = search("q=epicerie")
    assert again.count == 1 and not any("WITH m AS" in q["sql"] for q in queries)
    # a publication shows at the next request, in the results, the total and the facets
    late = ProjectFactory(title="Épicerie ambulante", themes=[ali])
    after = search("q=epicerie")
    assert after.count == 2
    assert {e["code"]: e["count"] for e in after.facets["themes"]}["ALI"] == 2
    assert late.pk in [p.pk for p in after.page.object_list]
    # an editor unpublishing a project: gone at once, as is its type-ahead suggestion
    assert [p["label"] for p in typeahead("ambul")["projects"]] == ["Épicerie ambulante"]
    Project.objects.filter(pk=late.pk).update(live=False)
    assert search("q=epicerie").count == 1
    assert typeahead("ambul")["projects"] == []


@override_settings(CATALOGUE_CACHE_SECONDS=300)
def test_cache_keys_separate_filters_pages_and_sorts(reference_data):
    ali, env = Theme.objects.get(code="ALI"), Theme.objects.get(code="ENV")
    for i in range(3):
        ProjectFactory(title=f"Jardin {i}", themes=[ali])
    ProjectFactory(title="Jardin du bord de mer", themes=[env])
    assert search("q=jardin").count == 4
    assert search("q=jardin&theme=ALI").count == 3
    assert search("q=jardin&theme=ENV").count == 1
    assert search("q=jardin&theme=NOPE").count == 0
    pages = {
        tuple(
            p.pk
            for p in project_catalogue(
                SearchParams.from_querydict(QueryDict(f"q=jardin&page={n}")), page_size=2
            ).page.object_list
        )
        for n in (1, 2)
    }
    assert len(pages) == 2 and len(set().union(*pages)) == 4
