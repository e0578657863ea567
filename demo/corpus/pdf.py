"""A minimal, valid one-page PDF with text lines (a partner's "fiche projet" in PDF)."""

from __future__ import annotations


def _pdf_string(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def simple_pdf(lines: list[str], title: str = "") -> bytes:
    """A PDF whose page shows ``lines`` (first line in bold, larger), WinAnsi-encoded."""
    content = [b"BT", b"/F2 16 Tf", b"50 780 Td", b"18 TL"]
    for index, line in enumerate(lines):
        if index == 1:
            content.append(b"/F1 10 Tf")
        # long lines wrapped at about 95 characters
        words, current, wrapped = line.split(), "", []
        for word in words:
            if len(current) + len(word) > 95:
                wrapped.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        wrapped.append(current)
        for piece in wrapped:
            content.append(_pdf_string(piece) + b" Tj T*")
    content.append(b"ET")
    stream = b"\n".join(content)
    info = b"<< /Title " + _pdf_string(title) + b" /Producer (Carrefour corpus) >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << "
        b"/F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
