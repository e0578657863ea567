"""Safe HTTP client: the only way the platform fetches a partner URL.

``SafeClient.fetch`` resolves the host itself, refuses non-public addresses (SSRF guard), then
connects to the very IP it checked (no DNS-rebinding window), at every redirect hop. It obeys
robots.txt (Disallow, Crawl-delay), spaces requests to one host (thread-safe, per host), sends
conditional headers, and bounds everything a hostile server could abuse: connect/read timeouts,
a total deadline per response, body size (compressed and decompressed), redirects.
Errors are typed ``FetchError`` subclasses whose ``code`` tags the failing stage and whose
message is a French sentence an editor can read.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from urllib.parse import urljoin, urlsplit

import urllib3

# Protego follows RFC 9309 (wildcards, $ anchors, longest match) and reads decimal crawl
# delays; urllib.robotparser ignores ``Disallow: /*?sort=``.
from protego import Protego
from urllib3.connection import HTTPConnection, HTTPSConnection

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "CarrefourBot/0.1 (+https://carrefour.invalid/a-propos/)"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
ROBOTS_MAX_BYTES = 512 * 1024
CHUNK_SIZE = 64 * 1024
REDIRECT_STATUSES = {301, 302, 303, 307, 308}

#: Content kinds a caller may accept; a literal MIME type is accepted as well.
CONTENT_KINDS: dict[str, frozenset[str]] = {
    "html": frozenset({"text/html", "application/xhtml+xml"}),
    "xml": frozenset({"application/xml", "text/xml"}),
    "feed": frozenset(
        {
            "application/rss+xml",
            "application/atom+xml",
            "application/rdf+xml",
            "application/feed+json",
            "application/xml",
            "text/xml",
        }
    ),
    "gzip": frozenset({"application/gzip", "application/x-gzip", "application/octet-stream"}),
    "text": frozenset({"text/plain"}),
}
TEXT_TYPES_RE = re.compile(r"^(text/|application/([\w.+-]*\+)?(xml|json)$|application/xhtml)")
META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE
)
XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
# WHATWG: these labels really mean windows-1252 on the web.
CP1252_ALIASES = {"latin_1", "iso8859_1", "ascii", "iso8859-1"}


# --------------------------------------------------------------------------- errors


class FetchError(Exception):
    """Base of every fetch failure; ``code`` names the stage for error tagging."""

    code = "fetch"

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.url = url


class InvalidUrl(FetchError):
    code = "invalid_url"


class BlockedAddress(FetchError):
    code = "blocked_address"


class RobotsDisallowed(FetchError):
    code = "robots"


class TruncatedBody(FetchError):
    code = "truncated"


class TooLarge(FetchError):
    code = "too_large"


class BadContentType(FetchError):
    code = "content_type"


class TooManyRedirects(FetchError):
    code = "redirects"


class FetchTimeout(FetchError):
    code = "timeout"


class ConnectionFailed(FetchError):
    code = "connection"


class HttpError(FetchError):
    code = "http"

    def __init__(self, message: str, *, url: str = "", status: int = 0) -> None:
        super().__init__(message, url=url)
        self.status = status


# --------------------------------------------------------------------------- result


@dataclass
class FetchResult:
    """What one fetch returned (``content`` is decoded from gzip/deflate, ``text`` from bytes)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    text: str
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    content_hash: str = ""
    content_type: str = ""
    encoding: str | None = None
    redirects: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _setting(name: str, default):
    """Read a Django setting if Django is configured, else ``default`` (keeps the module pure)."""
    try:
        from django.conf import settings

        return getattr(settings, name, default)
    except Exception:  # ImproperlyConfigured, Django absent
        return default


