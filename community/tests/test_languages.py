"""French first, English as the second language: complete catalogues, a switch on every page,
and cached answers that never hand one language's labels to the other's visitors."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.http import QueryDict
from django.test import override_settings
from django.utils import translation

from community.services import pages_seed
from projects.catalogue.params import SearchParams
from projects.catalogue.search import project_catalogue
from projects.models import Commune, Project
from projects.tests.factories import ProjectFactory

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"))


def test_there_is_an_english_catalogue():
    assert [p.parts[-3] for p in CATALOGUES] == ["en"]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-3] + "/" + p.name)
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    for entry in po.translated_entries():
        # a translation keeps the placeholders the code fills in
        for placeholder in ("%(", "%s", "%d", "{"):
            assert entry.msgid.count(placeholder) == entry.msgstr.count(placeholder) or (
                entry.msgid_plural
            ), entry.msgid
    # the .mo Django reads holds exactly the .po's translations (run `make messages` after
    # editing a .po)
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    written = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    assert compiled == written


@pytest.fixture
def site(reference_data):
    pages_seed()


@pytest.mark.django_db
def test_the_switch_remembers_english_and_returns_to_the_page(client, site):
    home = client.get("/")
    assert '<html lang="fr">' in home.text
    assert "Aller au contenu" in home.text
    assert 'hreflang="en"' in home.text

    response = client.get("/langue/", {"lang": "en", "next": "/partenaires/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/partenaires/?page=2"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    home = client.get("/")
    assert '<html lang="en">' in home.text
    assert "Skip to content" in home.text
    assert "Aller au contenu" not in home.text
    assert 'hreflang="fr"' in home.text  # and the way back

    client.get("/langue/", {"lang": "fr", "next": "/"})
    assert "Aller au contenu" in client.get("/").text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"lang": "en", "next": "https://evil.example/"},
        {"lang": "en", "next": "//evil.example/"},
        {"lang": "en"},
    ],
)
def test_the_switch_never_sends_visitors_elsewhere(client, query):
    response = client.get("/langue/", query)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_switch_ignores_unknown_languages(client):
    response = client.get("/langue/", {"lang": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_the_browser_language_is_honoured(client, site):
    english = client.get("/", headers={"accept-language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in english.text
    french = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert '<html lang="fr">' in french.text


@pytest.mark.django_db
@override_settings(CATALOGUE_CACHE_SECONDS=300)
def test_cached_facets_keep_each_language_its_labels(reference_data):
    ProjectFactory(commune=Commune.objects.get(pk="35238"), location_precision="commune")
    params = SearchParams.from_querydict(QueryDict(""))

    def precision_label():
        (entry,) = project_catalogue(params).facets["precisions"]
        return entry["label"]

    with translation.override("fr"):
        assert precision_label() == str(Project.Precision.COMMUNE.label) == "Commune"
    with translation.override("en"):
        assert precision_label() == "Municipality"
    with translation.override("fr"):
        assert precision_label() == "Commune"


@pytest.mark.django_db
@override_settings(CATALOGUE_CACHE_SECONDS=300)
def test_the_shared_catalogue_page_is_shared_per_language(client, site):
    ProjectFactory(title="Épicerie solidaire")
    french = client.get("/projets-recherche/")
    assert french.status_code == 200 and '<html lang="fr">' in french.text
    english = client.get("/projets-recherche/", headers={"accept-language": "en"})
    assert '<html lang="en">' in english.text
    assert '<html lang="fr">' in client.get("/projets-recherche/").text
