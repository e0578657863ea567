"""Seeding the catalogue to N is resumable: a second run, or a run after an interruption,
carries on where the first stopped and never writes a project twice; the derived columns
(search vector, facet arrays) are those the database computes for any write."""

import re
from collections import Counter

import pytest
from django.db import connection

from demo.seeding import projects_seed_to
from projects.models import Project

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^https://projet-(\d+)\.exemple\.org/$")


def generated_numbers() -> Counter:
    return Counter(
        int(NUMBER.match(w).group(1)) for w in Project.objects.values_list("website", flat=True)
    )


def test_seeding_to_a_count_twice_adds_only_what_is_missing(reference_data):
    assert projects_seed_to(50, batch_size=20) == 50
    assert projects_seed_to(80, batch_size=20) == 30
    assert projects_seed_to(80) == 0  # already there: nothing to do
    assert Project.objects.public().count() == 80
    numbers = generated_numbers()
    assert sorted(numbers) == list(range(1, 81)) and set(numbers.values()) == {1}
    slugs = Project.objects.values_list("slug", flat=True)
    assert len(set(slugs)) == 80


def test_an_interrupted_seeding_resumes_with_the_same_projects(reference_data):
    def interrupt_after_two_batches(progress):
        if progress.created >= 40:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        projects_seed_to(80, batch_size=20, progress=interrupt_after_two_batches)
    assert Project.objects.count() == 40  # the batches written before the interruption stay
    first = dict(Project.objects.values_list("website", "slug"))
    assert projects_seed_to(80, batch_size=30) == 40
    numbers = generated_numbers()
    assert sorted(numbers) == list(range(1, 81)) and set(numbers.values()) == {1}
    # a project's content depends on its number only: the first 40 are as they were
    assert {w: s for w, s in Project.objects.values_list("website", "slug") if w in first} == first


def test_seeded_projects_carry_the_derived_data_of_any_write(reference_data):
    projects_seed_to(30, batch_size=10)
    columns = "search_vector, facet_theme_ids, facet_organisation_ids"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {columns} FROM projects_project ORDER BY id")  # noqa: S608
        seeded = cursor.fetchall()
        # the triggers compute them again, as for an edit
        cursor.execute("UPDATE projects_project SET search_vector = NULL")
        cursor.execute(f"SELECT id, {columns} FROM projects_project ORDER BY id")  # noqa: S608
        assert cursor.fetchall() == seeded
    project = Project.objects.prefetch_related("themes", "sources").first()
    assert project.search_vector
    assert sorted(project.facet_theme_ids) == sorted(t.pk for t in project.themes.all())
    assert sorted(project.facet_organisation_ids) == sorted(
        {s.organisation_id for s in project.sources.all()}
    )
    assert project.themes.exists() and project.sources.exists()
