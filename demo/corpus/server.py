"""Serve generated corpus sites on loopback, one ``ThreadingHTTPServer`` per site.

``{{BASE}}`` in a body becomes the site's base URL when served. Answers 404 for unknown paths,
301 for the site's redirects, ETag/304 for conditional GETs, and logs every requested path.
"""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from demo.corpus.sites import CorpusSite

BASE = b"{{BASE}}"


class CorpusServer:
    """One generated site on 127.0.0.1 (``port`` 0: chosen by the OS)."""

    def __init__(self, site: CorpusSite, port: int = 0, host: str = "127.0.0.1") -> None:
        self.site = site
        self.requested: list[str] = []
        self._lock = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            server_version = "Apache"
            sys_version = ""

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                server._serve(self)

            def log_message(self, format: str, *args) -> None:  # noqa: A002
                pass

        class _Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass

        self._server = _Server((host, port), _Handler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.1}, daemon=True)  # fmt: skip
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requested.append(handler.path)
        parts = urlsplit(handler.path)
        key = f"{parts.path}?{parts.query}" if parts.query else parts.path
        headers: dict[str, str] = {}
        if key in self.site.redirects:
            status, body = 301, b""
            headers["Location"] = self.base_url + self.site.redirects[key]
        elif key in self.site.routes:
            content_type, body = self.site.routes[key]
            body = body.replace(BASE, self.base_url.encode())
            status = 200
            headers["Content-Type"] = content_type
            etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            if handler.headers.get("If-None-Match") == etag:
                status, body = 304, b""
        else:
            status, body = 404, b"<h1>Page introuvable</h1>"
            headers["Content-Type"] = "text/html; charset=utf-8"
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve_corpus(sites: list[CorpusSite], port: int = 0) -> list[CorpusServer]:
    """Start every site: with ``port``, all on that one port, each on its own loopback address
    (127.0.1.1, 127.0.1.2…: one host per site, as on the real web); else on 127.0.0.1 with
    ports chosen by the system."""
    if port:
        return [CorpusServer(site, port, f"127.0.1.{i + 1}") for i, site in enumerate(sites)]
    return [CorpusServer(site) for site in sites]
