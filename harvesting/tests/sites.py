"""A partner-like website served on loopback, for harvesting tests.

``PartnerSite`` runs a ``ThreadingHTTPServer`` on 127.0.0.1 (random port) in a thread. Routes map
a path (optionally with its query string) to a ``(status, headers, body)`` tuple or to a callable
for misbehaving servers (slow, trickling, huge, redirect loops, gzip bombs). Every request is
logged with its headers and a monotonic timestamp so tests can check the User-Agent, conditional
headers and the spacing of requests. No test using it touches the internet.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Body = bytes | str
RouteTuple = tuple[int, dict[str, str], Body]


@dataclass
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str  # path + query string, as sent
    headers: dict[str, str]
    time: float  # time.monotonic() when the request line and headers were read

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


#: A callable route gets the request and the handler; it either returns a RouteTuple or
#: writes the response itself through ``handler`` and returns None.
Handler = Callable[[RecordedRequest, BaseHTTPRequestHandler], RouteTuple | None]


@dataclass
class PartnerSite:
    """Loopback HTTP server with scripted routes and a request log."""

    routes: dict[str, RouteTuple | Handler] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.stopping = threading.Event()

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> PartnerSite:
        site = self

        class _Handler(BaseHTTPRequestHandler):
            server_version = "PartnerSite/1.0"

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                site._handle(self)

            def log_message(self, format: str, *args) -> None:  # noqa: A002
                pass

        class _Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # clients aborting on purpose (size limits, timeouts) are expected

        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> PartnerSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ helpers

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"{self.base_url}{path}"

    def add(
        self,
        path: str,
        body: Body = "",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve ``body`` at ``path`` (``content_type=None`` sends no Content-Type)."""
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers.setdefault("Content-Type", content_type)
        self.routes[path] = (status, all_headers, body)

    def requests_for(self, path: str) -> list[RecordedRequest]:
        """Logged requests whose path (query string ignored unless given) equals ``path``."""
        with self._lock:
            logged = list(self.requests)
        if "?" in path:
            return [r for r in logged if r.path == path]
        return [r for r in logged if urlsplit(r.path).path == path]

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    # ------------------------------------------------------------------ serving

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        request = RecordedRequest(
            method=handler.command,
            path=handler.path,
            headers={k.lower(): v for k, v in handler.headers.items()},
            time=time.monotonic(),
        )
        with self._lock:
            self.requests.append(request)
        route = self.routes.get(handler.path) or self.routes.get(urlsplit(handler.path).path)
        if route is None:
            route = (404, {"Content-Type": "text/html; charset=utf-8"}, "<h1>Introuvable</h1>")
        try:
            if callable(route):
                route = route(request, handler)
                if route is None:
                    return
            send(handler, *route)
        except (BrokenPipeError, ConnectionResetError):
            pass


def send(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: Body) -> None:
    """Write a complete response with a Content-Length."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    handler.send_response(status)
    lowered = {k.lower() for k in headers}
    for name, value in headers.items():
        handler.send_header(name, value)
    if "content-length" not in lowered:
        handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


# ---------------------------------------------------------------------- misbehaving routes


def slow(delay: float, body: Body = "<p>lent</p>", content_type: str = "text/html") -> Handler:
    """Wait ``delay`` seconds before answering (tests read/connect timeouts)."""

    def route(request: RecordedRequest, handler: BaseHTTPRequestHandler) -> RouteTuple:
        time.sleep(delay)
        return 200, {"Content-Type": content_type}, body

    return route


def trickle(
    chunk: bytes = b"<p>a</p>",
    interval: float = 0.05,
    duration: float = 10.0,
    stop: threading.Event | None = None,
) -> Handler:
    """Send headers at once, then ``chunk`` every ``interval`` s for ``duration`` s (slowloris
    in reverse: each read succeeds quickly, only a total deadline can cut it off)."""

    def route(request: RecordedRequest, handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.end_headers()
        handler.wfile.write(b"<html><body>")
        handler.wfile.flush()
        end = time.monotonic() + duration
        while time.monotonic() < end and not (stop and stop.is_set()):
            handler.wfile.write(chunk)
            handler.wfile.flush()
            time.sleep(interval)

    return route


def huge(size: int, *, declare_length: bool = True, content_type: str = "text/html") -> Handler:
    """Stream ``size`` bytes of HTML, with or without an honest Content-Length."""

    def route(request: RecordedRequest, handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if declare_length:
            handler.send_header("Content-Length", str(size))
        handler.end_headers()
        block = b"<p>" + b"x" * 65529 + b"</p>"
        sent = 0
        while sent < size:
            piece = block[: size - sent]
            handler.wfile.write(piece)
            sent += len(piece)

    return route


def redirect(location: str, status: int = 302) -> RouteTuple:
    return status, {"Location": location, "Content-Type": "text/html"}, ""


def redirect_loop(*paths: str, status: int = 302) -> dict[str, RouteTuple]:
    """Routes where each path redirects to the next and the last back to the first."""
    return {path: redirect(paths[(i + 1) % len(paths)], status) for i, path in enumerate(paths)}


def gzip_bomb(decompressed_size: int, *, as_sitemap: bool = False) -> Handler:
    """A small gzip body that inflates to ``decompressed_size`` bytes.

    With ``as_sitemap`` the gzip is the file itself (``.xml.gz``), not a Content-Encoding.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b"\0" * (1024 * 1024)
    parts = [compressor.compress(block) for _ in range(decompressed_size // len(block))]
    parts.append(compressor.compress(b"\0" * (decompressed_size % len(block))))
    parts.append(compressor.flush())
    payload = b"".join(parts)

    def route(request: RecordedRequest, handler: BaseHTTPRequestHandler) -> RouteTuple:
        if as_sitemap:
            return 200, {"Content-Type": "application/x-gzip"}, payload
        return 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, payload

    route.payload_size = len(payload)  # type: ignore[attr-defined]
    return route


def gzipped(body: Body, content_type: str = "text/html; charset=utf-8") -> RouteTuple:
    """A normal page sent with ``Content-Encoding: gzip``."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return 200, {"Content-Type": content_type, "Content-Encoding": "gzip"}, gzip.compress(data)


def conditional(body: Body, etag: str, last_modified: str) -> Handler:
    """Answer 304 when the client sends the matching ETag or Last-Modified."""

    def route(request: RecordedRequest, handler: BaseHTTPRequestHandler) -> RouteTuple:
        headers = {"ETag": etag, "Last-Modified": last_modified, "Content-Type": "text/html"}
        if request.header("if-none-match") == etag or (
            request.header("if-modified-since") == last_modified
        ):
            return 304, {"ETag": etag}, b""
        return 200, headers, body

    return route
