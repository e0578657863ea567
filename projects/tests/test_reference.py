"""Reference data loaded from the shipped thesaurus and gazetteer."""

import json

import pytest

from projects.models import Commune, Department, Region, Theme
from projects.services.reference import THEMES_JSON, territories_load, themes_load

pytestmark = pytest.mark.django_db


def test_thesaurus_has_two_levels_with_codes_from_the_file(reference_data):
    data = json.loads(THEMES_JSON.read_text())
    level1 = {t["code"] for t in data["themes"]}
    level2 = {c["code"] for t in data["themes"] for c in t["children"]}
    assert set(Theme.objects.filter(parent=None).values_list("code", flat=True)) == level1
    assert set(Theme.objects.exclude(parent=None).values_list("code", flat=True)) == level2
    assert Theme.objects.get(code="AGR").parent.code == "ENV"
    assert Theme.objects.get(code="AGR").level == 2


def test_reloading_keeps_labels_edited_by_editors(reference_data):
    Theme.objects.filter(code="EDU").update(label="Éducation, jeunesse et famille")
    assert themes_load() == 0
    assert Theme.objects.get(code="EDU").label == "Éducation, jeunesse et famille"


def test_territories_cover_all_of_france_including_overseas(reference_data):
    assert Commune.objects.count() == 34969
    assert Department.objects.count() == 109
    assert Region.objects.count() == 26
    assert territories_load() == 0
    reunion = Commune.objects.get(name="Saint-Denis", department="974")
    assert reunion.department.region.name == "La Réunion"
    paris = Commune.objects.get(pk="75056")
    assert "75116" in paris.postal_codes
    assert Department.objects.get(code="2A").name == "Corse-du-Sud"
