"""Theme classification against the CIS thesaurus (no database)."""

from __future__ import annotations

import json

import pytest

from projects.consolidation.classify import (
    DEFAULT_KEYWORDS,
    THEMES_PATH,
    Classifier,
    ThemeMatch,
    classify,
    load_themes,
    normalize_tag,
)


def codes(matches: list[ThemeMatch]) -> set[str]:
    return {m.code for m in matches}


def by_code(matches: list[ThemeMatch]) -> dict[str, ThemeMatch]:
    return {m.code: m for m in matches}


# Data shape ------------------------------------------------------------------------------


def test_every_leaf_theme_has_keywords():
    hierarchy = load_themes()
    leaves = {code for code in hierarchy if code not in set(hierarchy.values())}
    assert leaves <= set(DEFAULT_KEYWORDS)
    for code, keywords in DEFAULT_KEYWORDS.items():
        assert code in hierarchy
        assert len(keywords) >= 5, code
        assert all(isinstance(k, str) and k.strip() for k in keywords)


def test_keywords_are_plain_json_data():
    assert json.loads(json.dumps(DEFAULT_KEYWORDS)) == DEFAULT_KEYWORDS


def test_hierarchy_from_shipped_thesaurus():
    hierarchy = load_themes()
    data = json.loads(THEMES_PATH.read_text(encoding="utf-8"))
    assert len(hierarchy) == sum(1 + len(t["children"]) for t in data["themes"])
    assert hierarchy["AGR"] == "ENV" and hierarchy["ENV"] is None and hierarchy["ART"] is None


# Keyword matching ------------------------------------------------------------------------

FARM = (
    "La micro-ferme du Bec pratique la permaculture et l'agroécologie sur deux hectares. "
    "Les maraîchers vendent leurs légumes en circuits courts via une AMAP et forment chaque "
    "année de futurs agriculteurs à l'installation."
)


def test_farm_page_is_sustainable_agriculture_and_food():
    matches = by_code(classify(FARM, title="Une micro-ferme en permaculture"))
    assert {"AGR", "ALI", "ENV"} <= set(matches)
    assert matches["AGR"].level == 2 and matches["ENV"].level == 1
    assert matches["AGR"].score > matches["ALI"].score
    reason = next(r for r in matches["AGR"].reasons if r.startswith("mots : "))
    assert "permaculture" in reason and "agroécologie" in reason
    assert "sous-thème AGR" in matches["ENV"].reasons


def test_matching_is_accent_and_case_insensitive_on_stems():
    text = "AGRICULTURE URBAINE et agriculteurs, agroecologie sans accents."
    assert "agriculture" in " ".join(by_code(classify(text))["AGR"].reasons)


def test_stem_matches_word_starts_only_and_listed_forms_only():
    keywords = {"AGR": ["agricultur"]}
    found = classify("agriculture et agriculteurs", keywords=keywords, min_score=1)
    assert codes(found) == {"AGR", "ENV"}
    # "agricole" is not covered by the stem "agricultur".
    assert classify("le monde agricole", keywords=keywords, min_score=1) == []
    # A stem does not match inside a word.
    culture = {"ART": ["culture"]}
    assert classify("la permaculture et l'apiculture", keywords=culture, min_score=1) == []


def test_whole_word_keywords_and_short_stems():
    keywords = {"GOU": ["ess$", "scic$"]}
    assert classify("Une démarche essentielle, des essais essentiels.", keywords=keywords) == []
    assert codes(classify("Une SCIC de l'ESS, vraie ESS.", keywords=keywords)) == {"GOU"}


def test_a_word_counts_once_per_theme():
    keywords = {"NUM": ["numérique", "fracture numérique"]}
    assert classify("Contre la fracture numérique.", keywords=keywords) == []
    found = by_code(classify("Contre la fracture numérique.", keywords=keywords, min_score=1))
    assert found["NUM"].score == 1
    assert found["NUM"].reasons == ["mots : fracture numérique"]


def test_multi_word_keywords_match_plural_forms():
    text = "Vente en circuits courts et circuit court de proximité."
    matches = by_code(classify(text, min_score=1))
    assert "circuits courts" in " ".join(matches["ALI"].reasons)
    # singular and plural are one keyword (compared by lemma), counted once with a repeat
    assert matches["ALI"].score == 1.25


