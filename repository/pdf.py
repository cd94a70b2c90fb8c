"""Reading the text of uploaded PDFs (for the search index), and writing small PDFs (demo, tests).

Text is read with pypdf, a pure-Python library: no external program parses untrusted files. It runs
in the background worker (see tasks.extract_text), never in the request, since a long PDF can take
seconds to read; the pages and characters read are capped so one huge file cannot stall the worker.
"""

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

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


# What makes a PDF act rather than be read: scripts, actions that run or fetch something, embedded
# files, forms that send data, multimedia. Links (/URI) and moves within the document (/GoTo) stay.
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/XFA", "/RichMediaContent"}
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/RichMediaExecute",
    "/Rendition",
    "/Movie",
    "/Sound",
}
ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
# More objects than any policy document has: checking them would tie up the request.
MAX_OBJECTS = 200_000
_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class UncheckablePdf(Exception):
    """The PDF could not be searched for active content (damaged, password-protected, too many objects)."""


def active_content(stream) -> str | None:
    """The first active part found in a PDF (e.g. "/JavaScript"), or None when it has none.

    Every object is read (those in compressed object streams too), not only the ones reachable from
    the pages, since a viewer may run what hides anywhere. A PDF pypdf cannot parse is searched as
    bytes instead, which finds every dictionary unless some are compressed in object streams: then it
    cannot be checked at all.
    """
    stream.seek(0)
    try:
        reader = PdfReader(stream)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UncheckablePdf("password")
        count = sum(len(ids) for ids in reader.xref.values()) + len(reader.xref_objStm)
        if count > MAX_OBJECTS:
            raise UncheckablePdf("objects")
        found = _active_in(reader.trailer)
        for generation, ids in reader.xref.items():
            for idnum in ids:
                found = found or _active_in(reader.get_object(IndirectObject(idnum, generation, reader)))
        for idnum in reader.xref_objStm:
            found = found or _active_in(reader.get_object(IndirectObject(idnum, 0, reader)))
        if found is None and not reader.xref and not reader.xref_objStm:
            return _active_in_bytes(stream)
        return found
    except UncheckablePdf:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, NotImplementedError, AttributeError, RecursionError):
        return _active_in_bytes(stream)


def _active_in(value, depth: int = 0) -> str | None:
    """Active content in one object and the direct (not referenced) values inside it."""
    if depth > 50:
        raise UncheckablePdf("depth")
    if isinstance(value, DictionaryObject):
        for key, item in value.items():
            if key in ACTIVE_KEYS:
                return key
            if key == "/S" and isinstance(item, NameObject) and item in ACTIVE_ACTIONS:
                return str(item)
            if key == "/Subtype" and isinstance(item, NameObject) and item in ACTIVE_SUBTYPES:
                return str(item)
            if not isinstance(item, IndirectObject) and (found := _active_in(item, depth + 1)):
                return found
    elif isinstance(value, ArrayObject):
        for item in value:
            if not isinstance(item, IndirectObject) and (found := _active_in(item, depth + 1)):
                return found
    return None


def _active_in_bytes(stream) -> str | None:
    stream.seek(0)
    data = stream.read()
    if b"/ObjStm" in data or b"/Encrypt" in data:
        raise UncheckablePdf("unparsed")
    active = {name.encode() for name in ACTIVE_KEYS | ACTIVE_ACTIONS | ACTIVE_SUBTYPES}
    for match in _NAME.finditer(data):
        name = _ESCAPE.sub(lambda escape: bytes([int(escape.group(1), 16)]), match.group())
        if name in active:
            return name.decode("latin-1")
    return None


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
