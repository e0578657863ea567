"""A generated partner site on loopback for ``manage.py bench_harvest``.

Serves ``count`` project pages (half with JSON-LD, half bare HTML), a listing (in plain HTML
and built by JavaScript from JSON, for the renderer's cost), a sitemap and robots.txt, with
ETag / Last-Modified so that a second, unchanged harvest can be measured.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KINDS = [
    ("Épicerie solidaire", "propose des produits frais à prix réduits aux familles modestes"),
    (
        "Ressourcerie",
        "collecte, répare et revend des objets en employant des salariés en insertion",
    ),
    ("Tiers-lieu numérique", "accompagne les habitants dans leurs démarches en ligne"),
    ("Jardin partagé", "réunit les habitants autour d'un potager collectif sans pesticides"),
    ("Garage solidaire", "répare les voitures des personnes en parcours d'insertion"),
    ("Café des aidants", "offre aux proches aidants un lieu d'écoute et de répit"),
]
TOWNS = [
    ("Rennes", "35000"),
    ("Lille", "59000"),
    ("Lyon", "69001"),
    ("Nantes", "44000"),
    ("Toulouse", "31000"),
    ("Brest", "29200"),
    ("Dijon", "21000"),
    ("Amiens", "80000"),
]


def _page(number: int) -> str:
    rng = random.Random(number)
    kind, does = rng.choice(KINDS)
    town, postal = rng.choice(TOWNS)
    title = f"{kind} n° {number} de {town}"
    paragraphs = "".join(
        f"<p>Depuis {2010 + number % 14}, le projet {does} à {town}. Les bénévoles et les "
        f"salariés y travaillent avec les associations du quartier et la commune.</p>"
        for _ in range(6)
    )
    jsonld = ""
    if number % 2:
        data = {
            "@context": "https://schema.org",
            "@type": "Project",
            "name": title,
            "address": {"@type": "PostalAddress", "postalCode": postal, "addressLocality": town},
        }
        jsonld = (
            f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        )
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title} | Réseau '
        f"Banc d'essai</title>{jsonld}</head><body><nav><a href='/'>Accueil</a></nav><main>"
        f"<article><h1>{title}</h1>{paragraphs}<p>Adresse : 3 rue de la Paix, {postal} {town}</p>"
        f'<p><a href="https://banc-{number}.exemple.net/">Site internet du projet</a></p>'
        "</article></main></body></html>"
    )


PER_LISTING = 20
LISTING_JS = """
const box = document.getElementById('cartes');
const page = Number(box.dataset.page);
fetch('/api/liste/' + page).then(r => r.json()).then(d => {
  for (const url of d.items) {
    const a = document.createElement('a'); a.href = url; a.textContent = url;
    box.appendChild(a);
  }
  if (d.next) {
    const n = document.createElement('a'); n.href = '/js/' + (page + 1);
    n.textContent = 'Suivant'; box.appendChild(n);
  }
});
"""


def _listing_html(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Nos projets</title>'
        f"</head><body><main><h1>Nos projets</h1>{body}</main></body></html>"
    )


class BenchSite:
    def __init__(self, count: int):
        self.count = count
        self.requests = 0
        self._server: ThreadingHTTPServer | None = None

    def routes(self, path: str) -> tuple[str, str] | None:
        if path == "/robots.txt":
            return "text/plain", f"User-agent: *\nSitemap: {self.base_url}/sitemap.xml\n"
        if path == "/sitemap.xml":
            urls = "".join(
                f"<url><loc>{self.base_url}/projets/{n}</loc></url>" for n in range(self.count)
            )
            return "application/xml", (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{urls}</urlset>"
            )
        if path.startswith("/projets/") and path[9:].isdigit() and int(path[9:]) < self.count:
            return "text/html; charset=utf-8", _page(int(path[9:]))
        return self._listing_routes(path)

    # The same listing twice: plain HTML (``/liste/N``) and built by JavaScript from JSON
    # (``/js/N``), PER_LISTING projects a page, to compare static and rendered discovery.
    def listing_pages(self) -> int:
        return max(1, -(-self.count // PER_LISTING))

    def _listing_routes(self, path: str) -> tuple[str, str] | None:
        head, _, tail = path.rpartition("/")
        if head in ("/liste", "/js", "/api/liste") and tail.isdigit():
            number = int(tail)
            if not 1 <= number <= self.listing_pages():
                return None
            first = (number - 1) * PER_LISTING
            numbers = range(first, min(first + PER_LISTING, self.count))
            more = number < self.listing_pages()
            if head == "/api/liste":
                data = {"items": [f"/projets/{n}" for n in numbers], "next": more}
                return "application/json", json.dumps(data)
            if head == "/js":
                body = f'<div id="cartes" data-page="{number}"></div><script src="/liste.js">'
                return "text/html; charset=utf-8", _listing_html(body + "</script>")
            links = "".join(f'<li><a href="/projets/{n}">Projet {n}</a></li>' for n in numbers)
            nxt = f'<a href="/liste/{number + 1}">Suivant</a>' if more else ""
            return "text/html; charset=utf-8", _listing_html(f"<ul>{links}</ul>{nxt}")
        if path == "/liste.js":
            return "application/javascript", LISTING_JS
        return None

    def start(self) -> BenchSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server API
                site.requests += 1
                route = site.routes(self.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                content_type, body = route
                data = body.encode("utf-8")
                etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
