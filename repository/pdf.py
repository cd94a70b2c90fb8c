"""Reading the text of uploaded PDFs (for the search index), and writing small PDFs (demo, tests).

Text is read with pypdf, a pure-Python library: no external program parses untrusted files. It runs
in the background worker (see tasks.extract_text), never in the request, since a long PDF can take
seconds to read; the pages and characters read are capped so one huge file cannot stall the worker.
"""

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

MAX_PAGES = 500
MAX_CHARACTERS = 1_000_000


class UnreadablePdf(Exception):
    pass


def extract_text(stream) -> str:
    """The text of a PDF's pages, as well as pypdf can read it (scanned images give nothing)."""
    try:
        reader = PdfReader(stream)
        if reader.is_encrypted:
            # Many official PDFs are "encrypted" with an empty user password only to forbid editing.
            reader.decrypt("")
        parts, length = [], 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length >= MAX_CHARACTERS:
                break
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as error:
        raise UnreadablePdf(str(error)) from error
    return "\n".join(parts)[:MAX_CHARACTERS]


def _escape(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(lines: list[str], title: str = "") -> bytes:
    """A small valid one-page PDF showing ``lines`` in Helvetica (Windows-1252 text, so accents work).

    Used by the demo and the tests to make real PDFs with known words, without a PDF library
    that writes text.
    """
    content = [b"BT /F1 12 Tf 72 770 Td 16 TL"]
    for line in lines:
        content.append(b"(" + _escape(line) + b") Tj T*")
    content.append(b"ET")
    stream = b"\n".join(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title (" + _escape(title) + b") >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