# Thresholds and weighting --------------------------------------------------------------

LONG_PAGE = " ".join(
    [
        "L'association accompagne les habitants dans leurs démarches administratives.",
        "Les permanences ont lieu le mardi et le jeudi dans les locaux de la mairie annexe.",
        "Chaque rendez-vous dure une heure et permet de remplir les dossiers les plus complexes.",
        "Les bénévoles sont formés par des juristes et suivent une charte de confidentialité.",
    ]
    * 40
    + ["Certains viennent à vélo."]
)


def test_one_incidental_word_in_a_long_text_does_not_classify():
    assert len(LONG_PAGE.split()) > 600
    assert "MOB" not in codes(classify(LONG_PAGE))


def test_same_word_in_the_title_does_classify():
    matches = by_code(classify(LONG_PAGE, title="Un atelier vélo solidaire"))
    assert "MOB" in matches
    assert matches["MOB"].score >= 3


def test_single_word_in_a_short_text_is_not_enough():
    assert "SPO" not in codes(classify("Le projet est né après un match de football."))
    two = classify("Un club de football et de rugby pour les jeunes du quartier.")
    assert "SPO" in codes(two)


def test_min_score_can_be_tuned():
    assert "SPO" in codes(classify("Après un match de football.", min_score=1))


# Tags --------------------------------------------------------------------------------------

REPAIR = (
    "Le Repair Café de Rennes répare vos objets : réemploi, réduction des déchets, économie "
    "circulaire. Un lieu convivial où l'on rencontre ses voisins."
)


def test_partner_tag_equal_to_a_theme_label_classifies():
    matches = by_code(classify(REPAIR, tags=["Lien social"]))
    assert "étiquette « Lien social »" in matches["LIE"].reasons
    assert "GES" in matches and "SOL" in matches and "ENV" in matches


def test_tag_rules_map_partner_tags():
    rules = {"zero dechet": ["GES"], "vivre-ensemble": ["LIE"]}
    matches = by_code(classify("Un atelier.", tags=["#ZéroDéchet", "Zéro déchet"], tag_rules=rules))
    assert matches["GES"].reasons[0] == "étiquette « Zéro déchet »"
    assert matches["ENV"].level == 1
    assert normalize_tag("#Vivre-Ensemble") == "vivre ensemble"


def test_unmapped_tags_count_like_title_words():
    matches = by_code(classify("Une association de quartier.", tags=["covoiturage"]))
    assert "MOB" in matches


# Custom (database-stored) rules ---------------------------------------------------------


def test_custom_keywords_and_hierarchy_replace_defaults():
    keywords = {"X1": ["tricot", "aiguille"], "X": ["laine"]}
    themes = {"X": None, "X1": "X"}
    text = "Atelier tricot pour tricoteuses : aiguilles fournies."
    matches = by_code(classify(text, keywords=keywords, themes=themes))
    assert set(matches) == {"X1", "X"}
    assert matches["X"].level == 1 and matches["X1"].level == 2


def test_classifier_object_is_reusable():
    classifier = Classifier({"SPO": ["football", "rugby"]})
    first = classifier.classify("Football et rugby au collège.")
    second = classifier.classify("Un atelier couture.")
    assert codes(first) == {"SPO"} and second == []


def test_level_one_parent_can_be_reached_through_two_children():
    keywords = {"ACE": ["embauche"], "FOR": ["alternance"]}
    matches = by_code(classify("Une embauche en alternance.", keywords=keywords))
    assert set(matches) == {"EMP"}  # neither child alone reaches the threshold


