"""Project sheets published as PDF: their text as a small HTML page the extractor reads.

Some partners publish each project as a PDF "fiche projet". Trafilatura does not read PDF, and
no PDF reader shipped with the platform, so this uses pypdf: pure Python (no system library,
nothing to compile), maintained by the py-pdf organisation, and it extracts text only, which is
all a sheet needs. Reading is bounded: the client already caps the file's size, and only the
first ``MAX_PAGES`` pages and ``MAX_CHARS`` characters are read; a damaged or encrypted file
gives no text (the page is then "not a project"), never an exception.

Network-free, like :mod:`harvesting.extraction`.
"""

from __future__ import annotations

import html
import io
import logging
import re

logger = logging.getLogger(__name__)

PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
MAX_PAGES = 20
MAX_CHARS = 100_000
URL_RE = re.compile(r"https?://[^\s<>\"')]+")
POSTAL_LINE_RE = re.compile(
    r"^(?:\d+,? [^,]{3,60}, )?(?:0[1-9]|[1-8]\d|9[0-8]|2[AB])\s?\d{3} \S.{0,50}$"
)
SHORT_LINE = 50


def is_pdf(content_type: str, content: bytes) -> bool:
    """A PDF served as one (the type the client accepted) and starting like one."""
    return content_type in PDF_TYPES and content.lstrip()[:5] == b"%PDF-"


def pdf_lines(content: bytes) -> tuple[str, list[str]]:
    """(the document's title metadata, its text lines) from the first pages of a PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            return "", []
        meta_title = ""
        try:
            meta_title = str((reader.metadata or {}).get("/Title") or "").strip()
        except (PyPdfError, ValueError, TypeError):
            meta_title = ""
        lines: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PAGES]:
            for line in (page.extract_text() or "").splitlines():
                line = " ".join(line.split())
                lines.append(line)
                size += len(line)
            if size >= MAX_CHARS:
                break
        return meta_title, lines
    except Exception:  # noqa: BLE001 - a hostile or broken PDF must not stop a run
        logger.warning("PDF illisible", exc_info=True)
        return "", []


def pdf_html(content: bytes) -> str:
    """An HTML page holding the PDF's text: its first line as the ``<h1>`` (a sheet starts
    with the project's name; the title metadata when it is one of the first lines instead),
    paragraphs split on blank lines, web addresses as links. Empty when there is no text."""
    meta_title, lines = pdf_lines(content)
    text_lines = [line for line in lines if line]
    if not text_lines:
        return ""
    heading = text_lines[0]
    if meta_title and meta_title in text_lines[:5]:
        heading = meta_title
    paragraphs: list[list[str]] = [[]]
    skipped_heading = False
    for line in lines:
        if not skipped_heading and line == heading:
            skipped_heading = True
            continue
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(line)
        if len(line) < SHORT_LINE or line.endswith((".", "!", "?", ":")):
            paragraphs.append([])  # a short line or a sentence's end closes the paragraph
    texts = [" ".join(p) for p in paragraphs if p]
    body = "".join(_block(text) for text in texts)
    lede = next((t for t in texts if len(t) >= SHORT_LINE and not POSTAL_LINE_RE.match(t)), "")
    title = html.escape(meta_title or heading)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="description" content="{html.escape(lede[:400])}"></head>'
        f"<body><main><h1>{html.escape(heading)}</h1>{body}</main></body></html>"
    )[: MAX_CHARS * 2]


def _block(text: str) -> str:
    if POSTAL_LINE_RE.match(text):  # "38000 Grenoble" alone on its line: the address
        return f"<address>{html.escape(text)}</address>"
    return f"<p>{_linkify(text)}</p>"


def _linkify(text: str) -> str:
    out, last = [], 0
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(".,;:")
        out.append(html.escape(text[last : match.start()]))
        out.append(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        last = match.start() + len(url)
    out.append(html.escape(text[last:]))
    return "".join(out)
