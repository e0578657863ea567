"""Bounded ranking: the candidates of a cheap order ranked by full relevance, then the other
matches in that cheap order; the same order from the facets' statement and from the ORM."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.test import override_settings
from django.utils import timezone

from projects.catalogue.facets import catalogue_counts
from projects.catalogue.params import SearchParams
from projects.catalogue.query import project_ordered
from projects.catalogue.ranking import title_only
from projects.models import Project
from projects.tests.factories import ProjectFactory
from projects.tests.test_catalogue_counts import combinations, varied  # noqa: F401

pytestmark = pytest.mark.django_db


def ids(queryset) -> list[int]:
    return list(queryset.values_list("id", flat=True))


def pages(params, size: int) -> list[int]:
    found, page = [], 1
    while (cut := catalogue_counts(params, page_size=size, page=page).page_ids) and page < 50:
        found += cut
        page += 1
    return found


@pytest.fixture
def gardens(reference_data):
    """Eight projects with "jardin" in the title, twelve newer ones with it in the description
    only: recency alone would put the latter first, relevance the former."""
    now = timezone.now()
    for i in range(8):
        ProjectFactory(title=f"Jardin partagé {i}", description="<p>Des légumes.</p>")
    for i in range(12):
        ProjectFactory(title=f"Lieu {i}", description="<p>Un jardin au pied des tours.</p>")
    for i, project in enumerate(Project.objects.order_by("id")):
        published = now - timedelta(days=40 - i)
        Project.objects.filter(pk=project.pk).update(first_published_at=published)


def test_title_only_restricts_every_lexeme_to_the_title():
    assert title_only("jardin") == "jardin:A"
    assert title_only("(lieux | lieu)") == "(lieux:A | lieu:A)"
    assert title_only("educ:*") == "educ:*A"
    assert title_only("(ess | (economie & sociale & solidaire))") == (
        "(ess:A | (economie:A & sociale:A & solidaire:A))"
    )


def test_few_matches_are_ranked_exactly_as_the_full_ranking(gardens):
    params = SearchParams(q="jardin")
    full = ids(project_ordered(params, full=True))
    assert len(full) == 20
    assert ids(project_ordered(params)) == full
    assert catalogue_counts(params, page_size=20).page_ids == full


@override_settings(CATALOGUE_RANK_CANDIDATES=5)
def test_title_matches_stay_first_when_only_a_few_are_ranked(gardens):
    params = SearchParams(q="jardin")
    full = ids(project_ordered(params, full=True))
    bounded = ids(project_ordered(params))
    titles = dict(Project.objects.values_list("id", "title"))
    assert all(titles[pk].startswith("Jardin") for pk in bounded[:8])
    assert set(bounded[:5]) == set(full[:5])  # here the cheap order finds the five best
    assert sorted(bounded) == sorted(full)  # every match, once


@override_settings(CATALOGUE_RANK_CANDIDATES=5)
def test_every_page_of_the_statement_follows_the_bounded_order(gardens):
    params = SearchParams(q="jardin")
    ordered = ids(project_ordered(params))
    for size in (3, 5, 7):  # pages inside, across and after the candidates
        assert pages(params, size) == ordered, size


@override_settings(CATALOGUE_RANK_CANDIDATES=3)
def test_pages_cut_from_the_counts_follow_the_ordered_queryset(varied):  # noqa: F811
    for query in combinations(varied)[:24]:
        params = SearchParams.from_querydict(QueryDict(query))
        ordered = ids(project_ordered(params))
        assert pages(params, 4) == ordered, query
        total = catalogue_counts(params).total
        assert len(ordered) == total, query
