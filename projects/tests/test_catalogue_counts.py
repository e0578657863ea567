"""The one-statement counts of the catalogue agree with the plain definition of each facet,
computed here the slow way in Python, for many combinations of text and filters."""

import itertools
import random

import pytest
from django.http import QueryDict

from members.tests.factories import OrganisationFactory
from projects.catalogue.facets import DISJUNCTIVE, catalogue_counts
from projects.catalogue.params import SearchParams
from projects.catalogue.query import project_filter, project_ordered
from projects.catalogue.search import project_catalogue
from projects.models import Commune, Project, Theme
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db

WORDS = ["épicerie", "jardin", "vélo", "atelier", "solidaire"]
COMMUNES = ["35238", "29019", "75056", "13055", "69123", "97411"]


@pytest.fixture
def varied(reference_data):
    rng = random.Random(7)
    themes = list(Theme.objects.filter(code__in=["ALI", "AGR", "ACE", "ENV", "EMP", "EDU"]))
    orgs = [OrganisationFactory(name=f"Partenaire {i}") for i in range(4)]
    communes = [Commune.objects.get(pk=c) for c in COMMUNES]
    for i in range(60):
        title = " ".join(rng.sample(WORDS, 2)) + f" n°{i}"
        project = ProjectFactory(
            title=title,
            commune=rng.choice(communes),
            themes=rng.sample(themes, rng.randint(0, 3)),
            start_year=rng.choice([None, 2019, 2020, 2021]),
            location_precision=rng.choice(["commune", "address", "department"]),
        )
        for org in rng.sample(orgs, rng.randint(0, 2)):
            ProjectSourceFactory(project=project, organisation=org)
    return orgs


def passes(project, params, facet) -> bool:
    """Does ``project`` pass ``params``'s filter of ``facet`` (an unset filter passes)?"""
    values = getattr(params, facet)
    if not values:
        return True
    if facet == "themes":
        return set(values) <= {t.code for t in project.themes.all()}
    if facet == "organisations":
        return bool(set(values) & {s.organisation.slug for s in project.sources.all()})
    attribute = {
        "regions": "region_id",
        "departments": "department_id",
        "years": "start_year",
        "precisions": "location_precision",
    }[facet]
    return getattr(project, attribute) in values


def keys(project, facet) -> set[str]:
    if facet == "themes":
        return {str(t.pk) for t in project.themes.all()}
    if facet == "organisations":
        return {str(s.organisation_id) for s in project.sources.all()}
    value = {
        "regions": project.region_id,
        "departments": project.department_id,
        "years": project.start_year,
        "precisions": project.location_precision,
    }[facet]
    return set() if value is None else {str(value)}


def expected(params) -> tuple[dict, int]:
    """Each facet counted over the projects passing every filter but its own (themes: every
    filter), the slow way."""
    text_ids = set(project_filter(SearchParams(q=params.q)).values_list("id", flat=True))
    projects = [
        p
        for p in Project.objects.public().prefetch_related("themes", "sources__organisation")
        if p.pk in text_ids
    ]
    facets = ("themes", *DISJUNCTIVE)
    counts = {}
    for facet in facets:
        counted = {}
        others = [f for f in facets if f != facet or facet == "themes"]
        for project in projects:
            if all(passes(project, params, f) for f in others):
                for key in keys(project, facet):
                    counted[key] = counted.get(key, 0) + 1
        counts[facet] = counted
    total = sum(all(passes(p, params, f) for f in facets) for p in projects)
    return counts, total


def combinations(orgs):
    texts = ["", "jardin", "solidaire épicerie", "vel"]
    filters = [
        "",
        "region=53",
        "region=53&region=11",
        "department=35&year=2019",
        "theme=ALI",
        "theme=ENV&precision=commune",
        f"organisation={orgs[0].slug}",
        f"organisation={orgs[1].slug}&region=53&year=2020&year=2021",
        "region=04&department=974&precision=address",
        "organisation=inconnu&theme=NOPE",
    ]
    return [f"q={t}&{f}" for t, f in itertools.product(texts, filters)]


def test_counts_match_the_definition_of_each_facet(varied):
    for query in combinations(varied):
        params = SearchParams.from_querydict(QueryDict(query))
        found = catalogue_counts(params)
        counts, total = expected(params)
        assert found.total == total, query
        for facet, expected_counts in counts.items():
            assert found.counts[facet] == expected_counts, (query, facet)


@pytest.mark.parametrize("sort", ["relevance", "recent"])
def test_the_page_cut_from_the_counts_is_the_ordered_page(varied, sort):
    for query in combinations(varied)[:20]:
        params = SearchParams.from_querydict(QueryDict(f"{query}&sort={sort}"))
        ordered = list(project_ordered(params).values_list("id", flat=True))
        for page in (1, 2, 3):
            found = catalogue_counts(params, page_size=7, page=page)
            expected_ids = ordered[(page - 1) * 7 : page * 7]
            if expected_ids or page == 1:
                assert found.page_ids == expected_ids, (query, page)
            else:
                assert found.page_ids is None  # past the end: the caller clamps


def test_a_page_past_the_end_shows_the_last_one(varied):
    ordered = list(
        project_ordered(SearchParams(q="jardin", sort="recent")).values_list("id", flat=True)
    )
    result = project_catalogue(
        SearchParams(q="jardin", sort="recent", page=99), page_size=5, with_facets=True
    )
    last = (len(ordered) - 1) // 5 + 1
    assert result.page.number == last
    assert [p.pk for p in result.page.object_list] == ordered[(last - 1) * 5 :]
    assert result.count == len(ordered)
