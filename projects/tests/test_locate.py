"""locate(): territory and coordinates from realistic French project pages (no database)."""

from __future__ import annotations

import pytest

from projects.consolidation.gazetteer import get_gazetteer
from projects.consolidation.locate import Location, locate


def commune_of(text: str, **kwargs) -> str | None:
    return locate(text, **kwargs).commune_insee


# Communes in context -------------------------------------------------------------------------


def test_commune_after_location_verb():
    text = (
        "Créée en 2016 par un collectif d'habitants, La Petite Cantine est un restaurant "
        "participatif implanté à Villeurbanne, dans le quartier des Gratte-Ciel."
    )
    location = locate(text)
    villeurbanne = get_gazetteer().commune("69266")
    assert location.precision == "commune"
    assert location.commune_insee == "69266"
    assert location.department_code == "69" and location.region_code == "84"
    assert (location.lat, location.lon) == (villeurbanne.lat, villeurbanne.lon)
    assert "implanté à Villeurbanne" in location.evidence
    assert "INSEE 69266" in location.evidence


@pytest.mark.parametrize(
    ("sentence", "insee"),
    [
        ("L'association est basée à Lille et accompagne les habitants.", "59350"),
        ("Le garage solidaire est situé sur la commune de Plougastel-Daoulas.", "29189"),
        ("L'atelier vélo forme des jeunes au Mans depuis 2012.", "72181"),
        ("La recyclerie a ouvert aux Sables-d'Olonne l'an dernier.", "85194"),
        ("Un tiers-lieu à L'Haÿ-les-Roses réunit artisans et habitants.", "94038"),
        ("Situé à Aix en Provence, le lieu accueille des artistes.", "13001"),
        ("Une épicerie solidaire à St-Malo pour les étudiants.", "35288"),
    ],
)
def test_commune_markers(sentence, insee):
    assert commune_of(sentence) == insee


def test_first_strong_place_wins_over_weak_mentions():
    text = (
        "Originaire de Lyon, la fondatrice a créé l'association à Grenoble, puis l'a fait "
        "essaimer à Valence et à Chambéry."
    )
    assert commune_of(text) == "38185"  # Grenoble: "à" beats "originaire de"


def test_organisation_names_are_not_places():
    text = "Le projet est soutenu par Orange, la Fondation de France et l'Université Paris-Saclay."
    assert locate(text).precision == "none"


# Homonyms --------------------------------------------------------------------------------


def test_saint_denis_with_department_number():
    text = "La Fabrique, située à Saint-Denis (93), forme aux métiers du numérique."
    location = locate(text)
    assert location.commune_insee == "93066"
    assert "Saint-Denis (93)" in location.evidence


def test_saint_denis_with_department_named_elsewhere():
    text = (
        "Un jardin partagé a vu le jour à Saint-Denis. Porté par une association de "
        "Seine-Saint-Denis, il réunit 40 familles."
    )
    location = locate(text)
    assert location.commune_insee == "93066"
    assert "département mentionné" in location.evidence


def test_saint_denis_de_la_reunion():
    text = "Né à Saint-Denis de La Réunion, le projet accompagne les jeunes créateurs d'entreprise."
    assert commune_of(text) == "97411"


def test_saint_denis_with_island_named_after_it():
    text = "Implantée à Saint-Denis, à La Réunion, la coopérative distribue des paniers."
    assert commune_of(text) == "97411"


def test_saint_denis_without_context_falls_back_on_population():
    location = locate("Le tiers-lieu est situé à Saint-Denis.")
    assert location.commune_insee == "97411"
    assert "le plus peuplé" in location.evidence


def test_hints_break_ties_between_homonyms():
    assert commune_of("Le tiers-lieu est situé à Saint-Denis.", hints=["93"]) == "93066"
    assert commune_of("Le tiers-lieu est situé à Saint-Denis.", hints=["Île-de-France"]) == "93066"


def test_hints_alone_do_not_locate():
    assert locate("Un projet d'entraide entre voisins.", hints=["Bretagne"]).precision == "none"


def test_valence_drome_versus_valence_d_agen():
    assert commune_of("Une épicerie solidaire a ouvert à Valence, dans la Drôme.") == "26362"
    assert commune_of("La recyclerie est implantée à Valence-d'Agen (82) depuis 2017.") == "82186"
    assert commune_of("La recyclerie est implantée à Valence d'Agen.") == "82186"
    assert commune_of("Le festival a lieu à Valence (82).") == "82186"
    assert commune_of("Le festival a lieu à Valence.") == "26362"


def test_sainte_marie_resolved_by_region():
    text = "Elle est située sur la commune de Sainte-Marie, en Martinique."
    assert commune_of(text) == "97228"
    assert commune_of("La ferme pédagogique de Sainte-Marie (35) accueille des classes.") == (
        "35294"
    )


# Postal codes and addresses ----------------------------------------------------------------


def test_address_block_gives_address_precision():
    text = (
        "Pour nous rencontrer : Maison des associations, 6 cours des Alliés, 35000 Rennes.\n"
        "Permanences le mardi."
    )
    location = locate(text)
    assert location.precision == "address"
    assert location.commune_insee == "35238"
    assert location.street == "6 cours des Alliés"
    assert "35000 Rennes" in location.evidence


