"""Short real-like text: lemmas, holder's name, UN goals as partner tags, no-theme reasons."""

import pytest

from projects.consolidation.classify import (
    NO_EVIDENCE,
    NO_TEXT,
    NOT_FRENCH,
    Classifier,
    classify,
    normalize_tag,
)
from projects.consolidation.goals import goal_number


def codes(matches):
    return {m.code for m in matches}


@pytest.mark.parametrize(
    ("tag", "number"),
    [
        ("ODD 10", 10),
        ("10- Réduction des inégalités", 10),
        ("SDG 4", 4),
        ("Objectif 13", 13),
        ("Objectif de développement durable n°5", 5),
        ("odd n° 3", 3),
        ("#ODD7", 7),
        ("Réduction des inégalités", 10),
        ("1- Agriculture", None),  # a partner's own numbered category, not goal 1
        ("Objectif 2030", None),
        ("ODD 18", None),
        ("Insertion", None),
    ],
)
def test_goal_spellings(tag, number):
    assert goal_number(tag) == number


def test_every_spelling_of_a_goal_has_one_rule_key():
    keys = {normalize_tag(t) for t in ["ODD 4", "SDG 4", "4- Éducation de qualité", "Objectif 4"]}
    assert keys == {"odd 4"}


def test_a_goal_tag_gives_its_theme_when_the_text_says_nothing_else():
    matches = classify("Un projet mené depuis 2015 par une petite équipe.", tags=["ODD 4"])
    assert codes(matches) == {"EDU"}
    assert "étiquette « ODD 4 »" in matches[0].reasons


def test_a_goal_tag_does_not_add_a_theme_the_text_contradicts():
    text = "Un club de football et de rugby ouvert à tous, avec des entraînements sportifs."
    assert "EDU" not in codes(classify(text, tags=["ODD 4"]))


def test_a_partners_own_rule_replaces_the_shared_goal_rule():
    classifier = Classifier(tag_rules={"ODD 4": ["SPO"]})
    assert codes(classifier.classify("Un projet de quartier.", ["SDG 4"])) == {"SPO"}


def test_edited_shared_rules_replace_the_defaults():
    classifier = Classifier(shared_rules={"ODD 4": ["NUM"]})
    assert codes(classifier.classify("Un projet de quartier.", ["ODD 4"])) == {"NUM"}


def test_inflected_forms_match_by_lemma():
    keywords = {"EFH": ["femmes$"], "ENF": ["jeunes$"]}
    classifier = Classifier(keywords, themes={"EFH": None, "ENF": None})
    assert codes(classifier.classify("Une femme aide une jeune.", min_score=1)) == {"EFH", "ENF"}
    assert classifier.classify("Les jeunesses.", min_score=1) == []


def test_holder_name_is_evidence_and_shown():
    text = "L'association accompagne chaque année des personnes près de chez elles."
    assert "SPO" not in codes(classify(text))
    matches = {m.code: m for m in classify(text, holder="Club de rugby des Lilas")}
    assert "rugby" in " ".join(matches["SPO"].reasons)


@pytest.mark.parametrize("text", ["", "   ", None, "!!! ... ---"])
def test_empty_text_gets_no_theme_and_a_reason(text):
    assert Classifier().explain(text, ["ODD 4"]) == ([], NO_TEXT)


def test_non_french_text_gets_no_theme_and_a_reason():
    text = "The association helps young people find a job and learn new skills in the city."
    assert Classifier().explain(text, ["ODD 8"]) == ([], NOT_FRENCH)


def test_french_text_without_evidence_says_so():
    matches, reason = Classifier().explain("Réunion mardi prochain à dix heures.")
    assert matches == [] and reason == NO_EVIDENCE
