# ruff: noqa: E501
"""Generated partner-like websites: URL schemes of common CMSs and randomly drawn markup.

``build_corpus(seed)`` returns :class:`CorpusSite` objects: their routes (path → content type and
bytes), the ground truth of every page (is it a project, its title, its place, its themes) and
the harvest source a partner admin would set up from what the site shows. Each site has an
*archetype* (how its URLs, listings, sitemaps and feeds are organised: WordPress, Drupal,
Joomla, legacy PHP, JavaScript listing, PDF sheets…) and a *layout* drawn at random from the seed
(where the title sits, what ``<title>`` says, which metadata exist, how the place is written),
so no rule can be written for one site and checked on it alone.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from demo.corpus.content import ContentFactory, Project, load_places, slugify, unaccent
from demo.corpus.pdf import simple_pdf

ARCHETYPES = (
    "wp_classic", "wp_plain", "wp_category", "drupal_node", "drupal_views", "joomla",
    "js_listing", "legacy_iso", "sitemap_all", "feed_mixed", "multilingual", "tabs",
    "cards_only", "load_more", "pdf_sheets", "h2_title", "label_prefix", "site_first_title",
    "jsonld_project", "wix_like", "static_html", "aggregator",
)  # fmt: skip

TITLE_MODES = ("h1", "h2_under_site_h1", "font_b", "strong", "div_class", "label_prefix")
TITLE_TAGS = ("{x} | {site}", "{site} - {x}", "{site}", "{x}", "{x} – {site}", "{site} :: {x}")
LABEL_PREFIXES = ("Initiative : ", "Projet : ", "Fiche projet – ", "Zoom sur : ", "Portrait : ")
PLACE_MODES = ("postcode", "commune_dept", "label", "address", "sentence_only", "jsonld")
TAG_WORDS = {
    "ENV": ("Environnement", "Économie circulaire", "Transition écologique"),
    "EMP": ("Insertion", "Emploi", "Insertion par l'activité économique"),
    "SOL": ("Solidarité", "Lutte contre l'exclusion", "Précarité"),
    "CON": ("Alimentation", "Consommation responsable", "Circuits courts"),
    "NUM": ("Numérique", "Inclusion numérique"),
    "EDU": ("Éducation", "Jeunesse", "Formation"),
    "TER": ("Développement local", "Ruralité", "Vie de quartier"),
    "SAN": ("Santé", "Handicap", "Prévention"),
    "ART": ("Culture", "Arts vivants", "Lecture publique"),
    "SPO": ("Sport", "Sport santé"),
    "FIN": ("Finance solidaire", "Monnaie locale"),
    "TOU": ("Tourisme", "Tourisme durable"),
}


@dataclass
class Layout:
    """How one site writes its pages (drawn at random per site)."""

    site_name: str
    tagline: str
    title_mode: str
    title_tag: str
    label_prefix: str
    place_mode: str
    og: bool
    jsonld: str  # "", "Project", "WebPage", "Article", "Organization"
    semantic: bool  # header/nav/main/footer, else divs
    tags: bool
    sidebar: bool
    lang: str = "fr"


@dataclass
class CorpusSite:
    key: str
    archetype: str
    organisation: str
    encoding: str = "utf-8"
    routes: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    truth: dict[str, dict] = field(default_factory=dict)
    source: dict = field(default_factory=dict)
    layout: Layout | None = None

    def add(self, path: str, body: str | bytes, content_type: str = "text/html") -> None:
        if isinstance(body, str):
            if content_type.startswith("text/html"):
                data = body.encode(self.encoding, errors="xmlcharrefreplace")
                charset = "" if self.encoding != "utf-8" else "; charset=utf-8"
                content_type = content_type + charset
            else:
                data = body.encode("utf-8")
        else:
            data = body
        self.routes[path] = (content_type, data)

    def project_truth(self) -> dict[str, dict]:
        return {p: t for p, t in self.truth.items() if t["is_project"] and not t.get("optional")}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------- page markup


class Renderer:
    """Writes the HTML of one site's pages from its layout (``base`` is ``{{BASE}}``)."""

    def __init__(self, site: CorpusSite, layout: Layout, rng: random.Random, nav: list) -> None:
        self.site, self.layout, self.rng, self.nav = site, layout, rng, nav

    def page(self, *, title: str, heading_html: str, body: str, head_extra: str = "",
             breadcrumb: list[tuple[str, str]] | None = None) -> str:  # fmt: skip
        lay = self.layout
        nav = "".join(f'<li><a href="{href}">{_esc(label)}</a></li>' for href, label in self.nav)
        crumbs = ""
        if breadcrumb:
            items = " › ".join(f'<a href="{h}">{_esc(lbl)}</a>' for h, lbl in breadcrumb)
            crumbs = f'<div class="breadcrumb">{items}</div>'
        sidebar = ""
        if lay.sidebar:
            sidebar = (
                '<aside class="widget"><h3>Lettre d\'information</h3><p>Recevez chaque mois les '
                "nouvelles du réseau et les appels à projets en cours.</p>"
                '<form><input type="email" name="email"><button>S\'inscrire</button></form>'
                "</aside>"
            )
        cookie = (
            '<div class="cookie-banner">Ce site utilise des cookies pour mesurer son audience. '
            '<a href="/mentions-legales">En savoir plus</a></div>'
        )
        footer = (
            f"<p>© {_esc(lay.site_name)} — {_esc(lay.tagline)}</p>"
            '<p><a href="/mentions-legales">Mentions légales</a> · <a href="/contact">Contact</a>'
            "</p>"
        )
        charset = (
            '<meta charset="utf-8">'
            if self.site.encoding == "utf-8"
            else '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        )
        if lay.semantic:
            frame = (
                f'<header class="site-header"><a class="logo" href="/">{_esc(lay.site_name)}</a>'
                f'<p class="tagline">{_esc(lay.tagline)}</p><nav class="menu"><ul>{nav}</ul></nav>'
                f"</header>{cookie}<main>{crumbs}{heading_html}{body}</main>{sidebar}"
                f"<footer>{footer}</footer>"
            )
        else:
            frame = (
                f'<div id="top"><div class="logo"><a href="/">{_esc(lay.site_name)}</a></div>'
                f'<div class="slogan">{_esc(lay.tagline)}</div><div id="menu"><ul>{nav}</ul>'
                f'</div></div>{cookie}<div id="content">{crumbs}{heading_html}{body}</div>'
                f'{sidebar}<div id="pied">{footer}</div>'
            )
        return (
            f'<!DOCTYPE html><html lang="{lay.lang}"><head>{charset}<title>{_esc(title)}</title>'
            f'<meta name="description" content="{_esc(lay.tagline)}">{head_extra}</head>'
            f"<body>{frame}</body></html>"
        )

    def title_text(self, name: str) -> str:
        return self.layout.title_tag.format(x=name, site=self.layout.site_name)

    def heading(self, name: str, mode: str | None = None) -> str:
        lay = self.layout
        mode = mode or lay.title_mode
        if mode == "h1":
            return f"<h1>{_esc(name)}</h1>"
        if mode == "h2_under_site_h1":
            return f'<h1 class="site-title">{_esc(lay.site_name)}</h1><h2>{_esc(name)}</h2>'
        if mode == "font_b":
            return f'<font size="4" color="#336699"><b>{_esc(name)}</b></font><br>'
        if mode == "strong":
            return f"<p><strong>{_esc(name)}</strong></p>"
        if mode == "div_class":
            return f'<div class="{self.rng.choice(["titre", "font_2", "entry-title", "hd"])}">' \
                   f"{_esc(name)}</div>"  # fmt: skip
        if mode == "label_prefix":
            return f"<h1>{_esc(lay.label_prefix + name)}</h1>"
        raise ValueError(mode)

    def place_html(self, project: Project) -> str:
        place, mode = project.place, self.layout.place_mode
        if mode == "postcode":
            return f'<p class="infos">{place.postal_code} {_esc(place.name)}</p>'
        if mode == "commune_dept":
            return f"<p>{_esc(place.name)} ({place.department_code})</p>"
        if mode == "label":
            return f"<p><b>Lieu :</b> {_esc(place.name)}, {_esc(place.department_name)}</p>"
        if mode == "address":
            number = self.rng.randint(1, 80)
            return (
                f"<address>{number} rue de la République<br>{place.postal_code} "
                f"{_esc(place.name)}</address>"
            )
        return ""  # sentence_only / jsonld: the text (and JSON-LD) say where

    def head_meta(self, project: Project, url: str, kind: str = "project") -> str:
        lay = self.layout
        parts = []
        if lay.og:
            parts.append(f'<meta property="og:title" content="{_esc(project.name)}">')
            parts.append(f'<meta property="og:site_name" content="{_esc(lay.site_name)}">')
            parts.append(f'<meta property="og:description" content="{_esc(project.lede)}">')
            parts.append(f'<meta property="og:url" content="{url}">')
        if lay.jsonld:
            node: dict = {"@context": "https://schema.org", "@type": lay.jsonld,
                          "name": project.name, "url": url}  # fmt: skip
            if lay.jsonld == "Article":
                node = {"@context": "https://schema.org", "@type": "Article",
                        "headline": project.name, "datePublished": "2023-05-04"}  # fmt: skip
            if lay.place_mode == "jsonld" or lay.jsonld == "Project":
                node["address"] = {"@type": "PostalAddress", "postalCode": project.place.postal_code,
                                   "addressLocality": project.place.name}  # fmt: skip
            parts.append(f'<script type="application/ld+json">{json.dumps(node)}</script>')
        return "".join(parts)

    def project_body(self, project: Project, *, tabs: bool = False) -> str:
        lay = self.layout
        paragraphs = "".join(f"<p>{_esc(p)}</p>" for p in project.paragraphs)
        info = (
            f'<div class="infos-projet"><p>Site internet : <a href="{project.website}">'
            f"{project.website}</a></p><p>Contact : {project.email}</p></div>"
        )
        tags = ""
        if lay.tags:
            words = [TAG_WORDS[t][self.rng.randrange(len(TAG_WORDS[t]))] for t in project.themes]
            tags = f'<p class="tags">Thématiques : {_esc(", ".join(words))}</p>'
        share = (
            '<div class="share">Partager : <a href="https://www.facebook.com/sharer.php">'
            'Facebook</a> <a href="https://twitter.com/intent/tweet">Twitter</a></div>'
        )
        place = self.place_html(project)
        if tabs:
            return (
                f'{place}<div class="tabs" role="tablist"><button role="tab" aria-controls="t1">'
                'Présentation</button><button role="tab" aria-controls="t2">Contact</button>'
                f'</div><div id="t1" role="tabpanel">{paragraphs}{tags}</div>'
                f'<div id="t2" role="tabpanel" hidden>{info}</div>'
                f"<details><summary>En savoir plus</summary><p>{_esc(project.paragraphs[-1])}"
                f"</p></details>{share}"
            )
        return f"{place}{paragraphs}{tags}{info}{share}"

    def simple_page(self, title: str, paragraphs: list[str], head_extra: str = "") -> str:
        body = "".join(f"<p>{_esc(p)}</p>" for p in paragraphs)
        mode = "h1" if self.layout.title_mode in ("label_prefix", "div_class") else None
        return self.page(title=self.title_text(title), heading_html=self.heading(title, mode),
                         body=body, head_extra=head_extra)  # fmt: skip

    def listing(self, title: str, items: list[tuple[str, str, str]], pager: str = "") -> str:
        cards = "".join(
            f'<article class="card"><h3><a href="{href}">{_esc(name)}</a></h3>'
            f"<p>{_esc(text[:140])}…</p></article>"
            for href, name, text in items
        )
        return self.page(title=self.title_text(title), heading_html=f"<h1>{_esc(title)}</h1>",
                         body=f'<div class="liste">{cards}</div>{pager}')  # fmt: skip


# --------------------------------------------------------------------------- site builder


@dataclass
class Scheme:
    """Where an archetype puts things."""

    project: Callable[[Project], str]
    news: Callable[[int, str], str]
    listing: Callable[[int], str]  # page index 0, 1, ...
    per_page: int = 6
    sitemap: str = ""  # "", "all", "projects", "wp"
    feed: str = ""  # "", "mixed"
    legal: str = "/mentions-legales"
    about: str = "/qui-sommes-nous"
    include: list[str] = field(default_factory=list)
    start: str = "/"
    listing_title: str = "Nos projets"
    crumb: str = "Projets"


def _legal_text() -> list[str]:
    return [
        "Éditeur du site : l'association, loi 1901. Directeur de la publication : le président.",
        "Hébergement : un prestataire établi en France. Les données personnelles collectées "
        "sont traitées conformément au RGPD ; vous disposez d'un droit d'accès et de rectification.",
    ]


def _about_text(org: str) -> list[str]:
    return [
        f"{org} accompagne depuis quinze ans les porteurs de projets d'utilité sociale de son "
        "territoire : conseil, mise en réseau et financement.",
        "Notre équipe de huit salariés travaille avec les collectivités, les fondations et les "
        "entreprises engagées. Nous animons aussi un réseau de bénévoles experts.",
        "Nous croyons que les solutions aux défis sociaux et écologiques naissent au plus près "
        "des habitants.",
    ]


def _draw_layout(rng: random.Random, org: str, **forced) -> Layout:
    values = {
        "site_name": org,
        "tagline": rng.choice(
            (
                "Ensemble pour des territoires solidaires",
                "L'innovation sociale au service de tous",
                "Entreprendre autrement",
                "Agir local, penser global",
            )
        ),  # fmt: skip
        "title_mode": rng.choice(("h1", "h1", "h1", "h2_under_site_h1", "div_class", "strong")),
        "title_tag": rng.choice(TITLE_TAGS),
        "label_prefix": rng.choice(LABEL_PREFIXES),
        "place_mode": rng.choice(PLACE_MODES),
        "og": rng.random() < 0.5,
        "jsonld": rng.choice(("", "", "WebPage", "Article", "Project", "Organization")),
        "semantic": rng.random() < 0.6,
        "tags": rng.random() < 0.5,
        "sidebar": rng.random() < 0.5,
    }
    values.update(forced)
    if values["place_mode"] == "jsonld" and not values["jsonld"]:
        values["jsonld"] = "WebPage"
    return Layout(**values)


def _truth_project(project: Project, **extra) -> dict:
    truth = {
        "is_project": True,
        "title": project.name,
        "department": project.place.department_code,
        "commune": project.place.insee,
        "themes": sorted(project.themes),
        "website": project.website,
        "key": project.key,
        "text": " ".join(project.paragraphs),
    }
    truth.update(extra)
    return truth


def _truth_other(title: str, kind: str) -> dict:
    return {"is_project": False, "page_kind": kind, "title": title}


class SiteBuilder:
    def __init__(self, key: str, archetype: str, rng: random.Random, factory: ContentFactory,
                 **layout) -> None:  # fmt: skip
        org = factory.organisation()
        self.rng = rng
        self.factory = factory
        self.site = CorpusSite(key=key, archetype=archetype, organisation=org)
        self.layout = _draw_layout(rng, org, **layout)
        self.site.layout = self.layout

    def build(self, scheme: Scheme, projects: list[Project], *, news_count: int = 3,
              tabs: bool = False) -> CorpusSite:  # fmt: skip
        site, lay, rng = self.site, self.layout, self.rng
        listing0 = scheme.listing(0)
        nav = [("/", "Accueil"), (listing0, scheme.listing_title), (scheme.news(-1, ""),
               "Actualités"), (scheme.about, "Qui sommes-nous ?")]  # fmt: skip
        r = Renderer(site, lay, rng, nav)
        self.renderer = r
        crumb = [("/", "Accueil"), (listing0, scheme.crumb)]
        for project in projects:
            path = scheme.project(project)
            url = "{{BASE}}" + path
            heading = r.heading(project.name)
            site.add(path, r.page(
                title=r.title_text(lay.label_prefix + project.name)
                if lay.title_mode == "label_prefix" else r.title_text(project.name),
                heading_html=heading, body=r.project_body(project, tabs=tabs),
                head_extra=r.head_meta(project, url), breadcrumb=crumb))  # fmt: skip
            site.truth[path] = _truth_project(project)
        # listings, paginated
        pages = [
            projects[i : i + scheme.per_page] for i in range(0, len(projects), scheme.per_page)
        ]
        for index, chunk in enumerate(pages):
            items = [(scheme.project(p), p.name, p.lede) for p in chunk]
            pager = ""
            if index + 1 < len(pages):
                pager = f'<nav class="pagination"><a rel="next" href="{scheme.listing(index + 1)}">' \
                        "Page suivante</a></nav>"  # fmt: skip
            site.add(scheme.listing(index), r.listing(scheme.listing_title, items, pager))
            site.truth[scheme.listing(index)] = _truth_other(scheme.listing_title, "listing")
        # news
        news_items = []
        for index in range(news_count):
            title, text = self.factory.news(2020 + index)
            path = scheme.news(index, title)
            site.add(
                path,
                r.simple_page(
                    title,
                    text,
                    '<meta property="article:published_time" '
                    f'content="202{index}-03-0{index + 1}T10:00:00+01:00">',
                ),
            )
            site.truth[path] = _truth_other(title, "news")
            news_items.append((path, title, text[0]))
        news_index = scheme.news(-1, "")
        if news_index not in site.routes:
            site.add(news_index, r.listing("Actualités", news_items))
            site.truth[news_index] = _truth_other("Actualités", "listing")
        for path, title, text in ((scheme.legal, "Mentions légales", _legal_text()),
                                  (scheme.about, "Qui sommes-nous ?", _about_text(lay.site_name)),
                                  ("/contact", "Contact", ["Écrivez-nous : contact@"
                                   "reseau.exemple.fr, ou appelez le 01 23 45 67 89."])):  # fmt: skip
            if path not in site.routes:
                site.add(path, r.simple_page(title, text))
                kind = "other" if title.startswith("Qui") else "legal"
                site.truth[path] = _truth_other(title, kind)
        if "/" not in site.routes:
            latest = [(scheme.project(p), p.name, p.lede) for p in projects[:3]]
            latest += news_items[:2]
            site.add("/", r.listing(lay.site_name, latest))
            site.truth["/"] = _truth_other(lay.site_name, "other")
        self._robots_sitemap_feed(scheme, projects, news_items)
        site.source = {"url": "{{BASE}}" + scheme.start, "kind": "auto",
                       "include": list(scheme.include)}  # fmt: skip
        return site

    def _robots_sitemap_feed(self, scheme: Scheme, projects, news_items) -> None:
        site = self.site
        robots = "User-agent: *\nDisallow: /wp-admin/\n"
        if scheme.sitemap:
            robots += "Sitemap: {{BASE}}/sitemap.xml\n"
            if scheme.sitemap == "projects":
                paths = [scheme.project(p) for p in projects]
            else:
                paths = sorted(p for p, (ctype, _) in site.routes.items()
                               if ctype.startswith("text/html"))  # fmt: skip
            urls = "".join(f"<url><loc>{{{{BASE}}}}{_esc(p)}</loc><lastmod>2024-02-01</lastmod>"
                           "</url>" for p in paths)  # fmt: skip
            site.add(
                "/sitemap.xml",
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://'
                f'www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
                "application/xml",
            )
        site.add("/robots.txt", robots, "text/plain; charset=utf-8")
        if scheme.feed:
            entries = [(scheme.project(p), p.name, p.lede) for p in projects[:8]] + news_items
            self.rng.shuffle(entries)
            items = "".join(
                f"<item><title>{_esc(t)}</title><link>{{{{BASE}}}}{_esc(p)}</link><description>"
                f"{_esc(d)}</description><pubDate>Mon, 0{i % 9 + 1} Jan 2024 10:00:00 +0100"
                "</pubDate></item>" for i, (p, t, d) in enumerate(entries))  # fmt: skip
            site.add(
                "/feed/",
                f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>{_esc(self.layout.site_name)}</title><link>{{{{BASE}}}}/</link>"
                f"{items}</channel></rss>",
                "application/rss+xml",
            )
            home_link = '<link rel="alternate" type="application/rss+xml" href="/feed/">'
            if "/" in site.routes:
                ctype, body = site.routes["/"]
                site.routes["/"] = (
                    ctype,
                    body.replace(b"</head>", home_link.encode() + b"</head>"),
                )


# --------------------------------------------------------------------------- archetypes


def _n(p: Project) -> int:
    return p.number


def _slug(title: str) -> str:
    return slugify(title)[:50]


def _scheme(archetype: str) -> Scheme:
    s = _slug
    schemes = {
        "wp_classic": Scheme(lambda p: f"/projet/{p.slug}/",
                             lambda i, t: f"/202{max(i, 0)}/03/{s(t)}/" if i >= 0 else "/actualites/",
                             lambda k: "/projets/" if k == 0 else f"/projets/page/{k + 1}/",
                             sitemap="all", include=[r"/projet/[a-z0-9-]+/$"]),
        "wp_plain": Scheme(lambda p: f"/?p={_n(p)}",
                           lambda i, t: f"/?p={50 + i}" if i >= 0 else "/?cat=1",
                           lambda k: "/?cat=3" if k == 0 else f"/?cat=3&paged={k + 1}",
                           feed="mixed", legal="/?page_id=2", about="/?page_id=7"),
        "wp_category": Scheme(lambda p: f"/{p.slug}/",
                              lambda i, t: f"/{s(t)}/" if i >= 0 else "/category/actualites/",
                              lambda k: "/category/projets/" if k == 0
                              else f"/category/projets/page/{k + 1}/", sitemap="all"),
        "drupal_node": Scheme(lambda p: f"/node/{_n(p)}",
                              lambda i, t: f"/node/{20 + i}" if i >= 0 else "/actualites",
                              lambda k: f"/initiatives?page={k}", feed="mixed", about="/node/3",
                              listing_title="Initiatives", crumb="Initiatives"),
        "drupal_views": Scheme(lambda p: f"/initiatives/{p.slug}",
                               lambda i, t: f"/actualites/{s(t)}" if i >= 0 else "/actualites",
                               lambda k: f"/initiatives?page={k}", sitemap="all",
                               listing_title="Initiatives", crumb="Initiatives"),
        "joomla": Scheme(lambda p: f"/index.php/nos-projets/{_n(p)}-{p.slug}",
                         lambda i, t: f"/index.php/actualites/{30 + i}-{s(t)}" if i >= 0
                         else "/index.php/actualites",
                         lambda k: "/index.php/nos-projets" if k == 0
                         else f"/index.php/nos-projets?start={6 * k}",
                         legal="/index.php/mentions-legales", about="/index.php/qui-sommes-nous",
                         include=[r"/index\.php/nos-projets/\d+-[a-z0-9-]+$"]),
        "legacy_iso": Scheme(lambda p: f"/annuaire/fiche.php?id={_n(p)}",
                             lambda i, t: f"/actus.php?id={i + 1}" if i >= 0 else "/actus.php",
                             lambda k: f"/annuaire/liste.php?page={k + 1}",
                             start="/annuaire/liste.php?page=1", legal="/mentions.php",
                             include=[r"/annuaire/fiche\.php\?id=\d+$"],
                             listing_title="Annuaire des structures", crumb="Annuaire"),
        "sitemap_all": Scheme(lambda p: f"/initiatives/{p.slug}",
                              lambda i, t: f"/actualites/{s(t)}" if i >= 0 else "/actualites",
                              lambda k: "/initiatives" if k == 0 else f"/initiatives?page={k}",
                              sitemap="all", listing_title="Initiatives"),
        "feed_mixed": Scheme(lambda p: f"/articles/{p.slug}",
                             lambda i, t: f"/articles/{s(t)}" if i >= 0 else "/articles",
                             lambda k: "/nos-projets" if k == 0 else f"/nos-projets?page={k}",
                             feed="mixed"),
        "tabs": Scheme(lambda p: f"/fiches/{p.slug}",
                       lambda i, t: f"/actu/{s(t)}" if i >= 0 else "/actu",
                       lambda k: "/fiches" if k == 0 else f"/fiches?page={k}", sitemap="projects",
                       include=[r"/fiches/[a-z0-9-]+$"]),
        "h2_title": Scheme(lambda p: f"/projets/{p.slug}.html",
                           lambda i, t: f"/actualites/{s(t)}.html" if i >= 0 else "/actualites.html",
                           lambda k: "/projets/index.html" if k == 0 else f"/projets/page{k + 1}.html",
                           legal="/mentions-legales.html", about="/association.html",
                           include=[r"/projets/[a-z0-9-]+\.html$"]),
        "label_prefix": Scheme(lambda p: f"/initiative/{p.slug}",
                               lambda i, t: f"/blog/{s(t)}" if i >= 0 else "/blog",
                               lambda k: "/initiatives" if k == 0 else f"/initiatives/page/{k + 1}",
                               sitemap="all", include=[r"/initiative/[a-z0-9-]+$"]),
        "site_first_title": Scheme(lambda p: f"/portraits/{p.slug}",
                                   lambda i, t: f"/news/{s(t)}" if i >= 0 else "/news",
                                   lambda k: "/portraits" if k == 0 else f"/portraits?p={k + 1}",
                                   feed="mixed", include=[r"/portraits/[a-z0-9-]+$"]),
        "jsonld_project": Scheme(lambda p: f"/laureats/{p.slug}",
                                 lambda i, t: f"/presse/{s(t)}" if i >= 0 else "/presse",
                                 lambda k: "/laureats" if k == 0 else f"/laureats?page={k}",
                                 sitemap="all", listing_title="Nos lauréats"),
        "wix_like": Scheme(lambda p: f"/copie-de-{p.slug}",
                           lambda i, t: f"/post/{s(t)}" if i >= 0 else "/blog",
                           lambda k: "/projets" if k == 0 else f"/projets-{k + 1}",
                           sitemap="all"),
        "static_html": Scheme(lambda p: f"/realisations/{p.slug}.html",
                              lambda i, t: f"/infos/{s(t)}.html" if i >= 0 else "/infos/index.html",
                              lambda k: "/realisations/index.html" if k == 0
                              else f"/realisations/index-{k + 1}.html",
                              legal="/mentions.html", listing_title="Nos réalisations"),
    }  # fmt: skip
    return schemes[archetype]


FORCED_LAYOUT = {
    "legacy_iso": {"title_mode": "font_b", "title_tag": "{site}", "semantic": False,
                   "og": False, "jsonld": ""},
    "h2_title": {"title_mode": "h2_under_site_h1", "title_tag": "{site}"},
    "label_prefix": {"title_mode": "label_prefix"},
    "site_first_title": {"title_mode": "div_class", "title_tag": "{site} - {x}", "og": False,
                         "jsonld": ""},
    "jsonld_project": {"jsonld": "Project", "title_mode": "h2_under_site_h1"},
    "wix_like": {"title_mode": "div_class", "semantic": False},
}  # fmt: skip


def _build_standard(key, archetype, rng, factory, projects) -> CorpusSite:
    forced = dict(FORCED_LAYOUT.get(archetype, {}))
    if archetype == "legacy_iso":
        forced["title_mode"] = rng.choice(("font_b", "strong"))
    builder = SiteBuilder(key, archetype, rng, factory, **forced)
    if archetype == "legacy_iso":
        builder.site.encoding = "iso-8859-1"
    site = builder.build(_scheme(archetype), projects, tabs=archetype == "tabs")
    if archetype == "wp_classic":  # WordPress answers without the trailing slash by a 301
        for project in projects:
            site.redirects[f"/projet/{project.slug}"] = f"/projet/{project.slug}/"
    return site


def _build_js_listing(key, rng, factory, projects) -> CorpusSite:
    """A listing filled by JavaScript from a JSON endpoint; detail pages exist but nothing in
    the static HTML links to them (no sitemap either)."""
    builder = SiteBuilder(key, "js_listing", rng, factory)
    scheme = Scheme(lambda p: f"/projets/{p.slug}", lambda i, t: f"/actus/{_slug(t)}"
                    if i >= 0 else "/actus", lambda k: "/catalogue", per_page=100)  # fmt: skip
    site = builder.build(scheme, projects)
    items = [{"title": p.name, "url": scheme.project(p), "ville": p.place.name} for p in projects]
    site.add(
        "/api/projets.json", json.dumps({"items": items}, ensure_ascii=False), "application/json"
    )
    r = builder.renderer
    site.add("/catalogue", r.page(
        title=r.title_text("Catalogue"), heading_html="<h1>Catalogue des projets</h1>",
        body='<div id="app" data-src="/api/projets.json">Chargement…</div>'
             '<script src="/static/app.js"></script>'))  # fmt: skip
    site.add(
        "/static/app.js",
        "const app = document.getElementById('app');"
        "fetch(app.dataset.src).then(r => r.json()).then(d => { app.textContent = '';"
        " for (const p of d.items) { const a = document.createElement('a');"
        " a.href = p.url; a.textContent = p.title; app.appendChild(a); } });",
        "application/javascript",
    )
    # a partner admin switches the renderer on when the dry run proposes it
    site.source["renderer"] = "chromium"
    # the home page links only to the catalogue
    site.add(
        "/",
        r.listing(
            builder.layout.site_name,
            [
                (
                    "/catalogue",
                    "Le catalogue",
                    "Tous nos "
                    "projets, filtrés par territoire et par thème, dans une carte interactive.",
                )
            ],
        ),
    )
    return site


def _build_load_more(key, rng, factory, projects) -> CorpusSite:
    """The listing shows four cards; "Voir plus" reads further cards as JSON."""
    builder = SiteBuilder(key, "load_more", rng, factory)
    scheme = Scheme(lambda p: f"/realisations/{p.slug}", lambda i, t: f"/actualites/{_slug(t)}"
                    if i >= 0 else "/actualites", lambda k: "/realisations", per_page=100,
                    include=[r"/realisations/[a-z0-9-]+$"])  # fmt: skip
    site = builder.build(scheme, projects)
    r = builder.renderer
    first = [(scheme.project(p), p.name, p.lede) for p in projects[:4]]
    button = (
        '<button class="load-more" data-url="/wp-json/realisations?offset=4">Voir plus</button>'
        '<script src="/static/voir-plus.js"></script>'
    )
    site.add(
        "/static/voir-plus.js",
        "for (const b of document.querySelectorAll('button.load-more')) {"
        " b.addEventListener('click', () => fetch(b.dataset.url).then(r => r.json()).then(d => {"
        " for (const it of d.items) { const a = document.createElement('a');"
        " a.href = it.link; a.textContent = it.title; b.before(a); }"
        " if (d.next) { b.dataset.url = d.next; } else { b.remove(); } })); }",
        "application/javascript",
    )
    site.source["renderer"] = "chromium"
    site.add("/realisations", r.listing("Nos réalisations", first, button))
    for offset in range(4, len(projects), 4):
        chunk = projects[offset : offset + 4]
        nxt = offset + 4 if offset + 4 < len(projects) else None
        site.add(f"/wp-json/realisations?offset={offset}", json.dumps({
            "items": [{"title": p.name, "link": scheme.project(p), "excerpt": p.lede}
                      for p in chunk],
            "next": f"/wp-json/realisations?offset={nxt}" if nxt else None,
        }, ensure_ascii=False), "application/json")  # fmt: skip
    return site


def _build_cards_only(key, rng, factory, projects) -> CorpusSite:
    """Every project is a card of one page; there is no detail page at all."""
    builder = SiteBuilder(key, "cards_only", rng, factory)
    scheme = Scheme(lambda p: f"/nos-projets#{p.slug}", lambda i, t: f"/actualites/{_slug(t)}"
                    if i >= 0 else "/actualites", lambda k: "/nos-projets", per_page=100)  # fmt: skip
    site = builder.build(scheme, [])
    r = builder.renderer
    cards = "".join(
        f'<div class="card" id="{p.slug}"><h3>{_esc(p.name)}</h3><p class="lieu">'
        f"{_esc(p.place.name)} ({p.place.department_code})</p><p>{_esc(p.paragraphs[0])}</p>"
        f'<p><a href="{p.website}">Site du projet</a></p></div>'
        for p in projects
    )
    site.add(
        "/nos-projets",
        r.page(
            title=r.title_text("Nos projets"),
            heading_html="<h1>Nos projets</h1>",
            body=f'<div class="cards">{cards}</div>',
        ),
    )
    site.truth["/nos-projets"] = _truth_other("Nos projets", "listing")
    for p in projects:
        site.truth[f"/nos-projets#{p.slug}"] = _truth_project(p, no_page=True)
    return site


def _build_pdf(key, rng, factory, projects) -> CorpusSite:
    """Project sheets are PDF files linked from an HTML listing."""
    builder = SiteBuilder(key, "pdf_sheets", rng, factory)
    scheme = Scheme(lambda p: f"/documents/fiches/{p.slug}.pdf", lambda i, t: f"/actualites/"
                    f"{_slug(t)}" if i >= 0 else "/actualites", lambda k: "/fiches-projets",
                    per_page=100, include=[r"/fiches/[a-z0-9-]+\.pdf$"])  # fmt: skip
    site = builder.build(scheme, [])
    r = builder.renderer
    links = "".join(f'<li><a href="{scheme.project(p)}">{_esc(p.name)} (PDF, 40 Ko)</a></li>'
                    for p in projects)  # fmt: skip
    site.add(
        "/fiches-projets",
        r.page(
            title=r.title_text("Fiches projets"),
            heading_html="<h1>Fiches projets</h1>",
            body=f"<ul>{links}</ul>",
        ),
    )
    site.truth["/fiches-projets"] = _truth_other("Fiches projets", "listing")
    for p in projects:
        lines = [p.name, f"{p.place.postal_code} {p.place.name}", "", *p.paragraphs,
                 f"Site : {p.website}"]  # fmt: skip
        site.add(scheme.project(p), simple_pdf(lines, title=p.name), "application/pdf")
        site.truth[scheme.project(p)] = _truth_project(p)
    home = r.listing(builder.layout.site_name, [("/fiches-projets", "Fiches projets",
                     "Téléchargez les fiches de nos projets accompagnés.")])  # fmt: skip
    site.add("/", home)
    return site


def _build_multilingual(key, rng, factory, projects) -> CorpusSite:
    """/fr/ and /en/ versions; the English page of a project is the same project."""
    builder = SiteBuilder(key, "multilingual", rng, factory)
    scheme = Scheme(lambda p: f"/fr/projets/{p.slug}", lambda i, t: f"/fr/actualites/{_slug(t)}"
                    if i >= 0 else "/fr/actualites", lambda k: "/fr/projets" if k == 0
                    else f"/fr/projets?page={k}", sitemap="all", legal="/fr/mentions-legales",
                    about="/fr/qui-sommes-nous", start="/fr/",
                    include=[r"/fr/projets/[a-z0-9-]+$"])  # fmt: skip
    site = builder.build(scheme, projects)
    r = builder.renderer
    lay = builder.layout
    for p in projects:
        en = f"/en/projects/{p.slug}"
        body = (f"<p>{_esc(p.name)} is a social innovation project based in {_esc(p.place.name)}"
                ". It was started by local residents and volunteers.</p><p>The team works with "
                "the town council and local associations.</p>")  # fmt: skip
        site.add(en, r.page(title=r.title_text(p.name), heading_html=r.heading(p.name),
                 body=body).replace('lang="fr"', 'lang="en"'))  # fmt: skip
        site.truth[en] = _truth_project(p, optional=True, same_as=p.key)
        fr = scheme.project(p)
        ctype, data = site.routes[fr]
        alt = f'<link rel="alternate" hreflang="en" href="{en}">'.encode()
        site.routes[fr] = (ctype, data.replace(b"</head>", alt + b"</head>"))
    site.add("/fr/", site.routes["/"][1].decode("utf-8"))
    site.truth["/fr/"] = _truth_other(lay.site_name, "other")
    # the sitemap lists the English pages too
    site.routes.pop("/sitemap.xml", None)
    builder._robots_sitemap_feed(Scheme(scheme.project, scheme.news, scheme.listing,
                                        sitemap="all"), projects, [])  # fmt: skip
    return site


def _build_aggregator(key, rng, factory, originals: list[Project]) -> CorpusSite:
    """A regional portal copying other partners' projects ("Projet X", capitals, no accents),
    plus look-alikes: the same kind of name in another place (different projects)."""
    builder = SiteBuilder(key, "aggregator", rng, factory, title_mode="h1")
    copies: list[Project] = []
    variants = ("prefix", "caps", "unaccent", "label", "plain")
    for index, original in enumerate(originals):
        variant = variants[index % len(variants)]
        name = {
            "prefix": f"Projet {original.name}",
            "caps": original.name.upper(),
            "unaccent": unaccent(original.name),
            "label": f"Initiative : {original.name}",
            "plain": original.name,
        }[variant]
        copy = Project(
            key=f"{original.key}-copie", name=name, place=original.place,
            themes=original.themes, paragraphs=[original.paragraphs[0], original.paragraphs[2],
            "Fiche rédigée par le portail régional à partir des informations du porteur."],
            website=original.website if rng.random() < 0.5 else "", email="",
            start_year=original.start_year, slug=original.slug + "-" + str(index),
            number=original.number + 1, same_as=original.key,
        )  # fmt: skip
        copy.extra["variant"] = variant
        copies.append(copy)
    lookalikes = []
    for index in range(3):
        twin = factory.project()
        source = originals[index]
        twin.name = source.name.split(" de ")[0] if " de " in source.name else source.name
        other_places = [pl for pl in factory.places
                        if pl.department_code != source.place.department_code]  # fmt: skip
        twin.place = rng.choice(other_places)
        twin.slug = _slug(twin.name) + f"-{index}"
        twin.paragraphs[2] = f"Le projet est implanté à {twin.place.name}."
        lookalikes.append(twin)
    scheme = Scheme(lambda p: f"/annuaire/{p.slug}", lambda i, t: f"/actualites/{_slug(t)}"
                    if i >= 0 else "/actualites", lambda k: "/annuaire" if k == 0
                    else f"/annuaire?page={k + 1}", sitemap="all",
                    include=[r"/annuaire/[a-z0-9-]+$"])  # fmt: skip
    everything = copies + lookalikes
    rng.shuffle(everything)
    site = builder.build(scheme, everything)
    for copy in copies:
        truth = site.truth[scheme.project(copy)]
        truth.update(
            same_as=copy.same_as,
            title=copy.name,
            title_loose=True,
            best_title=next(o.name for o in originals if o.key == copy.same_as),
        )
        if copy.extra["variant"] == "label":  # a label, not a name ("Projet X" may be one)
            truth["title"] = next(o.name for o in originals if o.key == copy.same_as)
    return site


def _mark_same_as(sites: list[CorpusSite], originals: list[Project]) -> None:
    keys = {o.key for o in originals}
    for site in sites:
        for truth in site.truth.values():
            if truth.get("key") in keys and not truth.get("same_as"):
                truth["same_as"] = truth["key"]


def build_corpus(seed: int = 2026, *, sites: int = 22, projects_per_site: tuple[int, int] = (5, 9)
                 ) -> list[CorpusSite]:  # fmt: skip
    """The generated partner web: ``sites`` sites (one per archetype, then archetypes again
    with other layouts), the same for the same seed."""
    rng = random.Random(seed)
    factory = ContentFactory(rng, load_places(rng))
    result: list[CorpusSite] = []
    all_projects: list[Project] = []
    order = [a for a in ARCHETYPES if a != "aggregator"]
    while len(order) < sites - 1:
        order.append(rng.choice([a for a in ARCHETYPES if a not in ("aggregator",)]))
    order = order[: max(sites - 1, 1)]
    for index, archetype in enumerate(order):
        key = f"{index + 1:02d}-{archetype.replace('_', '-')}"
        projects = [factory.project() for _ in range(rng.randint(*projects_per_site))]
        site_rng = random.Random(rng.random())
        if archetype == "js_listing":
            site = _build_js_listing(key, site_rng, factory, projects)
        elif archetype == "load_more":
            site = _build_load_more(key, site_rng, factory, projects)
        elif archetype == "cards_only":
            site = _build_cards_only(key, site_rng, factory, projects)
        elif archetype == "pdf_sheets":
            site = _build_pdf(key, site_rng, factory, projects)
        elif archetype == "multilingual":
            site = _build_multilingual(key, site_rng, factory, projects)
        else:
            site = _build_standard(key, archetype, site_rng, factory, projects)
        result.append(site)
        if archetype not in ("js_listing", "cards_only", "pdf_sheets"):
            all_projects += projects
    if sites > 1:
        originals = rng.sample(all_projects, min(10, len(all_projects)))
        key = f"{len(result) + 1:02d}-aggregator"
        result.append(_build_aggregator(key, random.Random(rng.random()), factory, originals))
        _mark_same_as(result, originals)
    return result
