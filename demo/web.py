"""Demo partner web: five partner-like websites served on loopback.

The sites live as static files in ``demo/sites/<key>/`` (see its README): each folder
has a ``site.json`` listing its routes. ``start_demo_web()`` serves every site with its own
``ThreadingHTTPServer`` on 127.0.0.1 (port chosen by the OS unless ``first_port`` is given), in
daemon threads, and returns ``{site_key: base_url}``; ``stop_demo_web()`` stops them.
``demo_sources(base_urls)`` returns the harvest-source import structure for those sites (the
``harvest_sources import`` file format), so ``make run`` can start the web, import the sources
and harvest them on first start.

The server behaves like ordinary web servers: ETag / Last-Modified with 304 answers to
conditional GETs, HEAD, gzip ``Content-Encoding`` when asked, a gzip sitemap file, a legacy site
served in windows-1252 with no charset in the HTTP header, 301 redirects, 404s. A few routes are
generated: an endless calendar (``reseau-rural`` ``/agenda?mois=…``), hostile HTML injected in
the ``france-sengage`` laureate pages, one page of that site over 5 MB, and the images the
``avise`` and ``bretagne-creative`` pages name (JPEG drawn with Pillow under a site's
``generated_images`` path).

Tests may change a site while it runs: ``DemoSite.set_page`` / ``remove_page`` (a page changes
or vanishes), ``DemoSite.down = 503`` (the site fails), ``DemoSite.reset()``; every request is
logged in ``DemoSite.requests``.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import io
import json
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

DEMO_SITES_DIR = Path(__file__).resolve().parent / "sites"
#: Presentation of the fictitious organisations the demo sites are credited to.
DEMO_WEB_PRESENTATION = (
    "Organisation fictive de démonstration : son site et les projets qu'il présente sont "
    "inventés pour montrer la moisson de la plateforme et n'existent pas."
)
SITE_KEYS = ("avise", "bretagne-creative", "ronalpia", "reseau-rural", "france-sengage")
BASE_PLACEHOLDER = "{{BASE}}"
HOSTILE_MARKER = "<!--HOSTILE-->"
BIG_MARKER = "<!--BIG-IMAGES-->"
BIG_PAGE_BYTES = 6 * 1024 * 1024
GZIP_MIN_BYTES = 1024
TEXT_TYPES = ("text/", "application/xml", "application/rss+xml", "application/atom+xml",
              "application/json", "application/xhtml+xml")  # fmt: skip
SERVER_NAMES = {
    "avise": "nginx",
    "bretagne-creative": "Apache",
    "ronalpia": "Apache/2.2.22 (Debian) PHP/5.4.45",
    "reseau-rural": "nginx",
    "france-sengage": "LiteSpeed",
}

#: XSS vectors the server injects in every ``france-sengage`` laureate page (at HOSTILE_MARKER):
#: none of them may survive extraction as executable HTML.
HOSTILE_SNIPPETS = (
    "<script>alert('xss-1')</script>",
    '<img src="x" onerror="alert(2)" alt="">',
    '<svg onload="alert(3)"><circle r="4"></circle></svg>',
    '<a href="javascript:alert(4)">Soutenir le projet</a>',
    '<a href="JaVaScRiPt:alert(5)">Voir la vidéo</a>',
    '<a href="&#106;avascript:alert(6)">Télécharger la plaquette</a>',
    '<a href=" javascript:alert(7)">Nous rejoindre</a>',
    '<a href="java\tscript:alert(8)">Devenir bénévole</a>',
    '<iframe src="javascript:alert(9)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(10)&lt;/script&gt;"></iframe>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4="></object>',
    '<embed src="https://malveillant.exemple.org/anim.swf">',
    '<form action="javascript:alert(12)"><input type="submit" value="Faire un don"></form>',
    '<div style="background-image:url(javascript:alert(13))">Nos partenaires</div>',
    '<p onclick="alert(14)" onmouseover="alert(15)">Merci à nos mécènes.</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(16)></style></mglyph>"
    "</table></mtext></math>",
    '<a href="data:text/html,&lt;script&gt;alert(17)&lt;/script&gt;">Rapport annuel</a>',
    '<base href="javascript:alert(18)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(19)">',
    '<details open ontoggle="alert(20)"><summary>En savoir plus</summary>Détails</details>',
    '<video><source onerror="alert(21)"></video>',
    "<template><script>alert(22)</script></template>",
    '<link rel="stylesheet" href="https://malveillant.exemple.org/x.css">',
    "<style>@import 'https://malveillant.exemple.org/x.css'; "
    'p { background: url("javascript:alert(23)") }</style>',
    '<a href="https://www.exemple.org/" onfocus="alert(24)" autofocus>Lien avec gestionnaire</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(25)>"></p></noscript>',
)
HOSTILE_HTML = (
    '<div class="elementor-widget-container widget-partenaires">\n'
    + "\n".join(HOSTILE_SNIPPETS)
    + "\n</div>"
)


# --------------------------------------------------------------------------- data


@dataclass
class DemoRequest:
    """One request as a demo site saw it."""

    method: str
    path: str  # path + query string, as sent
    headers: dict[str, str]
    time: float  # time.monotonic()

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


Response = tuple[int, dict[str, str], bytes]


def load_manifest(key: str, directory: Path | None = None) -> dict:
    """The ``site.json`` of one demo site."""
    folder = directory or DEMO_SITES_DIR / key
    return json.loads((folder / "site.json").read_text(encoding="utf-8"))


def load_truth() -> dict:
    """``truth.json``: the expected harvest result for every page of every demo site."""
    return json.loads((DEMO_SITES_DIR / "truth.json").read_text(encoding="utf-8"))


def _http_date(value: str | datetime) -> str:
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        value = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return format_datetime(value.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _parse_http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _sorted_query(query: str) -> str:
    return urlencode(sorted(parse_qsl(query, keep_blank_values=True)))


@cache
def _big_images() -> str:
    """About ``BIG_PAGE_BYTES`` of inline images (incompressible: random bytes, fixed seed)."""
    rng = random.Random(2024)  # noqa: S311 - filler, not a secret
    figures = []
    chunk = BIG_PAGE_BYTES // 6 * 3 // 4  # base64 grows by a third
    for index in range(6):
        data = base64.b64encode(rng.randbytes(chunk)).decode("ascii")
        figures.append(
            f'<figure><img src="data:image/jpeg;base64,{data}" alt="Planche {index + 1}">'
            f"<figcaption>Planche {index + 1} du rapport d'impact</figcaption></figure>"
        )
    return "\n".join(figures)


@cache
def demo_image(path: str, size: tuple[int, int] = (1200, 800)) -> bytes:
    """A JPEG drawn for ``path`` (the featured image a WordPress page names): soft shapes in a
    colour chosen from the path, the same at every request."""
    from PIL import Image, ImageDraw  # Pillow comes with Wagtail; only this route needs it

    seed = int(hashlib.sha1(path.encode(), usedforsecurity=False).hexdigest()[:8], 16)
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    hue = [rng.randrange(40, 200) for _ in range(3)]
    image = Image.new("RGB", size, tuple(hue))
    draw = ImageDraw.Draw(image)
    width, height = size
    for _ in range(7):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(60, 260)
        shade = tuple(min(255, c + rng.randrange(30, 90)) for c in hue)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    draw.rectangle((0, height * 3 // 4, width, height), fill=tuple(c // 2 for c in hue))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


# --------------------------------------------------------------------------- one site


class DemoSite:
    """One demo site: its routes, its server and its request log."""

    def __init__(self, key: str, *, directory: Path | None = None, port: int = 0) -> None:
        self.key = key
        self.directory = directory or DEMO_SITES_DIR / key
        self.manifest = load_manifest(key, self.directory)
        self.routes: dict[str, dict] = self.manifest["routes"]
        self.encoding: str = self.manifest.get("encoding", "utf-8")
        self.html_type: str = self.manifest.get("html_type", "text/html; charset=utf-8")
        self.last_modified: str = self.manifest.get("last_modified", "2024-01-01T00:00:00Z")
        self.requested_port = port
        self.requests: deque[DemoRequest] = deque(maxlen=50_000)
        self.overrides: dict[str, Response] = {}
        self.down: int | None = None  # e.g. 503: every request fails with that status
        self._lock = threading.Lock()
        self._files: dict[str, str] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> DemoSite:
        if self._server is not None:
            return self
        site = self

        class _Handler(BaseHTTPRequestHandler):
            server_version = SERVER_NAMES.get(self.key, "nginx")
            sys_version = ""

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                site._serve(self, head=False)

            def do_HEAD(self) -> None:  # noqa: N802 - http.server API
                site._serve(self, head=True)

            def log_message(self, format: str, *args) -> None:  # noqa: A002
                pass

        class _Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # clients aborting on purpose (size limits) are expected

        try:
            self._server = _Server(("127.0.0.1", self.requested_port), _Handler)
        except OSError:
            if not self.requested_port:
                raise
            self._server = _Server(("127.0.0.1", 0), _Handler)  # fixed port taken
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"demo-web-{self.key}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def port(self) -> int:
        assert self._server is not None, "demo site not started"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"{self.base_url}{path}"

    # ------------------------------------------------------------------ changes (tests)

    def set_page(self, path: str, body: str | bytes, *, status: int = 200,
                 content_type: str | None = None) -> None:  # fmt: skip
        """Serve ``body`` at ``path`` instead of the stored page (``{{BASE}}`` is replaced)."""
        if isinstance(body, str):
            body = self._encode(body.replace(BASE_PLACEHOLDER, self.base_url), True)
        headers = {"Content-Type": content_type or self.html_type}
        with self._lock:
            self.overrides[path] = (status, headers, body)

    def remove_page(self, path: str, status: int = 404) -> None:
        """Make ``path`` answer 404 (or ``status``, e.g. 410)."""
        body = self._encode("<h1>Page introuvable</h1>", True)
        with self._lock:
            self.overrides[path] = (status, {"Content-Type": self.html_type}, body)

    def reset(self) -> None:
        """Back to the stored site: no overrides, not down, empty request log."""
        with self._lock:
            self.overrides.clear()
            self.down = None
            self.requests.clear()

    def requested_paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    # ------------------------------------------------------------------ serving

    def _serve(self, handler: BaseHTTPRequestHandler, *, head: bool) -> None:
        request = DemoRequest(
            method=handler.command,
            path=handler.path,
            headers={k.lower(): v for k, v in handler.headers.items()},
            time=time.monotonic(),
        )
        with self._lock:
            self.requests.append(request)
        try:
            status, headers, body = self.respond(request)
        except Exception:  # a bug in a route must not kill the server thread
            status, headers, body = 500, {"Content-Type": "text/plain"}, b"Erreur interne"
        headers.setdefault("Content-Length", str(len(body)))
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            if not head and status not in (204, 304):
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def respond(self, request: DemoRequest) -> Response:
        """The complete response to ``request`` (also usable without a socket)."""
        if self.down:
            return (
                self.down,
                {"Content-Type": "text/html; charset=utf-8", "Retry-After": "120"},
                b"<h1>Service temporairement indisponible</h1>",
            )
        parts = urlsplit(request.path)
        path, query = parts.path or "/", parts.query
        with self._lock:
            override = self.overrides.get(request.path) or self.overrides.get(path)
        if override is not None:
            status, headers, body = override
            return self._finish(request, status, dict(headers), body, self.last_modified)
        if self.key == "reseau-rural" and path == "/agenda":
            return self._calendar(request, query)
        images = self.manifest.get("generated_images")
        if images and path.startswith(images) and path.endswith(".jpg"):
            return self._finish(request, 200, {"Content-Type": "image/jpeg"},
                                demo_image(path), self.last_modified)  # fmt: skip
        route, key = self._route(path, query)
        if route is None:
            body = self._encode(
                '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
                "<title>Page introuvable</title></head><body><h1>Page introuvable</h1>"
                "<p>La page demandée n'existe pas ou plus.</p></body></html>",
                True,
            )
            return 404, {"Content-Type": self.html_type}, body
        if "redirect" in route:
            location = route["redirect"].replace(BASE_PLACEHOLDER, self.base_url)
            return (
                route.get("status", 301),
                {
                    "Location": location,
                    "Content-Type": "text/html; charset=utf-8",
                },
                b"",
            )
        content_type = route.get("type") or self._type_for(route["file"])
        text = self._file(route["file"]).replace(BASE_PLACEHOLDER, self.base_url)
        text = self._transform(key, text)
        if route.get("gzip"):
            body = gzip.compress(text.encode("utf-8"), mtime=0)
            modified = route.get("lastmod") or self.last_modified
            headers = {"Content-Type": content_type}
            return self._finish(request, 200, headers, body, modified, compress=False)
        body = self._encode(text, content_type.startswith("text/html"))
        return self._finish(request, 200, {"Content-Type": content_type}, body,
                            route.get("lastmod") or self.last_modified)  # fmt: skip

    def _route(self, path: str, query: str) -> tuple[dict | None, str]:
        candidates = [f"{path}?{query}", f"{path}?{_sorted_query(query)}"] if query else []
        for key in candidates:
            if key in self.routes:
                return self.routes[key], key
        # unknown parameters are ignored, unless the path only exists with a query
        # (fiche.php?id=N, index.php?page=N): then an unknown value is a 404
        if path in self.routes and (
            not query or not any(k.startswith(f"{path}?") for k in self.routes)
        ):
            return self.routes[path], path
        return None, ""

    def _file(self, name: str) -> str:
        if name not in self._files:
            self._files[name] = (self.directory / name).read_text(encoding="utf-8")
        return self._files[name]

    def _type_for(self, name: str) -> str:
        if name.endswith(".html"):
            return self.html_type
        if name.endswith(".xml"):
            return "application/xml"
        if name.endswith(".atom"):
            return "application/atom+xml"
        return "text/plain; charset=utf-8"

    def _encode(self, text: str, html: bool) -> bytes:
        encoding = self.encoding if html else "utf-8"
        return text.encode(encoding, errors="xmlcharrefreplace")

    def _transform(self, key: str, text: str) -> str:
        if HOSTILE_MARKER in text:
            text = text.replace(HOSTILE_MARKER, HOSTILE_HTML)
        if BIG_MARKER in text:
            text = text.replace(BIG_MARKER, _big_images())
        return text

    def _finish(self, request: DemoRequest, status: int, headers: dict[str, str], body: bytes,
                last_modified: str, *, compress: bool = True) -> Response:  # fmt: skip
        """Add validators, answer 304 to a matching conditional GET, gzip when asked."""
        if status != 200:
            return status, headers, body
        etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:20] + '"'
        modified = _http_date(last_modified)
        headers.update({"ETag": etag, "Last-Modified": modified})
        headers.setdefault("Cache-Control", "max-age=0, must-revalidate")
        if_none_match = request.header("if-none-match")
        if if_none_match is not None:
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            if "*" in tags or etag in tags:
                return 304, {"ETag": etag, "Last-Modified": modified}, b""
        else:
            since = _parse_http_date(request.header("if-modified-since"))
            if since is not None and _parse_http_date(modified) <= since:
                return 304, {"ETag": etag, "Last-Modified": modified}, b""
        content_type = headers.get("Content-Type", "")
        accepts_gzip = "gzip" in (request.header("accept-encoding") or "").lower()
        headers["Vary"] = "Accept-Encoding"
        if (
            compress
            and accepts_gzip
            and len(body) > GZIP_MIN_BYTES
            and (content_type.startswith(TEXT_TYPES))
        ):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
        return status, headers, body

    # ------------------------------------------------------------------ calendar trap

    def _calendar(self, request: DemoRequest, query: str) -> Response:
        """``/agenda?mois=AAAA-MM`` for any month, ``/agenda?jour=AAAA-MM-JJ`` for any day:
        every page links to more pages, without end (a crawl trap)."""
        params = dict(parse_qsl(query))
        try:
            if "jour" in params:
                day = date.fromisoformat(params["jour"])
                month = day.replace(day=1)
            else:
                month = date.fromisoformat(params.get("mois", "2024-03") + "-01")
                day = None
        except ValueError:
            return 404, {"Content-Type": self.html_type}, b"<h1>Date invalide</h1>"
        previous = (month - timedelta(days=1)).replace(day=1)
        following = (month + timedelta(days=32)).replace(day=1)
        label = f"{month:%m/%Y}"
        days = []
        current = month
        while current.month == month.month:
            days.append(f'<td><a href="/agenda?jour={current.isoformat()}">{current.day}</a></td>')
            current += timedelta(days=1)
        rows = "".join(f"<tr>{''.join(days[i : i + 7])}</tr>" for i in range(0, len(days), 7))
        heading = f"Agenda du {day:%d/%m/%Y}" if day else f"Agenda du réseau – {label}"
        event = (
            '<p class="event">Permanence téléphonique de la cellule d\'animation, 9 h – 12 h.</p>'
            if day
            else ""
        )
        html = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>{heading} | Réseau des Campagnes Imaginaires</title>
<link rel="canonical" href="{self.base_url}/agenda?mois={month:%Y-%m}"></head>
<body><header role="banner"><a href="/">Réseau des Campagnes Imaginaires</a>
<nav class="menu--main"><a href="/initiatives">Initiatives</a>
<a href="/agenda">Agenda</a></nav></header>
<main role="main"><h1>{heading}</h1>{event}
<table class="calendar"><caption>{label}</caption>{rows}</table>
<nav class="pager">
<a href="/agenda?mois={previous:%Y-%m}" title="Mois précédent" rel="prev">‹ Mois précédent</a>
<a href="/agenda?mois={following:%Y-%m}" title="Mois suivant" rel="next">Mois suivant ›</a></nav>
</main></body></html>
"""
        return self._finish(request, 200, {"Content-Type": self.html_type},
                            self._encode(html, True), self.last_modified)  # fmt: skip


