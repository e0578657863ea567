"""Partner sites shaped unlike the demo ones, harvested end to end over loopback: WordPress plain
permalinks (``/?p=123``), a feed mixing news and projects, a listing whose cards are the only
content, project sheets in PDF, and a "Voir plus" listing that loads more cards as JSON."""

from __future__ import annotations

import json

import pytest

from demo.corpus.pdf import simple_pdf
from harvesting.canonical import canonicalize_url
from harvesting.cards import listing_cards
from harvesting.discovery import Discoverer, parse_listing, query_kind
from harvesting.documents import pdf_html
from harvesting.json_listing import json_endpoints, json_page_links
from harvesting.models import HarvestRecord, HarvestRun
from harvesting.parsing import is_post_permalink
from harvesting.services import source_harvest
from harvesting.tests.factories import HarvestSourceFactory
from members.tests.factories import OrganisationFactory
from projects.models import Project, ProjectSource

PLACES = [("35200", "Rennes", "35"), ("59000", "Lille", "59"), ("69001", "Lyon", "69"),
          ("33000", "Bordeaux", "33"), ("44000", "Nantes", "44")]  # fmt: skip
NAMES = ["Épicerie solidaire du Blosne", "Garage solidaire des Hauts", "Recyclerie La Fourmi",
         "Café des aidants Le Relais", "Jardin partagé Les Capucines"]  # fmt: skip
NEWS = ["Assemblée générale 2024", "Nouveau conseil d'administration"]


def body(name: str, index: int) -> str:
    return (
        f"{name} accompagne depuis 2018 les habitants du quartier dans une démarche d'entraide "
        "et de solidarité. Les bénévoles proposent des ateliers hebdomadaires, un accueil "
        "chaleureux et un accompagnement individuel des familles les plus fragiles. Le projet "
        "s'appuie sur un réseau de partenaires locaux, associations et collectivités, et "
        f"emploie {index + 2} salariés en insertion qui se forment à de nouveaux métiers."
    )


def page(title: str, content: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title} | Réseau'
        f"</title>{head}</head><body><header><nav><a href='/'>Accueil</a></nav></header>"
        f"<main><h1>{title}</h1>{content}</main><footer><a href='/mentions-legales'>Mentions "
        "légales</a></footer></body></html>"
    )


def project_sheet(index: int) -> str:
    postal, town, _ = PLACES[index]
    name = NAMES[index]
    return page(
        name,
        f"<p>{postal} {town}</p><p>{body(name, index)}</p><p>Site internet : "
        f'<a href="https://projet-{index}.exemple.org/">projet-{index}.exemple.org</a></p>',
    )


def news_page(title: str) -> str:
    text = (
        "Le réseau a réuni ses adhérents pour faire le bilan de l'année écoulée. Les comptes ont "
        "été approuvés à l'unanimité et les orientations votées. Merci à toutes et à tous pour "
        "votre présence et votre engagement, et rendez-vous l'an prochain pour une nouvelle "
        "édition de ce moment convivial. Le rapport d'activité est disponible sur demande. "
    ) * 2
    head = '<meta property="article:published_time" content="2024-03-01T10:00:00+01:00">'
    return page(title, f"<p>{text}</p>", head)


@pytest.fixture
def organisation(partner_site, reference_data):
    return OrganisationFactory(name="Réseau Exemple", website=partner_site.base_url)


def harvest(source, make_client):
    return source_harvest(source.pk, client=make_client())


def found_titles(organisation) -> set[str]:
    return set(
        Project.objects.filter(sources__organisation=organisation).values_list("title", flat=True)
    )


# ---------------------------------------------------------------------- WordPress ?p=123


def test_a_post_permalink_keeps_its_p_parameter_and_is_a_record():
    assert canonicalize_url("http://site.test/?utm_source=x&p=123") == "http://site.test/?p=123"
    assert canonicalize_url("http://site.test/index.php?p=7#respond") == (
        "http://site.test/index.php?p=7"
    )
    assert is_post_permalink("http://site.test/?p=123")
    assert not is_post_permalink("http://site.test/portraits?p=2")
    assert query_kind("p=123") != "trap"


def test_parse_listing_tells_wordpress_posts_from_pages():
    html = (
        "<main><a href='/?p=123'>Garage solidaire</a><a href='/?p=7'>Café des aidants</a>"
        "<a href='/portraits?p=2'>2</a><a href='/portraits?p=3'>Une fiche</a></main>"
    )
    listing = parse_listing(html, "http://site.test/portraits")
    assert "http://site.test/?p=123" in listing.links
    assert "http://site.test/?p=7" in listing.links
    assert listing.next_pages == ["http://site.test/portraits?p=2"]


