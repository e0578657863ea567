"""The catalogue page and the API understand places and themes in the typed text, widen a
search that finds few projects and say so, and answer any input with a page (never a 500)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils.html import escape

from projects.catalogue.presenters import catalogue_url
from projects.models import Commune, Theme
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "snake_case_mot",
    "l'école_2",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "& | ! : * ( ) <-> '",
    "(((",
    "é" * 3000,
    "🙂",
]


@pytest.fixture
def projects(seeded_site):
    brest, annecy = Commune.objects.get(pk="29019"), Commune.objects.get(name="Annecy")
    ali = Theme.objects.get(code="ALI")
    return {
        "brest": ProjectFactory(title="Épicerie solidaire du port", commune=brest, themes=[ali]),
        "annecy": ProjectFactory(title="Épicerie solidaire du lac", commune=annecy, themes=[ali]),
    }


def test_a_region_in_the_query_is_a_removable_chip(client, projects):
    page = client.get(catalogue_url(), {"q": "épicerie solidaire en Bretagne"})
    html = page.content.decode()
    assert page.status_code == 200
    assert projects["brest"].get_absolute_url() in html
    assert projects["annecy"].get_absolute_url() not in html
    assert 'data-place="region"' in html and "Bretagne" in html
    chip = html.split('data-place="region"')[0].rsplit('href="', 1)[1].split('"')[0]
    query = parse_qs(urlsplit(chip.replace("&amp;", "&")).query)
    assert query.get("q") == ["épicerie solidaire"] and "region" not in query
    # a theme named is offered as a filter
    html = client.get(catalogue_url(), {"q": "alimentation durable"}).content.decode()
    assert 'data-theme="ALI"' in html and "Alimentation durable — " in html


def test_any_word_fallback_is_said_in_french(client, projects):
    html = client.get(catalogue_url(), {"q": "épicerie zorglub"}).content.decode()
    assert escape("Aucun projet ne contient tous vos mots") in html
    assert projects["brest"].get_absolute_url() in html


def test_the_api_reflects_what_it_understood(client, projects):
    response = client.get("/api/projects", {"q": "épicerie à Brest"})
    data = response.json()
    assert [r["title"] for r in data["results"]] == [projects["brest"].title]
    assert data["understood"]["q"] == "épicerie"
    assert data["understood"]["places"] == [{"kind": "commune", "code": "29019", "label": "Brest"}]
    assert client.get("/api/projects", {"commune": "29019"}).json()["count"] == 1


def test_hostile_input_answers_a_page(client, projects):
    for text in HOSTILE:
        # a control character is unusable input: 400 with a French message (community/
        # input_guard.py, issue 17.7); anything else is searched
        expected = 400 if any(ord(c) < 32 for c in text) else 200
        answer = client.get(catalogue_url(), {"q": text})
        assert answer.status_code == expected, text
        if expected == 400:
            assert "caractère" in answer.content.decode(), text
        assert (
            client.get(catalogue_url(), {"q": text, "partial": "results"}).status_code == expected
        )
        assert client.get("/api/projects", {"q": text}).status_code == expected, text
        assert client.get(reverse("projects:typeahead"), {"q": text}).status_code == expected, text


OPERATORS = [
    "& | ! : * ( ) < > <-> <2> \" ' \\",
    "épicerie & !zorglub | (port:* <-> lac)",
    'épicerie "solidaire" zorglub:A',
    "épicerie:* zorglub & |",
    "1:* 0 & 00000",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("text", [t for t in HOSTILE if all(ord(c) >= 32 for c in t)] + OPERATORS)
def test_typed_input_answers_every_search_endpoint(client, projects, text):
    """Operators of the tsquery syntax, quotes and 10 kB reach no SQL as syntax: the API,
    type-ahead, map clusters, feed and export answer (the any-word fallback included)."""
    answers = {
        "/api/projects": {"q": text},
        reverse("projects:typeahead"): {"q": text},
        reverse("projects:clusters"): {"q": text, "zoom": "5", "bbox": "-5.5,41,10,51.5"},
        reverse("projects:feed"): {"q": text},
        reverse("projects:export", args=["csv"]): {"q": text},
        catalogue_url(): {"q": text},
    }
    for path, query in answers.items():
        answer = client.get(path, query)
        assert answer.status_code == 200, (path, text, answer.content[:200])
    # a word of the catalogue among the operators is still found (fallback when needed)
    if text.startswith("épicerie"):
        data = client.get("/api/projects", {"q": text}).json()
        assert data["count"] == 2, text
