"""Stored "similar projects": computed once, read back, forgotten when the project changes."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects.catalogue.similar import rank_similar, refresh_neighbours, similar_projects
from projects.models import Project, ProjectNeighbours
from projects.tests.factories import ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def ranking_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "ts_rank" in q["sql"]]


@pytest.fixture
def gardens():
    theme = ThemeFactory(code="T900", label="Alimentation")
    main = ProjectFactory(title="Jardin partagé des Lilas", themes=[theme])
    others = [ProjectFactory(title=f"Jardin partagé numéro {n}", themes=[theme]) for n in range(5)]
    ProjectFactory(title="Atelier vélo")
    return main, others


def test_neighbours_are_ranked_once_then_read_back(gardens):
    main, others = gardens
    with CaptureQueriesContext(connection) as first:
        shown = similar_projects(main)
    assert ranking_queries(first)  # ranked at the first view
    assert {p.pk for p in shown} <= {p.pk for p in others} and len(shown) == 4
    assert ProjectNeighbours.objects.get(project=main).neighbour_ids[:4] == [p.pk for p in shown]

    with CaptureQueriesContext(connection) as again:
        assert similar_projects(main) == shown
    assert not ranking_queries(again)  # read back, not ranked


def test_stored_neighbours_equal_a_ranking_made_now(gardens):
    main, _ = gardens
    refresh_neighbours()
    assert ProjectNeighbours.objects.get(project=main).neighbour_ids == rank_similar(main)


def test_a_change_of_title_place_publication_or_themes_forgets_the_row(gardens):
    main, _ = gardens
    similar_projects(main)
    # a bulk update (as the importer does) goes through the database trigger
    Project.objects.filter(pk=main.pk).update(title="Jardin partagé des Lilas (Montreuil)")
    assert not ProjectNeighbours.objects.filter(project=main).exists()

    main.refresh_from_db()
    similar_projects(main)
    main.themes.add(ThemeFactory(code="T901", label="Lien social"))  # a cluster relation:
    main.save()  # written at save
    assert not ProjectNeighbours.objects.filter(project=main).exists()

    similar_projects(main)
    Project.objects.filter(pk=main.pk).update(summary="Un autre résumé")  # not ranked on
    assert ProjectNeighbours.objects.filter(project=main).exists()


def test_an_unpublished_neighbour_is_never_shown(gardens):
    main, _ = gardens
    shown = similar_projects(main)
    Project.objects.filter(pk=shown[0].pk).update(live=False)
    again = similar_projects(main)
    assert shown[0] not in again and len(again) == 4


def test_refresh_fills_missing_and_stale_rows_only(gardens, capsys):
    main, others = gardens
    assert refresh_neighbours() == 7  # every public project
    assert refresh_neighbours() == 0  # all fresh
    ProjectNeighbours.objects.filter(project=main).update(
        computed_at=timezone.now() - timedelta(days=30)
    )
    call_command("projects_neighbours")
    assert "Projets similaires enregistrés : 1 " in capsys.readouterr().out
    assert ProjectNeighbours.objects.get(project=main).computed_at > timezone.now() - timedelta(
        minutes=1
    )