@pytest.mark.django_db
def test_wordpress_plain_permalinks_through_feed_and_paginated_category(
    partner_site, organisation, make_client
):
    ids = [101, 205, 317, 422, 530]
    for index, post in enumerate(ids):
        partner_site.add(f"/?p={post}", project_sheet(index))
    partner_site.add("/?p=60", news_page(NEWS[0]))
    # the feed carries only the latest posts; the older ones are on page 2 of the category
    items = "".join(f"<item><title>x</title><link>{partner_site.url(f'/?p={p}')}</link></item>"
                    for p in [ids[0], ids[1], 60])  # fmt: skip
    partner_site.add("/?feed=rss2", f'<?xml version="1.0"?><rss version="2.0"><channel>{items}'
                     "</channel></rss>", content_type="application/rss+xml")  # fmt: skip
    cards = [f"<article><h2><a href='/?p={p}'>{NAMES[i]}</a></h2></article>"
             for i, p in enumerate(ids)]  # fmt: skip
    partner_site.add("/?cat=3", page("Nos projets", "".join(cards[:3]) +
                     "<a href='/?cat=3&amp;paged=2'>Page suivante</a>"))  # fmt: skip
    partner_site.add("/?cat=3&paged=2", page("Nos projets", "".join(cards[3:])))
    home = page("Réseau", "<p>Bienvenue</p>",
                '<link rel="alternate" type="application/rss+xml" href="/?feed=rss2">')  # fmt: skip
    nav = "<a href='/'>Accueil</a>"
    partner_site.add("/", home.replace(nav, nav + "<a href='/?cat=3'>Nos projets</a>"))
    source = HarvestSourceFactory(organisation=organisation, url=partner_site.url("/"))
    run = harvest(source, make_client)
    assert run.state == HarvestRun.State.SUCCEEDED, run.errors
    records = HarvestRecord.objects.filter(source=source)
    assert found_titles(organisation) == set(NAMES), [
        (r.guid, r.page_kind, r.fields.get("page_kind_reason"), r.error) for r in records
    ]
    # the p= parameter is the identity of each post: nothing merged into the homepage
    sources = ProjectSource.objects.filter(organisation=organisation)
    urls = set(sources.values_list("url", flat=True))
    assert urls == {partner_site.url(f"/?p={p}") for p in ids}
    news = HarvestRecord.objects.get(source=source, guid=partner_site.url("/?p=60"))
    assert news.project_id is None

    # an include pattern copied from the site's addresses (query string included) matches
    source.include_patterns = r"/\?p=\d+$"
    source.save()
    assert harvest(source, make_client).state == HarvestRun.State.SUCCEEDED


# ---------------------------------------------------------------------- mixed feed


@pytest.mark.django_db
def test_feed_mixing_news_and_projects_keeps_the_projects(partner_site, organisation, make_client):
    paths = [f"/articles/projet-{i}" for i in range(4)]
    for index, path in enumerate(paths):
        partner_site.add(path, project_sheet(index))
    news_paths = ["/articles/assemblee-generale", "/articles/nouveau-conseil"]
    for path, title in zip(news_paths, NEWS, strict=True):
        partner_site.add(path, news_page(title))
    items = "".join(f"<item><title>x</title><link>{partner_site.url(p)}</link></item>"
                    for p in [*paths, *news_paths])  # fmt: skip
    partner_site.add("/feed/", f'<?xml version="1.0"?><rss version="2.0"><channel>{items}'
                     "</channel></rss>", content_type="application/rss+xml")  # fmt: skip
    source = HarvestSourceFactory(organisation=organisation, url=partner_site.url("/feed/"),
                                  kind="feed")  # fmt: skip
    run = harvest(source, make_client)
    assert run.state == HarvestRun.State.SUCCEEDED, run.errors
    assert found_titles(organisation) == set(NAMES[:4])
    for path in news_paths:
        record = HarvestRecord.objects.get(source=source, guid=partner_site.url(path))
        assert (record.page_kind, record.project_id) == ("news", None)

    # with an include pattern, the feed's items outside it are left out, not the feed
    source.include_patterns = r"/articles/projet-[0-3]$"
    source.save()
    run = harvest(source, make_client)
    assert run.state == HarvestRun.State.SUCCEEDED and run.discovered == 4