def test_multiline_address_with_capitals_and_cedex():
    text = "Siège social :\n12 rue de la République\n69002 LYON CEDEX"
    location = locate(text)
    assert location.precision == "address" and location.commune_insee == "69123"


def test_postal_code_and_city_resolve_homonym():
    text = "Contact : Jardins de Cocagne, 97400 Saint-Denis."
    assert commune_of(text) == "97411"
    assert commune_of("Contact : Café associatif, 93200 Saint-Denis.") == "93066"


def test_city_followed_by_postal_code_in_brackets():
    assert commune_of("Rennes (35000) accueille le festival des solidarités.") == "35238"


def test_years_amounts_and_counts_are_not_postal_codes():
    text = (
        "Lancé en 2019 avec un budget de 75000 euros, le projet touche 35000 personnes "
        "et 13000 habitants. Tél. 02 99 12 34 56, SIRET 123 456 789 00012, BP 35000."
    )
    assert locate(text) == Location()


def test_spaced_number_is_a_postal_code_only_next_to_its_commune():
    assert locate("Une subvention de 75 000 euros a été obtenue.").precision == "none"
    assert commune_of("Adresse : 8 place du Marché, 29 200 Brest") == "29019"


def test_postal_code_alone_after_label_shared_by_several_communes():
    location = locate("Code postal : 01400")
    assert location.precision == "department"
    assert location.department_code == "01"
    assert location.commune_insee is None


def test_street_then_commune_without_postal_code():
    location = locate("Le lieu est situé au 12 avenue Jean Jaurès à Lens.")
    assert location.precision == "address"
    assert location.street == "12 avenue Jean Jaurès"
    assert location.commune_insee == "62498"


# Structured (JSON-LD) address ------------------------------------------------------------


def test_structured_address_with_street():
    address = {
        "@type": "PostalAddress",
        "streetAddress": "3 place de la Mairie",
        "postalCode": "29200",
        "addressLocality": "BREST",
        "addressCountry": "FR",
    }
    location = locate("Une ressourcerie de quartier.", address=address)
    assert location.precision == "address"
    assert location.commune_insee == "29019"
    assert location.street == "3 place de la Mairie"
    assert "adresse structurée" in location.evidence


def test_structured_address_beats_text_mentions():
    address = {"postalCode": "97600", "addressLocality": "Mamoudzou", "addressCountry": "YT"}
    text = "Le projet s'inspire d'une expérience menée à Marseille."
    location = locate(text, address=address)
    assert location.precision == "commune" and location.commune_insee == "97611"


def test_structured_address_with_cedex_and_arrondissement():
    cedex = {
        "streetAddress": "10 bd de la Liberté",
        "postalCode": "35042",
        "addressLocality": "Rennes Cedex 9",
    }
    assert locate("", address=cedex).commune_insee == "35238"
    paris = {"postalCode": "75011", "addressLocality": "Paris 11e"}
    assert locate("", address=paris).commune_insee == "75056"


def test_structured_address_region_only():
    location = locate("", address={"addressRegion": "Bretagne"})
    assert location.precision == "region" and location.region_code == "53"


def test_foreign_structured_address_is_ignored():
    address = {"addressLocality": "Lille", "postalCode": "7000", "addressCountry": "BE"}
    assert locate("", address=address).precision == "none"


# Departments and regions ------------------------------------------------------------------


def test_department_only_mention_never_invents_a_commune():
    text = "Une action menée dans le Finistère auprès des jeunes décrocheurs."
    location = locate(text)
    finistere = get_gazetteer().department("29")
    assert location.precision == "department"
    assert location.commune_insee is None
    assert location.department_code == "29" and location.region_code == "53"
    assert (location.lat, location.lon) == (finistere.lat, finistere.lon)
    assert "dans le Finistère" in location.evidence


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Le réseau intervient en Ille-et-Vilaine.", "35"),
        ("Le projet rayonne en Ille et Vilaine.", "35"),
        ("Des ateliers en Seine-Saint-Denis pour les familles.", "93"),
        ("Des chantiers d'insertion dans le Nord.", "59"),
        ("Une AMAP dans la Somme, soutenue par le département.", "80"),
        ("Un réseau de fermes dans la Manche.", "50"),
        ("Avec le Conseil départemental de la Gironde.", "33"),
        ("Une épicerie itinérante en Corse-du-Sud.", "2A"),
        ("Des familles accompagnées dans le 93.", "93"),
        ("Un projet d'habitat en Guyane.", "973"),
        ("Une coopérative née en Guadeloupe.", "971"),
        ("Des jardins créoles à la Réunion.", "974"),
        ("Une initiative à Mayotte pour l'accès à l'eau.", "976"),
    ],
)
def test_department_names(sentence, code):
    location = locate(sentence)
    assert location.precision == "department"
    assert location.department_code == code


