"""Offline gazetteer: loading the shipped communes file and its indexes (no database)."""

from __future__ import annotations

import hashlib

import pytest

from projects.consolidation.gazetteer import (
    COMMUNES_PATH,
    Gazetteer,
    _read_communes,
    get_gazetteer,
    name_key,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


def test_shipped_file_is_the_documented_one():
    digest = hashlib.sha256(COMMUNES_PATH.read_bytes()).hexdigest()
    assert digest == "516340586bf40a11ffab27ddd2438a43aa5861cae79bfe6b5fcb5c3dc4920c3b"


def test_loads_every_commune():
    fresh = Gazetteer(_read_communes(COMMUNES_PATH))
    assert len(fresh.communes) == 34_969


def test_loaded_once_per_process(gaz):
    assert get_gazetteer() is gaz


def test_by_insee_code_keeps_leading_zeros_and_corsica(gaz):
    ambérieu = gaz.commune("01004")
    assert ambérieu is not None and ambérieu.name == "Ambérieu-en-Bugey"
    assert ambérieu.department_code == "01" and ambérieu.region_name == "Auvergne-Rhône-Alpes"
    ajaccio = gaz.commune("2A004")
    assert ajaccio is not None and ajaccio.name == "Ajaccio" and ajaccio.department_code == "2A"
    assert gaz.commune("2a004") == ajaccio
    assert gaz.commune("99999") is None


def test_commune_record_has_population_and_coordinates(gaz):
    paris = gaz.commune("75056")
    assert paris.population > 2_000_000
    assert paris.lat == pytest.approx(48.85661) and paris.lon == pytest.approx(2.34280)
    assert "75011" in paris.postal_codes and "75116" in paris.postal_codes


def test_postal_code_can_cover_several_communes(gaz):
    assert [c.name for c in gaz.communes_by_postal_code("35000")] == ["Rennes"]
    several = gaz.communes_by_postal_code("01400")
    assert len(several) > 3
    populations = [c.population or 0 for c in several]
    assert populations == sorted(populations, reverse=True)
    assert gaz.communes_by_postal_code("35 000") == gaz.communes_by_postal_code("35000")
    assert gaz.communes_by_postal_code("00000") == ()


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("Le Mans", "Le Mans"),
        ("le mans", "Le Mans"),
        ("Mans", "Le Mans"),
        ("LE HAVRE", "Le Havre"),
        ("St-Malo", "Saint-Malo"),
        ("saint malo", "Saint-Malo"),
        ("Ste Foy les Lyon", "Sainte-Foy-lès-Lyon"),
        ("L'Haÿ-les-Roses", "L'Haÿ-les-Roses"),
        ("Lhay les Roses", None),
        ("Villeneuve d'Ascq", "Villeneuve-d'Ascq"),
        ("Aix en Provence", "Aix-en-Provence"),
        ("Valence-d'Agen", "Valence"),
    ],
)
def test_names_match_whatever_the_spelling(gaz, written, official):
    found = gaz.communes_by_name(written)
    if official is None:
        assert found == ()
    else:
        assert found and found[0].name == official


def test_homonyms_are_all_returned_most_populous_first(gaz):
    saint_denis = gaz.communes_by_name("Saint-Denis")
    assert {c.insee for c in saint_denis} >= {"93066", "97411"}
    assert saint_denis[0].insee == "97411"  # La Réunion is the more populous one
    valence = gaz.communes_by_name("Valence")
    assert [c.department_code for c in valence][:2] == ["26", "82"]


def test_name_key_rules():
    assert name_key("Sainte-Marie") == name_key("STE MARIE") == "ste marie"
    assert name_key("Saint-Étienne") == "st etienne"
    assert name_key("Les Sables-d'Olonne") == "sables d olonne"
    assert name_key("Œuilly") == "oeuilly"
    assert name_key("La") == "la"  # an article alone is not stripped to nothing


def test_departments_by_code_and_name(gaz):
    ille = gaz.department("35")
    assert ille.name == "Ille-et-Vilaine" and ille.region_code == "53"
    assert gaz.department("5").code == "05"
    assert gaz.department("2b").name == "Haute-Corse"
    assert gaz.department_by_name("ille et vilaine") == ille
    assert gaz.department_by_name("Côtes d'Armor").code == "22"
    assert gaz.department_by_name("la Réunion").code == "974"
    assert gaz.department_by_name("Pays basque").code == "64"
    assert gaz.department_by_name("Bretagne") is None
    assert len(gaz.departments()) == 109


def test_regions_by_code_name_and_former_names(gaz):
    assert gaz.region("53").name == "Bretagne"
    assert gaz.region("53").department_codes == ("22", "29", "35", "56")
    assert gaz.region_by_name("hauts de france").code == "32"
    assert gaz.region_by_name("Provence-Alpes-Côte d'Azur").code == "93"
    assert gaz.region_by_name("PACA").code == "93"
    assert gaz.region_by_name("Midi-Pyrénées").code == "76"
    assert gaz.region_by_name("Nord-Pas-de-Calais").code == "32"
    assert len(gaz.regions()) == 26


@pytest.mark.parametrize("code", ["971", "972", "973", "974", "976"])
def test_overseas_departments_are_their_own_region(gaz, code):
    department = gaz.department(code)
    region = gaz.region(department.region_code)
    assert region.department_codes == (code,)
    assert (department.lat, department.lon) == (region.lat, region.lon)


def test_department_point_is_on_one_of_its_communes(gaz):
    for code in ("29", "35", "13", "971", "973", "2A"):
        department = gaz.department(code)
        points = {(c.lat, c.lon) for c in gaz.communes_in_department(code)}
        assert (department.lat, department.lon) in points
    # Ille-et-Vilaine's population centre is the Rennes area, not its geometric middle.
    ille = gaz.department("35")
    assert ille.lat == pytest.approx(48.11, abs=0.15) and ille.lon == pytest.approx(-1.68, abs=0.2)


def test_communes_in_department(gaz):
    guyane = gaz.communes_in_department("973")
    assert len(guyane) == 22
    assert guyane[0].name == "Cayenne"