# ---------------------------------------------------------------------- cards only


def cards_listing(names, *, layout="card") -> str:
    cards = "".join(
        f'<div class="{layout}" id="c{i}"><h3>{name}</h3><p class="lieu">{PLACES[i][1]} '
        f"({PLACES[i][2]})</p><p>{body(name, i)}</p><p><a href='https://projet-{i}.exemple.org/'>"
        "Site du projet</a></p></div>"
        for i, name in enumerate(names)
    )
    return page("Nos projets", f'<div class="cards">{cards}</div>')


def test_listing_cards_need_repeated_unlinked_cards():
    html = cards_listing(NAMES[:3])
    cards = listing_cards(html, "http://site.test/nos-projets")
    assert [c.title for c in cards] == NAMES[:3]
    assert cards[0].guid("http://site.test/nos-projets/") == (
        "http://site.test/nos-projets#epicerie-solidaire-du-blosne"
    )
    assert cards[0].link("http://site.test/nos-projets") == "http://site.test/nos-projets#c0"
    linked = html.replace("<h3>", "<h3><a href='/fiche'>").replace("</h3>", "</a></h3>")
    assert listing_cards(linked, "http://site.test/nos-projets") == []  # detail pages exist
    assert listing_cards(cards_listing(NAMES[:2]), "http://site.test/nos-projets") == []


@pytest.mark.django_db
def test_cards_only_listing_gives_one_stable_project_per_card(
    partner_site, organisation, make_client
):
    partner_site.add("/nos-projets", cards_listing(NAMES))
    home = page("Réseau", "<p>Bienvenue sur le site du réseau.</p>")
    partner_site.add("/", home.replace("</nav>", "<a href='/nos-projets'>Nos projets</a></nav>"))
    source = HarvestSourceFactory(organisation=organisation, url=partner_site.url("/"),
                                  missing_runs_to_unlist=1)  # fmt: skip
    run = harvest(source, make_client)
    assert run.state == HarvestRun.State.SUCCEEDED, run.errors
    assert run.created == 5 and found_titles(organisation) == set(NAMES)
    sources = ProjectSource.objects.filter(organisation=organisation)
    assert all(s.url.startswith(partner_site.url("/nos-projets#")) for s in sources)
    lille = Project.objects.get(title=NAMES[1])
    assert lille.department_id == "59"
    assert lille.summary.startswith(NAMES[1])
    ids = set(Project.objects.values_list("pk", flat=True))

    # the cards in another order, with other ids: the same projects, nothing created
    partner_site.add("/nos-projets", cards_listing(NAMES).replace('id="c', 'id="carte-'))
    run = harvest(source, make_client)
    assert run.created == 0 and set(Project.objects.values_list("pk", flat=True)) == ids

    # the listing's layout changes so that no card is recognised: nothing is retired
    partner_site.add("/nos-projets", page("Nos projets", "<p>Site en travaux.</p>"))
    run = harvest(source, make_client)
    assert run.state != HarvestRun.State.SUCCEEDED
    assert run.unlisted == 0
    assert not HarvestRecord.objects.filter(source=source, state=HarvestRecord.State.GONE).exists()
    assert any("ne sont plus reconnues" in e["message"] for e in run.errors)

    # one card really removed: that project alone is retired (after the usual missed runs)
    partner_site.add("/nos-projets", cards_listing(NAMES[:4]))
    run = harvest(source, make_client)
    assert run.state == HarvestRun.State.SUCCEEDED and run.unlisted == 1
    gone = HarvestRecord.objects.get(source=source, state=HarvestRecord.State.GONE)
    assert gone.guid.endswith("#jardin-partage-les-capucines")


# ---------------------------------------------------------------------- PDF sheets


