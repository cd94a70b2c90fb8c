"""What an uploaded file really is, read from its bytes: never from its name or the browser's word.

Only PDF and the common office formats are accepted: Office Open XML (Word, Excel, PowerPoint,
without macros) and OpenDocument (text, spreadsheet, presentation). Both office families are zip
archives, recognised by the parts every such file must have; nothing is decompressed beyond the
few bytes of an OpenDocument ``mimetype`` entry, so a zip bomb costs nothing here.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# The PDF header may follow a little junk (the specification allows it within the first 1024 bytes).
PDF_HEADER_WINDOW = 1024
# Every complete PDF ends with an end-of-file marker (possibly followed by a few bytes of padding).
PDF_TRAILER_WINDOW = 2048
MAX_ZIP_ENTRIES = 10_000


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


PDF = FileKind("pdf", "application/pdf")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileKind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text")
ODS = FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet")
ODP = FileKind("odp", "application/vnd.oasis.opendocument.presentation")

KINDS = {kind.extension: kind for kind in (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP)}
# The part that makes an Office Open XML package a document, a workbook or a presentation.
OOXML_MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
ODF_MIMETYPES = {kind.content_type.encode(): kind for kind in (ODT, ODS, ODP)}


class UnacceptableFile(ValueError):
    """The upload is refused; the message says why, in words the uploader understands."""


def max_upload_bytes() -> int:
    return settings.REPOSITORY_MAX_UPLOAD_MB * 1024 * 1024


def identify(upload: File) -> FileKind:
    """The kind of an uploaded file, checked by content; raises UnacceptableFile otherwise."""
    if upload.size > max_upload_bytes():
        raise UnacceptableFile(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": settings.REPOSITORY_MAX_UPLOAD_MB}
        )
    if upload.size == 0:
        raise UnacceptableFile(_("The file is empty."))
    upload.seek(0)
    head = upload.read(PDF_HEADER_WINDOW)
    try:
        if PDF_MAGIC in head:
            return _check_pdf(upload)
        if head.startswith(ZIP_MAGIC):
            return _office_kind(upload)
    finally:
        upload.seek(0)
    raise UnacceptableFile(
        _(
            "This file is not a PDF or an office document (Word, Excel, PowerPoint or OpenDocument), "
            "whatever its name says. Save it as PDF and upload it again."
        )
    )


def _check_pdf(upload: File) -> FileKind:
    upload.seek(max(upload.size - PDF_TRAILER_WINDOW, 0))
    if b"%%EOF" not in upload.read():
        raise UnacceptableFile(_("This PDF is incomplete or damaged (it has no end). Save it again and upload it."))
    return PDF


def _office_kind(upload: File) -> FileKind:
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise UnacceptableFile(_("This office document has too many parts to be a plain document."))
            names = {entry.filename for entry in entries}
            if entries and entries[0].filename == "mimetype":
                with archive.open(entries[0]) as mimetype:
                    kind = ODF_MIMETYPES.get(mimetype.read(100).strip())
                if kind is not None:
                    return kind
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    raise UnacceptableFile(_("Office documents with macros are not accepted. Save it without macros."))
                for part, kind in OOXML_MAIN_PARTS.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError):
        raise UnacceptableFile(_("This office document is damaged and cannot be opened.")) from None
    raise UnacceptableFile(
        _("This is a zip archive, not an office document (Word, Excel, PowerPoint or OpenDocument).")
    )