@pytest.mark.parametrize(
    "sentence",
    [
        "Au nord de la ville, les habitants se mobilisent.",
        "Une somme de 5000 euros a été réunie pour le projet.",
        "Les bords de la Loire accueillent un chantier d'insertion.",
        "Le collectif s'est formé pour allier écologie et solidarité.",
        "Réunion publique le 12 mars à la salle des fêtes.",
        "Il faut retrousser ses manches pour lutter contre la précarité.",
    ],
)
def test_ordinary_words_are_not_departments(sentence):
    assert locate(sentence).precision == "none"


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Un réseau d'entraide présent partout en Bretagne.", "53"),
        ("Hauts-de-France : un projet de mobilité solidaire.", "32"),
        ("Le projet est déployé en Nouvelle-Aquitaine.", "75"),
        ("Nous intervenons en région Provence-Alpes-Côte d'Azur.", "93"),
        ("Une initiative née en Midi-Pyrénées.", "76"),
        ("Le Grand Est soutient ce projet.", "44"),
    ],
)
def test_region_only(sentence, code):
    location = locate(sentence)
    assert location.precision == "region"
    assert location.region_code == code
    assert location.department_code is None and location.commune_insee is None
    region = get_gazetteer().region(code)
    assert (location.lat, location.lon) == (region.lat, region.lon)


def test_grande_bretagne_is_not_bretagne():
    assert locate("Un échange avec la Grande-Bretagne et la Grande Bretagne.").precision == "none"


def test_department_preferred_to_region_when_no_commune():
    text = "Né en Bretagne, le projet se développe aujourd'hui dans le Morbihan."
    location = locate(text)
    assert location.precision == "department" and location.department_code == "56"


def test_commune_preferred_to_department_and_region():
    text = "Né en Bretagne, le projet s'est installé à Saint-Malo, en Ille-et-Vilaine."
    location = locate(text)
    assert location.precision == "commune" and location.commune_insee == "35288"


# Overseas ----------------------------------------------------------------------------------


def test_cayenne():
    location = locate("La coopérative est installée à Cayenne, en Guyane.")
    assert location.commune_insee == "97302"
    assert location.department_code == "973" and location.region_code == "03"
    assert location.lat == pytest.approx(4.9, abs=0.2)


def test_mamoudzou():
    text = "Le centre social de Mamoudzou accompagne les familles de Petite-Terre et Grande-Terre."
    assert commune_of(text) == "97611"


def test_fort_de_france_with_department_number():
    assert commune_of("La structure accompagne 300 familles à Fort-de-France (972).") == "97209"


# Common words that are also commune names -------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous avons tracé un sentier dans le Bois, près du Pont et du Mont.",
        "Le projet Y a été lancé avec Eu, Bois et Ger comme partenaires.",
        "Une action à Port et à Pont pour les jeunes.",
        "Rendez-vous au Plan d'eau pour la fête.",
    ],
)
def test_common_words_are_not_communes_without_strong_context(sentence):
    assert locate(sentence).precision == "none"


def test_common_word_commune_with_strong_context():
    assert commune_of("Le projet a lieu à Eu, en Seine-Maritime.") == "76255"
    assert commune_of("Une coopérative agricole implantée à Mont (64).") == "64396"
    location = locate("Le café associatif, 2 rue de l'Église, 17160 Bois, est ouvert.")
    assert location.precision == "address" and location.commune_insee == "17050"
    assert commune_of("Le café associatif est sur la commune de Bois.") == "17050"


def test_big_city_cited_without_marker_is_weak_evidence():
    assert commune_of("Ils ont rejoint Bordeaux pour le forum national.") == "33063"
    # …but it never overrides a real place marker.
    text = "Ils ont rejoint Bordeaux pour le forum. L'association est basée à Périgueux."
    assert commune_of(text) == "24322"


# Robustness ----------------------------------------------------------------------------------


def test_empty_and_placeless_text():
    assert locate("") == Location()
    assert locate("Un projet d'entraide entre voisins, pour tous.") == Location()


def test_locate_finds_the_commune_in_a_page_of_text():
    paragraph = (
        "Créée en 2016 par un collectif d'habitants, La Petite Cantine est un restaurant "
        "participatif implanté à Villeurbanne. Chaque jour, une trentaine de convives cuisinent "
        "des produits locaux issus de fermes de la Métropole de Lyon. Le projet, soutenu par "
        "la Région Auvergne-Rhône-Alpes, a reçu 75000 euros en 2019. Contact : 04 78 12 34 56. "
    )
    text = (paragraph * 10)[:3000]
    location = locate(text)
    assert location.commune_insee == "69266"


# Place fields ("Territoire : Creuse") ---------------------------------------------------------


@pytest.mark.parametrize(
    "text,department",
    [
        ("Maison des services itinérante\nTerritoire : Creuse\nUn camping-car parcourt", "23"),
        ("Ciné rural\nTerritoire\nVosges\nDes séances dans 40 villages", "88"),
        ("Lieu : Gers\nUn transport solidaire", "32"),
        ("Zone d'intervention : Somme", "80"),
    ],
)
def test_risky_department_name_in_a_place_field(text, department):
    assert locate(text).department_code == department


def test_risky_department_name_without_marker_stays_ignored():
    assert locate("Un camping-car parcourt la Creuse et les vallées.").department_code is None
