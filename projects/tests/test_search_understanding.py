"""Search that understands French queries: places, themes, synonyms, forgiving matching."""

import pytest
from django.core.cache import cache
from django.http import QueryDict

from members.tests.factories import OrganisationFactory
from projects.catalogue.params import SearchParams
from projects.catalogue.search import project_catalogue
from projects.catalogue.suggest import did_you_mean
from projects.catalogue.understanding import understand
from projects.models import Commune, Synonym, Theme
from projects.tests.factories import ProjectFactory, ProjectSourceFactory

pytestmark = pytest.mark.django_db


def search(query: str, **kwargs):
    return project_catalogue(SearchParams.from_querydict(QueryDict(query)), **kwargs)


def titles(query: str) -> list[str]:
    return [p.title for p in search(query, page_size=50).page.object_list]


def places(text: str) -> list[tuple[str, str]]:
    return [(p.kind, p.code) for p in understand(text).places]


def test_places_named_in_the_query_become_filters(reference_data):
    found = understand("jardin partagé à Rennes")
    assert found.text == "jardin partagé"
    assert places("jardin partagé à Rennes") == [("commune", "35238")]
    assert places("épicerie solidaire en Bretagne") == [("region", "53")]
    assert places("BRETAGNE") == places("bretagne") == [("region", "53")]
    assert places("ile de france") == [("region", "11")]
    assert places("cotes d'armor") == [("department", "22")]
    assert places("habitat inclusif (35)") == [("department", "35")]
    assert places("cantine 35000") == [("commune", "35238")]
    assert places("St Etienne") == places("saint-étienne") == [("commune", "42218")]
    assert places("garage dans le Lot") == [("department", "46")]


def test_homonyms_and_everyday_words(reference_data):
    biggest = (
        Commune.objects.filter(name="Valence").order_by("-population").values_list("pk", flat=True)
    )
    assert places("Valence") == [("commune", biggest[0])]
    in_82 = Commune.objects.get(name="Valence", department_id="82").pk
    assert places("Valence (82)") == [("commune", in_82)]
    # "Jardin" is a commune of the Isère and "Lot" a department: words unless a cue says place
    assert places("jardin partagé") == []
    assert understand("un lot de vélos").text == "un lot de vélos"
    assert places("à Jardin") == [("commune", Commune.objects.get(name="Jardin").pk)]


def test_a_misspelt_big_city_is_understood(reference_data):
    assert places("jardin partagé Marseile") == [("commune", "13055")]
    assert places("solidaires") == []


def test_themes_named_in_the_query_are_offered_and_ranked_first(reference_data):
    assert [t.code for t in understand("alimentation durable").themes] == ["ALI"]
    ali = Theme.objects.get(code="ALI")
    plain = ProjectFactory(title="Durable et local", summary="Une alimentation durable.")
    themed = ProjectFactory(title="Durable et local aussi", themes=[ali])
    themed.description = "<p>Une alimentation durable.</p>"
    themed.save()
    assert titles("q=alimentation durable")[0] == themed.title
    assert plain.title in titles("q=alimentation durable")


def test_place_is_a_filter_not_words_and_partner_names_are_not_searched(reference_data):
    rennes, annecy = Commune.objects.get(pk="35238"), Commune.objects.get(name="Annecy")
    ProjectFactory(title="Renaison du quartier", commune=annecy)
    ProjectFactory(title="Projet rénové, rendre service", commune=annecy)
    in_rennes = ProjectFactory(title="Cantine solidaire", commune=rennes)
    elsewhere = ProjectFactory(title="Atelier vélo", commune=annecy)
    ProjectSourceFactory(
        project=elsewhere, organisation=OrganisationFactory(name="Bretagne Créative")
    )
    result = search("q=Rennes")
    assert [p.title for p in result.page.object_list] == [in_rennes.title]
    assert result.params.communes == ("35238",) and result.params.q == ""
    assert titles("q=Bretagne") == [in_rennes.title]


def test_hyphenated_split_and_plural_forms_match(reference_data):
    ProjectFactory(title="Tiers-lieu numérique")
    ProjectFactory(title="Un tiers lieu rural")
    assert sorted(titles("q=tiers-lieux")) == ["Tiers-lieu numérique", "Un tiers lieu rural"]
    assert sorted(titles("q=tiers lieu")) == ["Tiers-lieu numérique", "Un tiers lieu rural"]


