"""Optional JavaScript rendering of listing pages in headless Chromium (Playwright).

Some partner sites build their project listing in the browser: cards filled from a JSON
endpoint, a "Voir plus" button, infinite scroll. For a source whose ``renderer`` is
``chromium``, discovery opens its listing pages here and reads links from the rendered DOM.

The browser never reaches the network itself. Every request it makes is intercepted
(``context.route``) and fetched by the run's ``SafeClient`` — the same SSRF guard (the address
checked, then connected to), robots.txt, per-host politeness delay, byte caps and timeouts as
any static fetch — and the answer handed back to the page (``route.fulfill``). Images, fonts
and media are aborted, as are non-GET requests, WebSockets, and requests past the per-page
budget. Every refused request is logged in ``blocked`` (the run's warnings show it).
Chromium is also started behind a dead proxy, so a request that escaped interception would
fail rather than leave.

Playwright is an optional dependency (the ``render`` extra): without it, or without a
Chromium binary (``HARVEST_CHROMIUM``), ``renderer_unavailable()`` says why in French and the
harvest falls back to static discovery, recorded in the run's errors.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from harvesting.client import FetchError, FetchResult, SafeClient

logger = logging.getLogger(__name__)

#: Response headers handed to the page (content type, caching, CORS); cookies never.
PASSED_HEADERS = frozenset({"content-type", "etag", "last-modified", "cache-control"})
BLOCKED_TYPES = frozenset({"image", "font", "media", "texttrack", "eventsource", "manifest"})
#: Labels of buttons that load more cards ("Voir plus", "Charger plus", "Load more").
LOAD_MORE_SELECTOR = (
    "button:text-matches('^\\s*(voir|charger|afficher|plus de|load|show)\\s*(plus|more|"
    "d.autres|la suite|projets|résultats)?.*$', 'i'):visible, "
    "a:text-matches('^\\s*(voir|charger|afficher) plus', 'i'):visible, "
    "[class*='load-more']:visible, [class*='loadmore']:visible, [data-load-more]:visible"
)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    # Anything not fulfilled by the route handler goes to a closed port and fails.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]


@dataclass
class RenderLimits:
    """Bounds of one rendered listing page."""

    max_requests: int = 60  # requests the page may make (document included)
    max_bytes: int = 8 * 1024 * 1024  # bytes fetched for the page, all requests together
    max_clicks: int = 10  # "Voir plus" clicks
    max_scrolls: int = 5  # scrolls to the bottom (infinite scroll)
    settle_ms: int = 400  # wait after a click or scroll for the page to fetch and draw
    page_seconds: float = 45.0  # whole page: load, clicks, scrolls
    max_html_bytes: int = 5 * 1024 * 1024  # rendered DOM handed to discovery


@dataclass
class RenderStats:
    pages: int = 0
    requests: int = 0
    blocked: int = 0
    clicks: int = 0
    scrolls: int = 0
    seconds: float = 0.0
    bytes: int = 0


def chromium_path() -> str:
    """The Chromium binary: ``HARVEST_CHROMIUM``, else ``chromium`` on the PATH."""
    try:
        from django.conf import settings

        configured = getattr(settings, "HARVEST_CHROMIUM", "")
    except Exception:  # Django not configured
        configured = ""
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser") or ""


def renderer_unavailable() -> str:
    """Why JavaScript rendering cannot run here (a French sentence), or "" if it can."""
    try:
        importlib.import_module("playwright.sync_api")
    except ImportError:
        return _(
            "Le rendu JavaScript demande le paquet Python « playwright », absent de cette "
            "installation : installez l'extra « render » (pip install 'carrefour[render]') "
            "ou choisissez « Aucun » pour le rendu."
        )
    path = chromium_path()
    if not path or not Path(path).exists():
        return _(
            "Le rendu JavaScript demande Chromium, introuvable%(where)s : installez le paquet "
            "« chromium » ou indiquez son chemin dans HARVEST_CHROMIUM."
        ) % {"where": f" ({path})" if path else ""}
    return ""


class RendererUnavailable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ChromiumRenderer:
    """Renders pages with one headless Chromium per run (started at the first page, closed by
    ``close``). Not thread-safe: one renderer per discovery pass."""

    client: SafeClient
    limits: RenderLimits = field(default_factory=RenderLimits)
    blocked: list[tuple[str, str]] = field(default_factory=list)
    stats: RenderStats = field(default_factory=RenderStats)

    def __post_init__(self) -> None:
        self._playwright = None
        self._browser = None
        # Playwright's sync API runs an event loop in the thread that starts it: a thread of
        # our own keeps it apart from the caller's (a worker, a test's own browser).
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="renderer")

    # ------------------------------------------------------------------ lifecycle

    def _launch(self) -> None:
        if self._browser is not None:
            return
        problem = renderer_unavailable()
        if problem:
            raise RendererUnavailable(problem)
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )

    def close(self) -> None:
        if self._thread is None:
            return
        with contextlib.suppress(Exception):
            self._thread.submit(self._close).result()
        self._thread.shutdown(wait=True)
        self._thread = None

    def _close(self) -> None:
        with contextlib.suppress(Exception):
            if self._browser is not None:
                self._browser.close()
        with contextlib.suppress(Exception):
            if self._playwright is not None:
                self._playwright.stop()
        self._browser = self._playwright = None

    def __enter__(self) -> ChromiumRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ rendering

    def render(self, url: str) -> FetchResult:
        """The rendered HTML of ``url`` after load, "Voir plus" clicks and scrolls.

        Raises the ``FetchError`` of the document itself (refused address, robots.txt, HTTP
        error…) like a static fetch would; ``RendererUnavailable`` when it cannot run."""
        if self._thread is None:
            raise RendererUnavailable(_("Le navigateur de rendu a déjà été fermé."))
        return self._thread.submit(self._render, url).result()

    def _render(self, url: str) -> FetchResult:
        self._launch()
        started = time.monotonic()
        state = _PageState(deadline=started + self.limits.page_seconds)
        context = self._browser.new_context(
            user_agent=self.client.user_agent,
            locale="fr-FR",
            java_script_enabled=True,
            service_workers="block",
            accept_downloads=False,
        )
        try:
            context.route("**/*", lambda route: self._route(route, state, url))
            with contextlib.suppress(Exception):
                context.route_web_socket("**/*", lambda ws: self._refuse_socket(ws, state))
            page = context.new_page()
            page.set_default_timeout(max(1000, int(self.limits.page_seconds * 1000)))
            response = self._goto(page, url, state)
            if state.document_error is not None:
                raise state.document_error
            final_url = state.document_url or (response.url if response else url)
            self._settle(page, state)
            self._load_more(page, state)
            html = page.content()
        finally:
            with contextlib.suppress(Exception):
                context.close()
        data = html.encode("utf-8")[: self.limits.max_html_bytes]
        self.stats.pages += 1
        self.stats.seconds += time.monotonic() - started
        return FetchResult(
            url=url,
            final_url=final_url,
            status=200,
            headers={"content-type": "text/html; charset=utf-8"},
            content=data,
            text=data.decode("utf-8", errors="ignore"),
            content_type="text/html",
            encoding="utf-8",
        )

    def _goto(self, page, url: str, state: _PageState):
        """Open ``url``; a redirect (followed by the client) is opened again at its target
        so that relative links and scripts resolve against the address the site serves."""
        target = url
        while True:
            try:
                return page.goto(target, wait_until="load")
            except Exception as exc:  # noqa: BLE001 - the document's own error is raised below
                if state.redirect_to and state.redirect_to != target:
                    target = state.redirect_to
                    continue
                if state.document_error is not None:
                    raise state.document_error from exc
                raise FetchError(
                    f"Le rendu JavaScript de la page a échoué ({type(exc).__name__}).", url=url
                ) from exc

    def _settle(self, page, state: _PageState) -> None:
        """Wait for the page's pending fetches to end (bounded by the page's deadline)."""
        remaining = state.deadline - time.monotonic()
        if remaining <= 0:
            return
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=int(min(remaining, 5.0) * 1000))

    def _load_more(self, page, state: _PageState) -> None:
        """Click "Voir plus" while it shows, then scroll to the bottom while the page grows."""
        for _click in range(self.limits.max_clicks):
            if time.monotonic() > state.deadline:
                return
            button = page.locator(LOAD_MORE_SELECTOR).first
            try:
                if not button.count() or not button.is_enabled():
                    break
                before = _anchor_count(page)
                button.click(timeout=2000)
            except Exception:  # noqa: BLE001 - a detached or hidden button ends the clicks
                break
            self.stats.clicks += 1
            page.wait_for_timeout(self.limits.settle_ms)
            self._settle(page, state)
            if _anchor_count(page) <= before and not button.count():
                break
        for _scroll in range(self.limits.max_scrolls):
            if time.monotonic() > state.deadline:
                return
            try:
                height = page.evaluate("document.body ? document.body.scrollHeight : 0")
                if height <= page.evaluate("window.innerHeight") + 10:
                    return  # nothing below the fold: no infinite scroll to trigger
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            except Exception:  # noqa: BLE001
                return
            self.stats.scrolls += 1
            page.wait_for_timeout(self.limits.settle_ms)
            self._settle(page, state)
            with contextlib.suppress(Exception):
                if page.evaluate("document.body.scrollHeight") <= height:
                    return

    # ------------------------------------------------------------------ interception

    def _refuse(self, route, state: _PageState, url: str, reason: str) -> None:
        self.stats.blocked += 1
        if len(self.blocked) < 200:
            self.blocked.append((url, reason))
        logger.info("Rendering: request refused %s (%s)", url, reason)
        with contextlib.suppress(Exception):
            route.abort("blockedbyclient")

    def _refuse_socket(self, ws, state: _PageState) -> None:
        self.stats.blocked += 1
        if len(self.blocked) < 200:
            self.blocked.append((ws.url, "WebSocket refusée"))
        with contextlib.suppress(Exception):
            ws.close()

    def _route(self, route, state: _PageState, page_url: str) -> None:
        request = route.request
        url = request.url
        try:
            is_document = request.is_navigation_request() and request.frame.parent_frame is None
        except Exception:  # noqa: BLE001 - a request without a frame (worker) is no document
            is_document = False
        if request.resource_type in BLOCKED_TYPES:
            with contextlib.suppress(Exception):
                route.abort("blockedbyclient")  # not worth fetching: not logged
            return
        if urlsplit(url).scheme in ("data", "blob", "about"):
            with contextlib.suppress(Exception):
                route.continue_()
            return
        if request.method != "GET":
            self._refuse(route, state, url, "requête autre que GET")
            return
        if state.requests >= self.limits.max_requests:
            self._refuse(route, state, url, f"plus de {self.limits.max_requests} requêtes")
            return
        if time.monotonic() > state.deadline:
            self._refuse(route, state, url, "temps de rendu dépassé")
            return
        remaining = self.limits.max_bytes - state.bytes
        if remaining <= 0:
            self._refuse(route, state, url, "taille maximale du rendu atteinte")
            return
        state.requests += 1
        self.stats.requests += 1
        try:
            result = self.client.fetch(
                url,
                accept=("html",) if is_document else None,
                max_bytes=min(self.client.max_bytes, remaining),
            )
        except FetchError as exc:
            if is_document and state.document_error is None:
                state.document_error = exc
            self._refuse(route, state, url, exc.message)
            return
        state.bytes += len(result.content)
        self.stats.bytes += len(result.content)
        if is_document and result.redirects and not state.redirect_to:
            # A redirect fulfilled as such would be followed by Chromium itself, outside the
            # interception (the dead proxy stops it): ``_goto`` opens the target instead.
            state.redirect_to = result.final_url
            with contextlib.suppress(Exception):
                route.abort("aborted")
            return
        if is_document:
            state.document_url = result.final_url
        headers = {
            k: v
            for k, v in result.headers.items()
            if k in PASSED_HEADERS or k.startswith("access-control-")
        }
        with contextlib.suppress(Exception):
            route.fulfill(status=result.status, headers=headers, body=result.content)


@dataclass
class _PageState:
    deadline: float
    requests: int = 0
    bytes: int = 0
    document_error: FetchError | None = None
    document_url: str = ""
    redirect_to: str = ""


def _anchor_count(page) -> int:
    try:
        return int(page.evaluate("document.querySelectorAll('a[href]').length"))
    except Exception:  # noqa: BLE001
        return 0


def browser_memory_mb() -> float:
    """Resident memory of this process's Chromium children, in MB (Linux; 0 elsewhere)."""
    me = os.getpid()
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(
            line.split(":", 1) for line in status.splitlines() if ":" in line
        )  # fmt: skip
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(pid)
        names[pid] = fields.get("Name", "").strip()
        rss[pid] = int((fields.get("VmRSS", "0 kB").split() or ["0"])[0])
    total, stack = 0, list(children.get(me, []))
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        if "chrom" in names.get(pid, "") or "headless" in names.get(pid, ""):
            total += rss.get(pid, 0)
    return total / 1024
