"""Catalogue search: combined facets with exact counts, French text, typos, pages, URL state."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from members.tests.factories import OrganisationFactory
from projects.catalogue.params import SearchParams
from projects.catalogue.search import project_catalogue
from projects.catalogue.suggest import did_you_mean, typeahead
from projects.models import Commune, Project, Theme
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


def search(query: str, **kwargs):
    return project_catalogue(SearchParams.from_querydict(QueryDict(query)), **kwargs)


def counts(result, facet):
    return {(e.get("code") or e.get("slug")): e["count"] for e in result.facets[facet]}


@pytest.fixture
def catalogue(reference_data):
    """Six projects in Brittany (35, 29) and Paris, with themes and partners."""
    # like the classifier, each sub-theme comes with its level-1 parent (ENV, EMP)
    ali, agr, ace, env, emp = (
        Theme.objects.get(code=c) for c in ("ALI", "AGR", "ACE", "ENV", "EMP")
    )
    rennes, brest, paris = (Commune.objects.get(pk=c) for c in ("35238", "29019", "75056"))
    avise, bc = OrganisationFactory(name="Avise test"), OrganisationFactory(name="BC test")
    rows = [
        ("Épicerie solidaire de Rennes", rennes, [ali, env], [avise], 2019),
        ("Épiceries solidaires itinérantes", brest, [ali, ace, env, emp], [bc], 2021),
        ("Jardin partagé du Blosne", rennes, [agr, ali, env], [avise, bc], 2019),
        ("Garage solidaire", paris, [ace, emp], [avise], 2020),
        ("Ressourcerie du quartier", paris, [ace, emp], [], None),
    ]
    made = {}
    for title, commune, themes, orgs, year in rows:
        project = ProjectFactory(title=title, commune=commune, themes=themes, start_year=year)
        for org in orgs:
            ProjectSourceFactory(project=project, organisation=org)
        made[title] = project
    ProjectFactory(title="Épicerie brouillon", commune=rennes, live=False, themes=[ali])
    return made


def test_facet_counts_follow_the_combined_filters(catalogue):
    result = search("q=solidaire")
    assert result.count == 3
    assert counts(result, "regions") == {"53": 2, "11": 1}
    assert counts(result, "departments") == {"35": 1, "29": 1, "75": 1}
    assert counts(result, "themes") == {"ENV": 2, "ALI": 2, "EMP": 2, "ACE": 2}
    levels = {e["code"]: (e["level"], e["parent"]) for e in result.facets["themes"]}
    assert levels["ALI"] == (2, "ENV") and levels["ENV"] == (1, None)

    combined = search("q=solidaire&region=53&theme=ALI")
    assert combined.count == 2
    assert {p.title for p in combined.page.object_list} == {
        "Épicerie solidaire de Rennes",
        "Épiceries solidaires itinérantes",
    }
    # disjunctive: the other regions keep their counts (without the region filter)
    assert counts(combined, "regions") == {"53": 2}
    assert counts(combined, "departments") == {"35": 1, "29": 1}
    # themes narrow down: their counts come from the fully filtered set
    assert counts(combined, "themes") == {"ENV": 2, "ALI": 2, "EMP": 1, "ACE": 1}
    assert counts(combined, "organisations") == {"avise-test": 1, "bc-test": 1}


def test_within_a_facet_values_add_up_and_across_facets_they_narrow(catalogue):
    both = search("region=53&region=11")
    assert both.count == 5
    assert counts(both, "regions") == {"53": 3, "11": 2}
    themes_and = search("theme=ALI&theme=AGR")
    assert [p.title for p in themes_and.page.object_list] == ["Jardin partagé du Blosne"]
    partner = search("organisation=bc-test&year=2019")
    assert [p.title for p in partner.page.object_list] == ["Jardin partagé du Blosne"]
    assert counts(partner, "years") == {"2019": 1, "2021": 1}
    assert counts(partner, "organisations") == {"avise-test": 2, "bc-test": 1}
    assert search("theme=NOPE").count == 0


def test_drafts_never_count(catalogue):
    assert search("q=epicerie").count == 2
    assert counts(search(""), "themes")["ALI"] == 3


def test_accents_plurals_and_prefixes(catalogue):
    strict = search("q=EPICERIES solidaire&match=all")
    titles = {p.title for p in strict.page.object_list}
    assert titles == {"Épicerie solidaire de Rennes", "Épiceries solidaires itinérantes"}
    # two results are few: projects with one of the words follow, those with both first
    wider = search("q=EPICERIES solidaire")
    assert wider.notice == "any"
    assert {p.title for p in wider.page.object_list[:2]} == titles
    assert search("q=jardins partages").count == 1
    assert search("q=ressourc").count == 1


def test_typo_gets_a_did_you_mean_that_finds_projects(catalogue):
    result = search("q=epicirie")
    # no project has the typed word: the results are those of the correction, said so
    assert (result.notice, result.typed, result.suggestion) == ("corrected", "epicirie", "épicerie")
    assert result.count == 2 == search(f"q={result.suggestion}").count
    assert did_you_mean("ressourcrie") == "ressourcerie"
    assert did_you_mean("zzzzqqq") == ""


def test_highlights_mark_matched_words_and_escape_text(reference_data):
    ProjectFactory(title="Atelier <b>vélo</b> solidaire", summary="Réparer son vélo & rouler")
    result = search("q=velo")
    marks = result.headlines[result.page.object_list[0].pk]
    assert "<mark>vélo</mark>" in marks["title"]
    assert "&lt;b&gt;" in marks["title"]
    assert "&amp;" in marks["summary"]


def test_pagination_and_sort(reference_data):
    now = timezone.now()
    for i in range(25):
        project = ProjectFactory(title=f"Cantine solidaire {i}")
        Project.objects.filter(pk=project.pk).update(
            first_published_at=now - timedelta(days=(i * 7) % 25)
        )
    first = search("q=cantine", page_size=10)
    assert first.count == 25 and len(first.page.object_list) == 10
    third = search("q=cantine&page=3", page_size=10)
    assert len(third.page.object_list) == 5
    seen = {p.pk for n in (1, 2, 3) for p in search(f"q=cantine&page={n}", page_size=10).page}
    assert len(seen) == 25
    recent = search("q=cantine&sort=recent", page_size=30)
    dates = [p.first_published_at for p in recent.page.object_list]
    assert dates == sorted(dates, reverse=True)


def test_params_round_trip_in_the_url():
    params = SearchParams.from_querydict(
        QueryDict("q=jardin&theme=ALI&region=53&region=11&year=2020&page=2&sort=recent&x=1")
    )
    again = SearchParams.from_querydict(QueryDict(params.querystring(page=True)))
    assert again == params
    toggled = params.toggled("region", "53")
    assert toggled.regions == ("11",) and toggled.page == 1
    assert params.toggled("theme", "AGR").themes == ("ALI", "AGR")
    assert SearchParams.from_querydict(QueryDict("region=<script>&page=-3")).regions == ()


def test_typeahead_suggests_projects_themes_and_places(catalogue):
    data = typeahead("epic")
    assert {p["label"] for p in data["projects"]} == {
        "Épicerie solidaire de Rennes",
        "Épiceries solidaires itinérantes",
    }
    assert all(p["url"].startswith("/projets/") for p in data["projects"])
    assert any(t["code"] == "ALI" for t in typeahead("alimentation")["themes"])
    assert any(p["code"] == "53" for p in typeahead("bretagne")["places"])
    assert typeahead("e") == {"projects": [], "themes": [], "places": []}


def test_typeahead_puts_titles_starting_with_the_text_first(reference_data):
    ProjectFactory(title="Atelier vélo et coopérative du quartier")
    ProjectFactory(title="Coopérative alimentaire de Lorient")
    ProjectFactory(title="Coop des aidants")
    ProjectFactory(title="Coopérative brouillon", live=False)
    labels = [p["label"] for p in typeahead("COOP")["projects"]]
    # starting with it (accents and case ignored), shortest first; then a word inside a title
    assert labels == [
        "Coop des aidants",
        "Coopérative alimentaire de Lorient",
        "Atelier vélo et coopérative du quartier",
    ]
    assert [p["label"] for p in typeahead("velo")["projects"]] == [
        "Atelier vélo et coopérative du quartier"
    ]
    # LIKE wildcards typed by a visitor are plain characters
    assert typeahead("c%p")["projects"] == typeahead("c_op")["projects"] == []


def test_typeahead_themes_and_places_follow_edits_at_once(reference_data):
    assert [p["code"] for p in typeahead("ille-et")["places"]] == ["35"]
    assert [p["code"] for p in typeahead("974")["places"]] == ["974"]
    assert {p["kind"] for p in typeahead("réunion")["places"]} == {"region", "department"}
    assert "44" in [p["code"] for p in typeahead("loire-atl")["places"]]
    theme = Theme.objects.get(code="ALI")
    assert typeahead("nourriture durable")["themes"] == []
    theme.label = "Nourriture durable"
    theme.save()
    assert [t["code"] for t in typeahead("nourriture dur")["themes"]] == ["ALI"]