def test_synonyms_are_editable(reference_data):
    ProjectFactory(title="Coopérative", summary="Un acteur de l'économie sociale et solidaire.")
    ProjectFactory(title="Autre projet", summary="Rien à voir.")
    Synonym.objects.all().delete()
    cache.clear()
    assert titles("q=ESS&match=all") == []
    Synonym.objects.create(expressions="ESS\néconomie sociale et solidaire")
    cache.clear()  # the synonyms' stamp is read again at most every 5 seconds
    assert titles("q=ESS") == ["Coopérative"]
    assert titles("q=ess") == ["Coopérative"]


def test_last_word_is_a_prefix_only_when_it_is_not_a_whole_word(reference_data):
    ProjectFactory(title="Atelier vélo")
    ProjectFactory(title="Vélorution des familles")
    assert titles("q=velo&match=all") == ["Atelier vélo"]
    assert titles("q=velor") == ["Vélorution des familles"]
    assert sorted(titles("q=vél&match=all")) == ["Atelier vélo", "Vélorution des familles"]


def test_few_results_fall_back_to_any_word_ranked_by_words_matched(reference_data):
    ProjectFactory(title="Insertion des jeunes", summary="Vers l'emploi.")
    ProjectFactory(title="Insertion par le sport")
    ProjectFactory(title="Jeunes en vacances")
    ProjectFactory(title="Rien de commun")
    strict = search("q=jeunes insertion emploi&match=all")
    assert strict.count == 1 and strict.notice == ""
    result = search("q=jeunes insertion emploi")
    assert result.notice == "any" and result.count == 3
    assert result.page.object_list[0].title == "Insertion des jeunes"
    assert result.params.match == "any"


def test_did_you_mean_only_when_it_finds_and_never_a_worse_word(reference_data):
    ProjectFactory(title="Programme de tutorat scolaire")
    ProjectFactory(title="Ressourcerie du bourg")
    assert did_you_mean("ressourcrie") == "ressourcerie"
    # "circulaire" is no typo of "scolaire"
    assert did_you_mean("circulaire") == ""
    # a word some project has is never replaced
    assert did_you_mean("scolaire ressourcrie") == "scolaire ressourcerie"
    assert did_you_mean("zzzzqqq") == ""


def test_the_commune_empty_widens_to_its_department(reference_data):
    rennes, fougeres = Commune.objects.get(pk="35238"), Commune.objects.get(name="Fougères")
    ProjectFactory(title="Jardin partagé de Fougères", commune=fougeres)
    result = search("q=jardin partagé à Rennes")
    assert result.notice == "department"
    assert [p.title for p in result.page.object_list] == ["Jardin partagé de Fougères"]
    assert rennes.department_id in result.params.departments


@pytest.mark.parametrize(
    "text",
    [
        "\x00",
        "jardin\x00partagé",
        "x" * 10_000,
        "é " * 5_000,
        "a & b | !c : * ( ) <-> 'quote' \\",
        "!!!",
        "snake_case_mot a_b",
        "&|",
        ":*",
        "(35) 35000 (2A) ((",
        "🙂 ⚠️ \u200b",
    ],
)
def test_any_typed_input_gives_an_answer(reference_data, text):
    ProjectFactory(title="Jardin partagé")
    result = search(QueryDict(mutable=True).urlencode() + "q=" + _quote(text))
    assert result.count >= 0
    assert "\x00" not in result.params.q


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def test_a_theme_named_but_written_nowhere_gives_its_projects(reference_data):
    mob = Theme.objects.get(code="MOB")
    assert [t.code for t in understand("covoiturage").themes] == ["MOB"]
    themed = ProjectFactory(title="Navette des villages", summary="Aller au marché ensemble.")
    themed.themes.set([mob])
    themed.save()
    ProjectFactory(title="Potager des écoles", summary="Des légumes à la cantine.")
    result = search("q=covoiturage", page_size=50)
    assert result.notice == "theme" and result.theme_labels == mob.label
    assert [p.title for p in result.page.object_list] == [themed.title]
    # a theme filter already chosen is not widened again: the word is required
    assert search("q=covoiturage&theme=MOB").count == 0