# --------------------------------------------------------------------------- the web


class DemoWeb:
    """All demo sites, started and stopped together."""

    def __init__(self, keys: tuple[str, ...] | list[str] = SITE_KEYS, *,
                 first_port: int = 0) -> None:  # fmt: skip
        self.sites: dict[str, DemoSite] = {
            key: DemoSite(key, port=first_port + index if first_port else 0)
            for index, key in enumerate(keys)
        }

    def start(self) -> DemoWeb:
        for site in self.sites.values():
            site.start()
        return self

    def stop(self) -> None:
        for site in self.sites.values():
            site.stop()

    def __enter__(self) -> DemoWeb:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __getitem__(self, key: str) -> DemoSite:
        return self.sites[key]

    @property
    def base_urls(self) -> dict[str, str]:
        return {key: site.base_url for key, site in self.sites.items()}

    def reset(self) -> None:
        for site in self.sites.values():
            site.reset()


_running: DemoWeb | None = None
_running_lock = threading.Lock()


def start_demo_web(*, first_port: int = 0) -> dict[str, str]:
    """Start the demo sites once per process and return ``{site_key: base_url}``.

    ``first_port`` asks for fixed ports (``first_port`` … ``first_port + 4``) so the URLs
    stay the same from one ``make run`` to the next (a taken port falls back to a free one).
    Calling it again returns the running sites' URLs.
    """
    global _running
    with _running_lock:
        if _running is None:
            _running = DemoWeb(first_port=first_port).start()
        return _running.base_urls


