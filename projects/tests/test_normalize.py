"""Field normalisation of harvested project pages (no database)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from projects.consolidation.normalize import (
    clean_title,
    extract_emails,
    extract_phones,
    make_summary,
    normalize_website,
    normalize_whitespace,
    parse_start_year,
    phone_to_e164,
    pick_website,
)

TODAY = date(2025, 6, 1)

# Whitespace ------------------------------------------------------------------------------


def test_normalize_whitespace():
    raw = "  Jardins\u00a0partagés\u200b  du\tquartier \n\n\n Rennes\u202f! "
    assert normalize_whitespace(raw) == "Jardins partagés du quartier Rennes !"
    assert (
        normalize_whitespace(raw, keep_newlines=True) == "Jardins partagés du quartier\n\nRennes !"
    )
    assert normalize_whitespace(None) == ""


# Titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "site", "expected"),
    [
        ("Les Jardins de Cocagne | Avise", "Avise", "Les Jardins de Cocagne"),
        ("Initiative : Les Jardins de Cocagne | Avise", "Avise", "Les Jardins de Cocagne"),
        ("Avise.org - Les Jardins de Cocagne", "Avise", "Les Jardins de Cocagne"),
        ("Projet : Le Repair Café de Quimper – Bretagne Créative", "Bretagne Créative",
         "Le Repair Café de Quimper"),
        ("Tiers-lieu &amp; fablab   | Mon site ", None, "Tiers-lieu & fablab"),
        ("Fiche projet : L'ESS en Seine-Saint-Denis", None, "L'ESS en Seine-Saint-Denis"),
        ("Le Tiers-Lieu - un espace partagé", None, "Le Tiers-Lieu - un espace partagé"),
        ("Mobilité solidaire - Wimoov - Avise", "Avise", "Mobilité solidaire - Wimoov"),
    ],
)  # fmt: skip
def test_clean_title_strips_site_and_prefixes(raw, site, expected):
    assert clean_title(raw, site) == expected


def test_clean_title_fixes_all_caps_keeping_acronyms_and_places():
    assert (
        clean_title("LA PETITE CANTINE : UN RESTAURANT PARTICIPATIF À LYON")
        == "La petite cantine : un restaurant participatif à Lyon"
    )
    assert (
        clean_title("UN EHPAD OUVERT SUR LA VILLE DE SAINT-DENIS")
        == "Un EHPAD ouvert sur la ville de Saint-Denis"
    )
    assert clean_title("AMAP ET SCIC EN BRETAGNE") == "AMAP et SCIC en Bretagne"


def test_clean_title_fixes_shouted_words_in_mixed_case():
    assert clean_title("Les JARDINS de l'ESPOIR") == "Les Jardins de l'Espoir"
    assert clean_title("Une AMAP pour les ESAT") == "Une AMAP pour les ESAT"


def test_similar_titles_of_two_projects_stay_distinct():
    a = clean_title("Repair Café de Rennes | Bretagne Créative", "Bretagne Créative")
    b = clean_title("Repair Café de Rennes Nord | Bretagne Créative", "Bretagne Créative")
    assert a == "Repair Café de Rennes"
    assert b == "Repair Café de Rennes Nord"
    assert a != b


def test_clean_title_empty():
    assert clean_title(None) == ""
    assert clean_title("   ") == ""


# Summaries --------------------------------------------------------------------------------

PAGE = (
    "Accueil > Projets > La Petite Cantine\n"
    "Publié le 12/03/2021\n"
    "Partager\n"
    "La Petite Cantine est un restaurant participatif où l'on cuisine ensemble. "
    "M. Dupont l'a fondée en 2016 avec des voisins du quartier. Depuis, plus de 3000 repas "
    "ont été partagés chaque année et le modèle a essaimé dans cinq villes."
)


def test_summary_takes_first_real_sentences():
    summary = make_summary(PAGE)
    assert summary.startswith("La Petite Cantine est un restaurant participatif")
    assert "Accueil" not in summary and "Publié" not in summary
    assert "M. Dupont l'a fondée en 2016" in summary  # no split after "M."
    assert len(summary) <= 300


def test_summary_prefers_a_relevant_meta_description():
    description = (
        "Restaurant participatif de quartier : les voisins cuisinent et partagent des repas "
        "à prix libre."
    )
    assert make_summary(PAGE, description) == description


def test_summary_ignores_a_site_wide_meta_description():
    description = (
        "Le site de l'Avise, agence d'ingénierie pour développer l'économie sociale et "
        "solidaire en France."
    )
    assert make_summary(PAGE, description).startswith("La Petite Cantine")


def test_summary_is_bounded_and_cut_on_a_word():
    text = "Le restaurant participatif accueille chaque semaine les habitants du quartier " * 10
    summary = make_summary(text, max_len=100)
    assert len(summary) <= 100
    assert summary.endswith("…")
    assert text.startswith(summary[:-1])
    assert summary[-2] != " " and text[len(summary) - 1] == " "


def test_summary_falls_back_on_description_and_handles_empty():
    assert make_summary("", "Une ressourcerie solidaire au cœur du quartier des Halles.") == (
        "Une ressourcerie solidaire au cœur du quartier des Halles."
    )
    assert make_summary(None) == ""


# Websites --------------------------------------------------------------------------------

AVISE = ("avise.org",)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("www.jardins-partages.fr/", "https://www.jardins-partages.fr"),
        ("lapetitecantine.fr", "https://lapetitecantine.fr"),
        ("HTTPS://WWW.Repair-Cafe.ORG/", "https://www.repair-cafe.org"),
        ("http://example-asso.org:80/projet/?utm_source=fb&id=3#top",
         "http://example-asso.org/projet/?id=3"),
        ("https://www.ressourcerie.fr/a-propos?fbclid=abc", "https://www.ressourcerie.fr/a-propos"),
    ],
)  # fmt: skip
def test_website_is_canonicalised(raw, expected):
    assert normalize_website(raw, AVISE) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.facebook.com/lapetitecantine",
        "https://fr-fr.facebook.com/lapetitecantine",
        "https://twitter.com/cantine",
        "https://x.com/cantine",
        "https://www.linkedin.com/company/cantine",
        "https://www.instagram.com/cantine/",
        "https://www.youtube.com/watch?v=abc",
        "https://youtu.be/abc",
        "https://www.tiktok.com/@cantine",
        "https://bit.ly/3xyz",
        "https://www.avise.org/portraits/la-petite-cantine",
        "https://ressources.avise.org/",
        "mailto:contact@cantine.fr",
        "javascript:void(0)",
        "https://192.168.1.10/",
        "http://localhost/",
        "",
        None,
    ],
)
def test_social_networks_partner_and_non_web_urls_are_rejected(raw):
    assert normalize_website(raw, AVISE) is None


def test_helloasso_is_kept_as_the_association_page():
    url = "https://www.helloasso.com/associations/la-petite-cantine/formulaires/1"
    assert normalize_website(url) == "https://www.helloasso.com/associations/la-petite-cantine"
    assert normalize_website("https://www.helloasso.com/") is None


def test_pick_website_prefers_a_real_site_over_helloasso():
    candidates = [
        "https://www.facebook.com/cantine",
        "https://www.helloasso.com/associations/cantine",
        "https://www.avise.org/x",
        "https://lapetitecantine.fr/",
    ]
    assert pick_website(candidates, AVISE) == "https://lapetitecantine.fr"
    assert pick_website(candidates[:3], AVISE) == "https://www.helloasso.com/associations/cantine"
    assert pick_website(["https://x.com/a"]) is None


# E-mails ---------------------------------------------------------------------------------


def test_plain_emails():
    text = (
        "Écrivez à Jean.Dupont@Mairie-Rennes.FR ou à bonjour@lapetitecantine.fr. "
        "Mail : bonjour@lapetitecantine.fr"
    )
    assert extract_emails(text) == ["jean.dupont@mairie-rennes.fr", "bonjour@lapetitecantine.fr"]


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("Contact : contact [at] asso.fr", "contact@asso.fr"),
        ("contact(at)jardins(dot)org pour adhérer", "contact@jardins.org"),
        ("Écrire à info arobase tierslieu point fr.", "info@tierslieu.fr"),
        ("Mail : hello @ lacantine . fr. Merci !", "hello@lacantine.fr"),
        ("accueil{at}ressourcerie[dot]bzh", "accueil@ressourcerie.bzh"),
        ("contact&#64;cocagne.org", "contact@cocagne.org"),
        ("contact%40cocagne.org", "contact@cocagne.org"),
    ],
)
def test_obfuscated_emails(text, email):
    assert extract_emails(text) == [email]


def test_not_emails():
    text = (
        "Un point de vue at home point. Image logo@2x.png, modèle votre.email@exemple.fr, "
        "nom@domaine.fr, @cantine sur les réseaux, prix 3 @ 5 euros."
    )
    assert extract_emails(text) == []
    assert extract_emails(None) == []


# Phones ----------------------------------------------------------------------------------


def test_french_phone_formats():
    text = (
        "Tél. : 02 99 12 34 56 / 02.99.12.34.56 — portable 06-12-34-56-78, "
        "standard +33 (0)1 45 67 89 10, depuis l'étranger 0033 4 78 12 34 56, ou 0145678911."
    )
    assert extract_phones(text) == [
        "02 99 12 34 56",
        "06 12 34 56 78",
        "01 45 67 89 10",
        "04 78 12 34 56",
        "01 45 67 89 11",
    ]


def test_overseas_phones_and_e164():
    phones = extract_phones("La Réunion : +262 262 41 00 00 ; Guadeloupe : 0590 12 34 56")
    assert phones == ["02 62 41 00 00", "05 90 12 34 56"]
    assert phone_to_e164("02 62 41 00 00") == "+262262410000"
    assert phone_to_e164("05 90 12 34 56") == "+590590123456"
    assert phone_to_e164("01 45 67 89 10") == "+33145678910"
    assert phone_to_e164("12 34") == ""


def test_numbers_that_are_not_phones():
    text = (
        "SIRET 123 456 789 00012, IBAN FR76 3000 6000 0112 3456 7890 189, "
        "le 12/03/2019, 35000 Rennes"
    )
    assert extract_phones(text) == []


# Start year ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("L'association a été créée en 2015 à Rennes.", 2015),
        ("Depuis 2018, nous accompagnons les familles.", 2018),
        ("Le projet a été lancé en septembre 2020.", 2020),
        ("Créée le 12 mars 2014, l'association compte 40 bénévoles.", 2014),
        ("Le tiers-lieu a vu le jour en 2016 dans une ancienne usine.", 2016),
        ("Fondée en 1901, la société de secours mutuels…", 1901),
        ("Date de création : 2011. Le projet a démarré en 2013.", 2011),
        ("Depuis sa création en 2012, puis relancé en 2016", 2012),
        ("2019-03-12", 2019),
        ("2019-03-12T10:00:00+01:00", 2019),
        ("12/03/2019", 2019),
        ("mars 2019", 2019),
        ("2018", 2018),
        (date(2017, 1, 1), 2017),
        (datetime(2021, 5, 4, 12, 0), 2021),
        (2010, 2010),
    ],
)
def test_start_year(value, year):
    assert parse_start_year(value, today=TODAY) == year


@pytest.mark.parametrize(
    "value",
    [
        "En 2019, 300 familles ont été aidées.",
        "Lancé avec 2000 euros de dons.",
        "Fondé en 1492 selon la légende.",
        "Lancement prévu en 2031.",
        "Le projet compte 2015 bénéficiaires depuis 12 mois.",
        1750,
        3000,
        "",
        None,
        True,
    ],
)
def test_no_plausible_start_year(value):
    assert parse_start_year(value, today=TODAY) is None


def test_title_key_ignores_accents_case_and_a_leading_label_word():
    from projects.consolidation.normalize import title_key

    name = "Répar'Café de l'Étang"
    assert {title_key(v) for v in (name, "REPAR'CAFE DE L'ETANG", f"Projet {name}",
                                   f"Initiative : {name}", "Repar Cafe de l Etang")} == {
        title_key(name)
    }  # fmt: skip
    assert title_key("Répar'Café de Dijon") != title_key(name)


def test_title_quality_prefers_the_partners_spelling():
    from projects.consolidation.normalize import title_quality

    name = "Atelier vélo participatif de Villejuif"
    assert title_quality(name) > title_quality("Atelier velo participatif de Villejuif")
    assert title_quality(name) > title_quality(name.upper())
    assert title_quality(name) > title_quality(f"Projet {name}")


def test_strip_affixes_removes_what_a_source_repeats_around_its_titles():
    from projects.consolidation.normalize import clean_title, strip_affixes

    assert strip_affixes("Site - Le Jardin", ["Site - "]) == "Le Jardin"
    assert strip_affixes("Le Jardin | Site", suffixes=[" | Site"]) == "Le Jardin"
    assert strip_affixes("Site - ", ["Site - "]) == "Site -"  # never strips to nothing
    assert clean_title("Réseau – Gironde - La Ruche – ressourcerie",
                       prefixes=["Réseau – Gironde - "]) == "La Ruche – ressourcerie"  # fmt: skip


def test_one_date_parser_and_one_host_helper():
    from datetime import UTC, datetime

    from projects.consolidation.normalize import host_of, parse_date

    assert parse_date("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_date("Wed, 01 May 2024 10:00:00 GMT") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert parse_date("1er août 2023") == datetime(2023, 8, 1, tzinfo=UTC)
    assert parse_date("05/06/2021") == datetime(2021, 6, 5, tzinfo=UTC)
    assert parse_date("bientôt") is None and parse_date(None) is None
    assert host_of("https://WWW.Asso.fr/page") == "asso.fr"
    assert host_of("asso.fr/page") == "asso.fr"
    assert host_of("//www.asso.fr") == "asso.fr"
    assert host_of("http://127.0.0.1:8101/x") == "127.0.0.1"
    assert host_of("mailto:contact@asso.fr") == "" and host_of("") == ""
