"""The any-word fallback leaves out the words most projects hold (from PostgreSQL's statistics),
keeps ranking by the number of words matched, and still answers a text of common words only."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict

from projects.catalogue.common_words import share, shares_reset
from projects.catalogue.matching import MAX_SHARE, search_plan
from projects.catalogue.params import SearchParams
from projects.catalogue.search import project_catalogue
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def search(query: str):
    return project_catalogue(SearchParams.from_querydict(QueryDict(query)), page_size=50)


def analysed():
    """Statistics of the table as ANALYZE (or autovacuum) keeps them, read again."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE projects_project")
    shares_reset()


@pytest.fixture
def catalogue(reference_data):
    for n in range(8):
        ProjectFactory(title=f"Épicerie solidaire numéro {n}", summary="Un lieu solidaire.")
    for n in range(8):
        ProjectFactory(title=f"Atelier partagé numéro {n}", summary="Un lieu solidaire.")
    found = {
        "three": ProjectFactory(title="Jardin potager solidaire"),
        "two": ProjectFactory(title="Jardin des familles", summary="Un lieu solidaire."),
        "one": ProjectFactory(title="Potager des écoles", summary="Rien d'autre."),
    }
    analysed()
    yield found
    shares_reset()


def test_shares_come_from_the_statistics(catalogue):
    assert share("solidaire") > MAX_SHARE  # 18 projects of 19
    assert share("epicerie") > MAX_SHARE
    assert share("jardin") <= MAX_SHARE
    assert share("zorglub") == 0
    # variants and prefixes count every form
    assert share("(solidaires | solidaire)") >= share("solidaire")
    assert share("solid:*") >= share("solidaire")


def test_fallback_skips_common_words_and_ranks_by_words_matched(catalogue):
    plan = search_plan("solidaire jardin potager")
    assert sorted(plan.raw("any").split(" | ")) == ["jardin", "potager"]
    assert "solidaire" in plan.any_raw  # still ranked (and highlighted)
    result = search("q=solidaire jardin potager")
    assert result.notice == "any"
    # the 16 projects that hold "solidaire" only are not matched, the others by words matched
    assert [p.pk for p in result.page.object_list] == [
        catalogue["three"].pk,
        catalogue["two"].pk,
        catalogue["one"].pk,
    ]
    assert result.count == 3


def test_a_text_of_common_words_only_still_answers(catalogue):
    # no project is both a grocery and a workshop: every-word matching finds nothing
    assert search("q=epicerie atelier&match=all").count == 0
    plan = search_plan("epicerie atelier")
    assert len(plan.any_words()) == 1 and plan.any_words()[0] in ("epicerie", "atelier")
    result = search("q=epicerie atelier")
    assert result.notice == "any" and result.count == 8
    # a rare word no project holds does not empty the fallback
    result = search("q=epicerie zorglub")
    assert result.notice == "any" and result.count == 8
    assert all("Épicerie" in p.title for p in result.page.object_list)


def test_words_of_a_synonym_are_kept(catalogue):
    from projects.models import Synonym

    Synonym.objects.create(expressions="JPS\njardin potager solidaire")
    cache.clear()  # the synonyms' stamp is read again at most every 5 seconds
    plan = search_plan("JPS zorglub")
    assert "solidaire" in plan.any_words()  # common, but what the acronym means


def test_without_statistics_every_word_is_kept(reference_data):
    shares_reset()
    ProjectFactory(title="Jardin potager")
    plan = search_plan("jardin potager solidaire")
    # the test table was never analysed, or holds other rows: no word is common enough
    assert set(plan.any_words()) <= set(plan.words)
    assert "jardin" in plan.any_words() and "potager" in plan.any_words()


def test_common_words_count_again_when_the_filtered_projects_hold_only_them(catalogue):
    # the only project of 1999 holds "solidaire" (common), not "familles" (the rare word)
    old = ProjectFactory(title="Épicerie du village", summary="Un lieu solidaire.", start_year=1999)
    analysed()
    assert "solidaire" not in search_plan("solidaire familles").any_words()
    assert search("q=solidaire familles&year=1999&match=any").count == 0
    result = search("q=solidaire familles&year=1999")
    assert result.notice == "any"
    assert [p.pk for p in result.page.object_list] == [old.pk]