def stop_demo_web() -> None:
    """Stop the sites started by ``start_demo_web`` (nothing if none are running)."""
    global _running
    with _running_lock:
        if _running is not None:
            _running.stop()
            _running = None


def running_demo_web() -> DemoWeb | None:
    """The ``DemoWeb`` started by ``start_demo_web``, to reach its sites and request logs."""
    return _running


# --------------------------------------------------------------------------- sources


def demo_sources(base_urls: dict[str, str]) -> list[dict]:
    """Harvest sources for the demo sites, in the ``harvest_sources import`` format.

    Each site is credited to the fictitious organisation its ``site.json`` names (``… (démo)``,
    website on ``.exemple.org``), never to a real partner of ``members/data/partners-cis.csv``:
    the demo projects are invented.
    """
    sources = {
        "avise": {
            "name": "Carte des innovations sociales (démo)",
            "url": "{base}/sitemap_index.xml",
            "kind": "sitemap",
            "include": [],
            "exclude": [],
            "selectors": {},
            "schedule": "daily",
            "auto_publish": True,
        },
        "bretagne-creative": {
            "name": "Portraits de projets (démo)",
            "url": "{base}/",
            "kind": "auto",
            "include": [],
            "exclude": [],
            "selectors": {},
            "schedule": "daily",
            "auto_publish": False,
        },
        "ronalpia": {
            "name": "Annuaire des entreprises sociales (démo)",
            "url": "{base}/annuaire/index.php",
            "kind": "listing",
            "include": [r"/annuaire/fiche\.php\?id=\d+$"],
            "exclude": [],
            "selectors": {},
            "schedule": "weekly",
            "auto_publish": False,
        },
        "reseau-rural": {
            "name": "Initiatives rurales (démo)",
            "url": "{base}/",
            "kind": "auto",
            "include": [],
            "exclude": [r"/agenda"],
            "selectors": {},
            "schedule": "daily",
            "auto_publish": False,
        },
        "france-sengage": {
            "name": "Nos lauréats (démo)",
            "url": "{base}/",
            "kind": "auto",
            "include": [],
            "exclude": [],
            "selectors": {},
            "schedule": "weekly",
            "auto_publish": True,
        },
    }
    result = []
    for key in SITE_KEYS:
        if key not in base_urls:
            continue
        manifest = load_manifest(key)
        organisation = {"name": manifest["organisation"], "website": manifest["website"],
                        "presentation": DEMO_WEB_PRESENTATION}  # fmt: skip
        source = dict(sources[key])
        source["url"] = source["url"].format(base=base_urls[key].rstrip("/"))
        source["include"] = list(source["include"])
        source["exclude"] = list(source["exclude"])
        source["selectors"] = dict(source["selectors"])
        result.append({"organisation": organisation, "sources": [source]})
    return result


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> None:
    """``python -m demo.web [--first-port N] [--sources FILE]``: serve until Ctrl-C."""
    parser = argparse.ArgumentParser(description="Serve the demo partner sites on loopback.")
    parser.add_argument("--first-port", type=int, default=0, help="fixed ports from this one")
    parser.add_argument("--sources", help="write the harvest-source import file here")
    args = parser.parse_args(argv)
    urls = start_demo_web(first_port=args.first_port)
    for key, url in urls.items():
        print(f"{key:20} {url}/")
    if args.sources:
        Path(args.sources).write_text(
            json.dumps(demo_sources(urls), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        print(f"Sources written to {args.sources}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stop_demo_web()


if __name__ == "__main__":
    main()