# Realistic pages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "expected", "absent"),
    [
        (
            "Wimoov : une plateforme de mobilité solidaire",
            "Wimoov accompagne les personnes en insertion vers une mobilité autonome : "
            "diagnostic, apprentissage du vélo, location de voitures à bas coût, aide au permis "
            "de conduire. L'objectif : lever les freins au retour à l'emploi.",
            {"MOB", "TER", "ACE", "EMP"},
            {"SPO", "ART"},
        ),
        (
            "Les Petits Frères des Pauvres contre l'isolement",
            "Des bénévoles rendent visite aux personnes âgées isolées pour rompre la solitude. "
            "Les aînés partagent des repas et des sorties, et les liens intergénérationnels "
            "se tissent.",
            {"SEN", "LIE", "SOL"},
            {"NUM"},
        ),
        (
            "Emmaüs Connect",
            "Emmaüs Connect lutte contre la fracture numérique : ateliers d'initiation à "
            "l'informatique, smartphones reconditionnés et accompagnement vers l'inclusion "
            "numérique des personnes en précarité.",
            {"NUM"},
            {"TOU", "LUT"},
        ),
        (
            "Centrales villageoises du Val de Quint",
            "Les habitants ont créé une société pour installer des panneaux photovoltaïques "
            "sur les toits : une énergie citoyenne et renouvelable, avec une gouvernance "
            "partagée entre les sociétaires.",
            {"ENE", "ENV", "GOU"},
            {"SAN"},
        ),
    ],
)
def test_realistic_pages(title, text, expected, absent):
    found = codes(classify(text, title=title))
    assert expected <= found
    assert not (absent & found)


def test_results_are_sorted_best_first():
    matches = classify(FARM, title="Une micro-ferme en permaculture")
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)


def test_empty_input():
    assert classify("") == []


LONG_REPAIR_TEXT = (
    "Repair'Mobile est un café réparation itinérant : une camionnette équipée d'outils "
    "s'installe chaque semaine sur une place de village. Des bénévoles aident les habitants à "
    "réparer grille-pain, vélos, vêtements et ordinateurs plutôt que de les jeter. En un an, "
    "plus de deux tonnes de déchets ont été évitées, et les objets réparés retrouvent une "
    "seconde vie. Le réemploi et le recyclage sont au cœur du projet, qui sensibilise aussi "
    "les écoles au zéro déchet. Les réparateurs bénévoles transmettent leurs savoirs, et "
    "chaque séance se termine par un café convivial entre voisins."
)


def test_incidental_themes_of_a_long_text_are_dropped():
    found = codes(classify(LONG_REPAIR_TEXT, title="Repair'Mobile, café réparation itinérant"))
    assert "ENV" in found and "GES" in found
    assert "EDU" not in found  # "les écoles", once, in a page about repairing


def test_partner_tags_survive_the_focus():
    matches = classify(LONG_REPAIR_TEXT, ["Éducation et citoyenneté"], title="Repair'Mobile")
    assert {"EDU", "EDC", "ENV"} <= codes(matches)


def test_insertion_vocabulary_is_employment():
    text = (
        "Vingt-quatre personnes éloignées de l'emploi y travaillent en contrat d'insertion, "
        "accompagnées par une conseillère."
    )
    assert "EMP" in codes(classify(text))


def test_words_of_every_theme_do_not_give_handicap_habitat_or_sport():
    # "adaptée", "accessible", "habitants", "urbain", "club" say how or where, not what.
    text = (
        "Une offre adaptée et accessible à tous les habitants, en milieu urbain, portée par "
        "le club des entrepreneurs du quartier."
    )
    found = codes(classify(text, title="Club des entrepreneurs", holder="Club des entrepreneurs"))
    assert not found & {"HAN", "AMH", "SPO", "EFH"}
    text = "Un club sportif accueille chaque semaine des enfants autistes."
    assert {"HAN", "SPO"} <= codes(classify(text, title="Club sportif pour enfants autistes"))


def test_a_keyword_lemma_that_is_another_word_does_not_match():
    # "œuvre" lemmatises to "ouvrir", "valides" to "valider", "entrepreneuses" to
    # "entrepreneur"; "père" must not match "pérenne", nor "ess" "essentiel".
    classifier = Classifier({"ART": ["œuvre"], "HAN": ["valides$"], "ENF": ["père$"],
                             "GOU": ["ess$"]})  # fmt: skip
    text = "Le lieu ouvre ses portes pour valider un projet pérenne et essentiel."
    assert classifier.classify(text, title="Ouvrir, valider, pérenniser l'essentiel") == []
    found = classifier.classify("Des œuvres et des pères", title="Œuvres des pères")
    assert codes(found) >= {"ART", "ENF"}