def _default_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def bounded_decompress(data: bytes, encoding: str, max_bytes: int, *, url: str = "") -> bytes:
    """Decompress gzip/deflate ``data`` without ever producing more than ``max_bytes``."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return data
    if encoding in ("gzip", "x-gzip"):
        candidates = [zlib.MAX_WBITS | 16]
    elif encoding == "deflate":
        candidates = [zlib.MAX_WBITS, -zlib.MAX_WBITS]  # zlib-wrapped, then raw deflate
    else:
        raise FetchError(f"Encodage de contenu non pris en charge : « {encoding} ».", url=url)
    last_error: Exception | None = None
    for wbits in candidates:
        try:
            return _inflate(data, wbits, max_bytes, url)
        except zlib.error as exc:
            last_error = exc
    raise FetchError(f"Contenu compressé illisible ({last_error}).", url=url)


def _inflate(data: bytes, wbits: int, max_bytes: int, url: str) -> bytes:
    if not data:
        return b""
    out = bytearray()
    decomp = zlib.decompressobj(wbits)
    pending = data
    while pending:
        out += decomp.decompress(pending, max_bytes + 1 - len(out))
        if len(out) > max_bytes:
            raise TooLarge(_too_large_message(max_bytes, "une fois décompressée"), url=url)
        pending = decomp.unconsumed_tail
        if decomp.eof and decomp.unused_data:  # concatenated gzip members
            pending = decomp.unused_data
            decomp = zlib.decompressobj(wbits)
    if not decomp.eof:
        # The stream stopped before its end marker: a cut connection or a broken server.
        # Accepting it would store a truncated (often empty) page as if it were the page.
        raise TruncatedBody(
            "La réponse compressée du site est tronquée (transfert interrompu) : la page est "
            "ignorée pendant cette passe et sera relue à la prochaine.",
            url=url,
        )
    return bytes(out)


NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


def embedded_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries and routes to: IPv4-mapped (``::ffff:a.b.c.d``),
    IPv4-compatible (``::a.b.c.d``), 6to4 (``2002::/16``), NAT64 (``64:ff9b::/96``) and Teredo
    (server and client). Empty for a plain address."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped:
        found.append(ip.ipv4_mapped)
    value = int(ip)
    if 1 < value < 2**32:  # ::a.b.c.d (deprecated IPv4-compatible); :: and ::1 stay IPv6
        found.append(ipaddress.IPv4Address(value))
    if ip in NAT64_PREFIX:
        found.append(ipaddress.IPv4Address(value & 0xFFFFFFFF))
    if ip.sixtofour:
        found.append(ip.sixtofour)
    if ip.teredo:
        found.extend(ip.teredo)
    return found


def _too_large_message(max_bytes: int, detail: str = "") -> str:
    size = f"{max_bytes / (1024 * 1024):.3g} Mo" if max_bytes >= 1024 * 1024 else f"{max_bytes} o"
    detail = f" {detail}" if detail else ""
    return f"La page dépasse la taille maximale autorisée ({size}){detail}."


def decode_body(content: bytes, content_type_header: str = "") -> tuple[str, str]:
    """Decode ``content`` to text; returns ``(text, encoding)``. Never raises on bad bytes.

    Order: HTTP charset, BOM, ``<meta charset>`` / XML declaration, strict UTF-8, strict
    windows-1252 (the usual legacy charset of French sites), charset_normalizer, UTF-8 with
    replacement characters.
    """
    candidates: list[str] = []
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type_header or "", re.I)
    if match:
        candidates.append(match.group(1))
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if content.startswith(bom):
            candidates.insert(0, name)
    head = content[:4096]
    for regex in (XML_ENCODING_RE, META_CHARSET_RE):
        found = regex.search(head)
        if found:
            candidates.append(found.group(1).decode("ascii", "ignore"))
    for label in candidates:
        try:
            name = codecs.lookup(label).name
        except LookupError:
            continue
        if name in CP1252_ALIASES:
            name = "cp1252"
        return content.decode(name, errors="replace"), name
    for name in ("utf-8", "cp1252"):
        try:
            return content.decode(name), name
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(content).best()
        if best is not None and best.encoding:
            return str(best), best.encoding
    except Exception:  # noqa: S110 - any detector failure falls back to UTF-8
        pass
    return content.decode("utf-8", errors="replace"), "utf-8"


def parse_crawl_delay(robots_text: str, agent: str) -> float | None:
    """Crawl-delay for ``agent`` (decimals allowed), read by Protego like the rules."""
    delay = Protego.parse(robots_text).crawl_delay(agent)
    return None if delay is None else max(0.0, float(delay))


class HostThrottle:
    """Per-host spacing of requests, safe across threads.

    Each host has its own lock: a thread waiting for ``a.fr`` never blocks a thread working on
    ``b.fr``, while two threads on the same host are serialised and spaced by ``delay``.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:  # fmt: skip
        self._clock = clock
        self._sleep = sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    def wait(self, host: str, delay: float) -> None:
        """Block until ``delay`` seconds have passed since the last request to ``host``."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            now = self._clock()
            last = self._last.get(host)
            if last is not None and last + delay > now:
                self._sleep(last + delay - now)
                now = self._clock()
            self._last[host] = now


@dataclass
class _Robots:
    parser: Protego | None  # None: robots.txt unavailable, treat as disallow all
    crawl_delay: float | None
    sitemaps: list[str]
    reason: str = ""


# --------------------------------------------------------------------------- client


class SafeClient:
    """Fetch partner URLs safely; one instance per harvest run (robots.txt is cached in it)."""

    def __init__(
        self,
        *,
        user_agent: str | None = None,
        allowed_networks: Iterable[str] | None = None,
        min_delay: float = 1.0,
        max_crawl_delay: float = 120.0,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        total_timeout: float = 60.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 5,
        obey_robots: bool = True,
        resolver: Callable[[str, int], list[str]] | None = None,
        throttle: HostThrottle | None = None,
        ca_certs: str | None = None,
    ) -> None:
        self.user_agent = user_agent or _setting("HARVEST_USER_AGENT", "") or DEFAULT_USER_AGENT
        self.robots_agent = self.user_agent.split("/", 1)[0].split()[0]
        if allowed_networks is None:
            allowed_networks = _setting("HARVEST_ALLOWED_NETWORKS", None) or []
        self.allowed_networks = [ipaddress.ip_network(n, strict=False) for n in allowed_networks]
        self.min_delay = min_delay
        self.max_crawl_delay = max_crawl_delay
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.obey_robots = obey_robots
        self._resolve = resolver or _default_resolver
        self.throttle = throttle or HostThrottle()
        self._robots: dict[str, _Robots] = {}
        self._robots_lock = threading.Lock()
        self._robots_host_locks: dict[str, threading.Lock] = {}
        self._ca_certs = ca_certs
        if self._ca_certs is None:
            try:
                import certifi

                self._ca_certs = certifi.where()
            except ImportError:  # system store
                self._ca_certs = None

    # ---------------------------------------------------------------- public API

    def fetch(
        self,
        url: str,
        *,
        accept: Iterable[str] | None = ("html",),
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET ``url`` safely; ``accept`` lists content kinds (see ``CONTENT_KINDS``) or MIME
        types, ``None`` accepts anything. Raises a ``FetchError`` subclass on any failure."""
        limit = max_bytes or self.max_bytes
        allowed_types = _expand_accept(accept)
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        return self._fetch(url, allowed_types, conditional, limit, robots=self.obey_robots)

    def is_allowed(self, url: str) -> bool:
        """Whether robots.txt lets this client fetch ``url`` (fetches robots.txt if needed)."""
        parts = self._check_url(url)
        robots = self._robots_for(parts.scheme, parts.netloc)
        return robots.parser is not None and robots.parser.can_fetch(url, self.robots_agent)

    def sitemaps_from_robots(self, url: str) -> list[str]:
        """``Sitemap:`` URLs declared in the robots.txt of ``url``'s host."""
        parts = self._check_url(url)
        return list(self._robots_for(parts.scheme, parts.netloc).sitemaps)

    def host_delay(self, url: str) -> float:
        """Seconds between two requests to ``url``'s host: max(min delay, Crawl-delay)."""
        parts = self._check_url(url)
        crawl_delay = None
        if self.obey_robots:
            crawl_delay = self._robots_for(parts.scheme, parts.netloc).crawl_delay
        return max(self.min_delay, min(crawl_delay or 0.0, self.max_crawl_delay))

    # ---------------------------------------------------------------- internals

    def _check_url(self, url: str):
        try:
            parts = urlsplit(url.strip())
            parts.port  # noqa: B018 - raises ValueError on a malformed port
        except ValueError as exc:
            raise InvalidUrl(f"Adresse invalide : {url!r}.", url=url) from exc
        if parts.scheme.lower() not in ("http", "https"):
            raise InvalidUrl(
                f"Seules les adresses http et https peuvent être récupérées ({url!r}).", url=url
            )
        if not parts.hostname:
            raise InvalidUrl(f"L'adresse {url!r} n'indique pas de serveur.", url=url)
        if parts.username is not None or parts.password is not None:
            raise InvalidUrl(
                "Les adresses contenant un identifiant ou un mot de passe sont refusées.", url=url
            )
        return parts

    def _address_allowed(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if any(ip in net for net in self.allowed_networks):
            return True
        embedded = embedded_ipv4(ip)
        if embedded:  # an IPv6 form carrying an IPv4 address is judged by that address
            return all(self._address_allowed(inner) for inner in embedded)
        return not (
            ip.is_loopback
            or ip.is_private
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
            or not ip.is_global
        )

    def _resolve_checked(self, host: str, port: int, url: str) -> str:
        """Resolve ``host`` and return an IP to connect to; every address must be allowed."""
        try:
            addresses = self._resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise ConnectionFailed(
                f"Le nom de domaine « {host} » est introuvable.", url=url
            ) from exc
        if not addresses:
            raise ConnectionFailed(f"Le nom de domaine « {host} » est introuvable.", url=url)
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if not self._address_allowed(ip):
                raise BlockedAddress(
                    f"L'adresse « {host} » mène à un réseau interne ou réservé ({ip}) : "
                    "elle est refusée par sécurité.",
                    url=url,
                )
        return addresses[0]

    def _robots_for(self, scheme: str, netloc: str) -> _Robots:
        key = f"{scheme.lower()}://{netloc.lower()}"
        with self._robots_lock:
            if key in self._robots:
                return self._robots[key]
            host_lock = self._robots_host_locks.setdefault(key, threading.Lock())
        with host_lock:  # one robots.txt fetch per host even with many threads
            with self._robots_lock:
                if key in self._robots:
                    return self._robots[key]
            robots = self._load_robots(key)
            with self._robots_lock:
                self._robots[key] = robots
            return robots

    def _load_robots(self, origin: str) -> _Robots:
        robots_url = f"{origin}/robots.txt"
        try:
            result = self._fetch(robots_url, None, {}, ROBOTS_MAX_BYTES, robots=False)
        except HttpError as exc:
            if 400 <= exc.status < 500:
                return _Robots(_allow_all_parser(), None, [], f"robots.txt absent ({exc.status})")
            return _Robots(None, None, [], f"robots.txt en erreur ({exc.status})")
        except BlockedAddress:
            raise
        except FetchError as exc:
            return _Robots(None, None, [], f"robots.txt inaccessible : {exc.message}")
        parser = Protego.parse(result.text)
        delay = parser.crawl_delay(self.robots_agent)
        return _Robots(
            parser,
            None if delay is None else max(0.0, float(delay)),
            list(parser.sitemaps),
        )

    def _check_robots(self, url: str, parts) -> None:
        robots = self._robots_for(parts.scheme, parts.netloc)
        if robots.parser is None:
            raise RobotsDisallowed(
                f"Le fichier robots.txt du site est inaccessible ({robots.reason}) : "
                "le site n'est pas moissonné pendant cette passe.",
                url=url,
            )
        if not robots.parser.can_fetch(url, self.robots_agent):
            raise RobotsDisallowed(
                "Le fichier robots.txt du site interdit la récupération de cette page.", url=url
            )

    def _fetch(
        self,
        url: str,
        allowed_types: frozenset[str] | None,
        conditional: dict[str, str],
        max_bytes: int,
        *,
        robots: bool,
    ) -> FetchResult:
        current = url.strip()
        seen: list[str] = []
        for _hop in range(self.max_redirects + 1):
            parts = self._check_url(current)
            host = parts.hostname or ""
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            if robots:  # the robots.txt fetch goes through this same guarded path
                self._check_robots(current, parts)
                delay = self.host_delay(current)
            else:
                delay = self.min_delay
            self.throttle.wait(f"{parts.scheme.lower()}://{parts.netloc.lower()}", delay)
            ip = self._resolve_checked(host, port, current)  # checked, then connected to
            status, headers, body, encoding = self._request(
                current, parts, ip, port, conditional, allowed_types, max_bytes
            )
            if status in REDIRECT_STATUSES and headers.get("location"):
                seen.append(current)
                target = urljoin(current, headers["location"].strip())
                if target in seen:
                    raise TooManyRedirects(
                        "Boucle de redirections : la page redirige vers elle-même.", url=url
                    )
                current = target
                continue
            return self._result(url, current, status, headers, body, encoding, seen, max_bytes)
        raise TooManyRedirects(
            f"Trop de redirections (plus de {self.max_redirects}) : la page est abandonnée.",
            url=url,
        )

    def _result(self, url, final_url, status, headers, body, encoding, seen, max_bytes):
        if status == 304:
            return FetchResult(
                url=url,
                final_url=final_url,
                status=status,
                headers=headers,
                content=b"",
                text="",
                etag=headers.get("etag"),
                last_modified=headers.get("last-modified"),
                not_modified=True,
                redirects=seen,
            )
        if status >= 400 or status < 200 or status in (300, 305):
            raise HttpError(_http_message(status), url=final_url, status=status)
        content = bounded_decompress(body, encoding, max_bytes, url=final_url)
        content_type = headers.get("content-type", "")
        mime = content_type.split(";", 1)[0].strip().lower()
        text, charset = "", None
        if not mime or TEXT_TYPES_RE.match(mime):
            text, charset = decode_body(content, content_type)
        return FetchResult(
            url=url,
            final_url=final_url,
            status=status,
            headers=headers,
            content=content,
            text=text,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            not_modified=False,
            content_hash=hashlib.sha256(content).hexdigest(),
            content_type=mime,
            encoding=charset,
            redirects=seen,
        )

    def _request(self, url, parts, ip, port, conditional, allowed_types, max_bytes):
        """One HTTP exchange with ``ip``; returns (status, headers, raw body, content-encoding)."""
        host = parts.hostname
        default_port = 443 if parts.scheme.lower() == "https" else 80
        host_header = parts.netloc.rsplit("@", 1)[-1].lower()
        if parts.port == default_port:
            host_header = host_header.rsplit(":", 1)[0]
        timeout = min(self.connect_timeout, self.total_timeout)
        if parts.scheme.lower() == "https":
            conn: HTTPConnection = HTTPSConnection(
                ip,
                port,
                timeout=timeout,
                server_hostname=host,
                assert_hostname=host,
                cert_reqs="CERT_REQUIRED",
                ca_certs=self._ca_certs,
            )
        else:
            conn = HTTPConnection(ip, port, timeout=timeout)
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        headers = {
            "Host": host_header,
            "User-Agent": self.user_agent,
            "Accept": _accept_header(allowed_types),
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5",
            "Connection": "close",
            **conditional,
        }
        deadline = Deadline(self.total_timeout)
        try:
            conn.connect()
            deadline.arm(conn)
            conn.timeout = min(self.read_timeout, self.total_timeout)  # applied by getresponse
            conn.sock.settimeout(conn.timeout)
            conn.request("GET", path, headers=headers, preload_content=False, decode_content=False)
            response = conn.getresponse()
            status = response.status
            resp_headers = {k.lower(): v for k, v in response.headers.items()}
            if status in REDIRECT_STATUSES or status == 304 or status >= 400:
                return status, resp_headers, b"", ""
            self._check_content_type(resp_headers, allowed_types, url)
            declared = resp_headers.get("content-length", "").strip()
            if declared.isdigit() and int(declared) > max_bytes:
                raise TooLarge(_too_large_message(max_bytes, "(taille annoncée)"), url=url)
            body = bytearray()
            while True:
                if deadline.expired:
                    raise FetchTimeout(_timeout_message(self.total_timeout), url=url)
                chunk = response.read1(CHUNK_SIZE, decode_content=False)
                if not chunk:
                    break
                body += chunk
                if len(body) > max_bytes:
                    raise TooLarge(_too_large_message(max_bytes), url=url)
            if deadline.expired:
                raise FetchTimeout(_timeout_message(self.total_timeout), url=url)
            return status, resp_headers, bytes(body), resp_headers.get("content-encoding", "")
        except FetchError:
            raise
        except urllib3.exceptions.NewConnectionError as exc:  # subclass of a timeout error
            if deadline.expired or isinstance(exc.__cause__, TimeoutError):
                raise FetchTimeout(_timeout_message(self.total_timeout), url=url) from exc
            raise ConnectionFailed(f"Impossible de joindre « {host} ».", url=url) from exc
        except (TimeoutError, urllib3.exceptions.TimeoutError) as exc:
            raise FetchTimeout(_timeout_message(self.total_timeout), url=url) from exc
        except (OSError, urllib3.exceptions.HTTPError, ValueError) as exc:
            if deadline.expired:
                raise FetchTimeout(_timeout_message(self.total_timeout), url=url) from exc
            if "certif" in f"{type(exc).__name__} {exc}".lower():
                raise ConnectionFailed(
                    f"Le certificat HTTPS de « {host} » n'est pas valide.", url=url
                ) from exc
            if isinstance(exc, ssl.SSLError | urllib3.exceptions.SSLError):
                raise ConnectionFailed(
                    f"La connexion sécurisée (TLS) avec « {host} » a échoué.", url=url
                ) from exc
            raise ConnectionFailed(
                f"Impossible de joindre « {host} » ({type(exc).__name__}).", url=url
            ) from exc
        finally:
            deadline.cancel()
            conn.close()

    @staticmethod
    def _check_content_type(headers: dict[str, str], allowed: frozenset[str] | None, url: str):
        if allowed is None:
            return
        mime = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if not mime:
            return  # no header: let the parser decide
        if mime in allowed or (mime.endswith("+xml") and "application/xml" in allowed):
            return
        raise BadContentType(
            f"Type de contenu inattendu « {mime} » : attendu {', '.join(sorted(allowed))}.",
            url=url,
        )


class Deadline:
    """Total time budget for one response: when it runs out, the socket is shut down, which
    unblocks any read in progress (a trickling server cannot keep us waiting)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()
        self._timer: threading.Timer | None = None
        self._fired = threading.Event()

    @property
    def expired(self) -> bool:
        return self._fired.is_set() or time.monotonic() - self.started > self.seconds

    def arm(self, conn: HTTPConnection) -> None:
        remaining = max(0.0, self.seconds - (time.monotonic() - self.started))
        self._timer = threading.Timer(remaining, self._fire, args=(conn,))
        self._timer.daemon = True
        self._timer.start()

    def _fire(self, conn: HTTPConnection) -> None:
        self._fired.set()
        sock = getattr(conn, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _expand_accept(accept: Iterable[str] | None) -> frozenset[str] | None:
    if accept is None:
        return None
    if isinstance(accept, str):
        accept = [accept]
    types: set[str] = set()
    for item in accept:
        types |= CONTENT_KINDS.get(item, {item.lower()})
    return frozenset(types)


def _accept_header(allowed: frozenset[str] | None) -> str:
    if not allowed:
        return "*/*"
    return ", ".join(sorted(allowed)) + ", */*;q=0.1"


def _allow_all_parser() -> Protego:
    return Protego.parse("")


def _timeout_message(seconds: float) -> str:
    return (
        f"Le site a mis trop de temps à répondre (plus de {seconds:g} s) : la page est abandonnée."
    )


def _http_message(status: int) -> str:
    if status == 404:
        return "La page n'existe plus sur le site partenaire (erreur 404)."
    if status == 410:
        return "La page a été supprimée du site partenaire (erreur 410)."
    if status in (401, 403):
        return f"Le site partenaire refuse l'accès à cette page (erreur {status})."
    if status == 429:
        return "Le site partenaire demande de ralentir (erreur 429) : réessayez plus tard."
    if status >= 500:
        return f"Le site partenaire est en erreur (erreur {status}) : réessayez plus tard."
    return f"Réponse HTTP inattendue du site partenaire (statut {status})."


def http_date(timestamp: float) -> str:
    """Format a POSIX timestamp as an HTTP date (for ``If-Modified-Since``)."""
    return formatdate(timestamp, usegmt=True)