@pytest.mark.django_db
def test_pdf_project_sheets_are_read(partner_site, organisation, make_client):
    links = []
    for index in range(3):
        postal, town, _ = PLACES[index]
        lines = [NAMES[index], f"{postal} {town}", "", body(NAMES[index], index),
                 f"Site : https://projet-{index}.exemple.org"]  # fmt: skip
        path = f"/documents/fiches/fiche-{index}.pdf"
        partner_site.add(path, simple_pdf(lines, title=NAMES[index]),
                         content_type="application/pdf")  # fmt: skip
        links.append(f"<li><a href='{path}'>{NAMES[index]} (PDF)</a></li>")
    partner_site.add("/documents/rapport-annuel.pdf", simple_pdf(["Rapport annuel"]),
                     content_type="application/pdf")  # fmt: skip
    links.append("<li><a href='/documents/rapport-annuel.pdf'>Rapport annuel</a></li>")
    partner_site.add("/fiches-projets", page("Fiches projets", f"<ul>{''.join(links)}</ul>"))
    source = HarvestSourceFactory(
        organisation=organisation,
        url=partner_site.url("/fiches-projets"),
        kind="listing",
        include_patterns=r"/fiches/[a-z0-9-]+\.pdf$",
    )
    run = harvest(source, make_client)
    assert run.state == HarvestRun.State.SUCCEEDED, run.errors
    assert found_titles(organisation) == set(NAMES[:3])
    rennes = Project.objects.get(title=NAMES[0])
    assert rennes.department_id == "35"
    assert rennes.website == "https://projet-0.exemple.org"
    assert "accompagne depuis 2018" in rennes.summary
    assert not partner_site.requests_for("/documents/rapport-annuel.pdf")  # not asked for


def test_a_broken_or_long_pdf_is_read_within_bounds():
    assert pdf_html(b"%PDF-1.4\nnot really a pdf") == ""
    html = pdf_html(simple_pdf([NAMES[0], "35200 Rennes", body(NAMES[0], 0)]))
    assert f"<h1>{NAMES[0]}</h1>" in html and "<address>35200 Rennes</address>" in html


# ---------------------------------------------------------------------- load more (JSON)


def test_json_endpoints_and_links():
    html = '<main><button class="more" data-url="/wp-json/items?offset=4">Voir plus</button></main>'
    endpoints = json_endpoints(html, "http://site.test/liste")
    assert endpoints == ["http://site.test/wp-json/items?offset=4"]
    data = json.dumps({"items": [{"link": "/a", "_links": {"self": [{"href": "/wp-json/a"}]}},
                                 {"url": "http://site.test/b"}],
                       "next": "/wp-json/items?offset=8"})  # fmt: skip
    links, nexts = json_page_links(data, "http://site.test/wp-json/items?offset=4")
    assert links == ["http://site.test/a", "http://site.test/b"]
    assert nexts == ["http://site.test/wp-json/items?offset=8"]


@pytest.mark.django_db
def test_load_more_over_json_finds_every_project(partner_site, organisation, make_client):
    paths = [f"/realisations/projet-{i}" for i in range(5)]
    for index, path in enumerate(paths):
        partner_site.add(path, project_sheet(index))
    first = "".join(f"<article><h3><a href='{p}'>{NAMES[i]}</a></h3></article>"
                    for i, p in enumerate(paths[:2]))  # fmt: skip
    button = '<button data-url="/wp-json/realisations?offset=2">Voir plus</button>'
    partner_site.add("/realisations", page("Nos réalisations", first + button))
    for offset, nxt in ((2, 4), (4, None)):
        chunk = [{"title": NAMES[i], "link": paths[i]} for i in range(offset, min(offset + 2, 5))]
        partner_site.add(f"/wp-json/realisations?offset={offset}", json.dumps({
            "items": chunk, "next": f"/wp-json/realisations?offset={nxt}" if nxt else None,
        }), content_type="application/json")  # fmt: skip
    source = HarvestSourceFactory(organisation=organisation, url=partner_site.url("/realisations"),
                                  include_patterns=r"/realisations/[a-z0-9-]+$")  # fmt: skip
    run = harvest(source, make_client)
    assert run.state == HarvestRun.State.SUCCEEDED, run.errors
    assert found_titles(organisation) == set(NAMES)


def test_json_pages_count_against_the_listing_cap(partner_site, make_client):
    button = '<button data-url="/api/items.json?page=1">+</button>'
    partner_site.add("/liste", page("Liste", button))
    for number in range(1, 50):
        partner_site.add(f"/api/items.json?page={number}", json.dumps({
            "items": [{"url": f"/fiche/{number}"}], "next": f"/api/items.json?page={number + 1}",
        }), content_type="application/json")  # fmt: skip
    discoverer = Discoverer(make_client())
    discoverer.limits.max_listing_pages = 5
    items = list(discoverer.run(partner_site.url("/liste"), "listing"))
    assert len(items) == 4  # the HTML page and four JSON pages
    assert discoverer.incomplete
