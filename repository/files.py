"""What an uploaded file really is, read from its bytes: never from its name or the browser's word.

Only PDF and the common office formats are accepted: Office Open XML (Word, Excel, PowerPoint,
without macros) and OpenDocument (text, spreadsheet, presentation). Both office families are zip
archives, recognised by the parts every such file must have; nothing is decompressed beyond the
few bytes of an OpenDocument ``mimetype`` entry, so a zip bomb costs nothing here. Before that, the
zip's central directory alone bounds what reading the file would cost whoever opens it: the number
of parts, their size once inflated, the compression ratio, and parts that overlap (one compressed
stream counted many times). A PDF with active content (scripts, launch or form-submission actions,
embedded files, multimedia) is refused, since it could act when a reader opens it.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from repository import pdf

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# The PDF header may follow a little junk (the specification allows it within the first 1024 bytes).
PDF_HEADER_WINDOW = 1024
# Every complete PDF ends with an end-of-file marker (possibly followed by a few bytes of padding).
PDF_TRAILER_WINDOW = 2048
# The fixed part of a zip entry's local header, before its name and extra field.
ZIP_LOCAL_HEADER = 30
# Below this much inflated data any compression ratio is harmless (small XML parts compress a lot).
RATIO_FREE_BYTES = 10 * 1024 * 1024


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
    try:
        found = pdf.active_content(upload)
    except pdf.UncheckablePdf:
        raise UnacceptableFile(
            _(
                "This PDF could not be checked for active content (it is protected by a password, damaged or "
                "unusually complex). Print it to a new PDF and upload that."
            )
        ) from None
    if found is not None:
        raise UnacceptableFile(
            _(
                "This PDF contains active content (%(what)s), which could run when someone opens it, so it is "
                "not accepted. Print it to a new PDF, without scripts, attachments or forms, and upload that."
            )
            % {"what": _active_label(found)}
        )
    return PDF


def _active_label(name: str) -> str:
    if name in ("/JS", "/JavaScript"):
        return _("JavaScript")
    if name in ("/EmbeddedFiles", "/EmbeddedFile", "/EF", "/FileAttachment"):
        return _("embedded files")
    if name in ("/Launch", "/GoToR", "/GoToE", "/ImportData"):
        return _("an action that opens another file or program")
    if name in ("/SubmitForm", "/XFA"):
        return _("a form that sends data")
    return _("multimedia or interactive content")


def _name_length(entry: zipfile.ZipInfo) -> int:
    # Names are UTF-8 when the entry says so (bit 11), else code page 437: one byte a character.
    encoding = "utf-8" if entry.flag_bits & 0x800 else "cp437"
    return len(entry.orig_filename.encode(encoding, errors="replace"))


def _check_zip_bounds(entries: list[zipfile.ZipInfo], archive_size: int) -> None:
    """Refuse, from the central directory alone, an archive that would be costly or unsafe to open."""
    if len(entries) > settings.REPOSITORY_MAX_ZIP_PARTS:
        raise UnacceptableFile(
            _("This office document has too many parts (%(count)s; at most %(limit)s are accepted).")
            % {"count": len(entries), "limit": settings.REPOSITORY_MAX_ZIP_PARTS}
        )
    inflated = sum(entry.file_size for entry in entries)
    compressed = sum(entry.compress_size for entry in entries)
    limit = settings.REPOSITORY_MAX_UNCOMPRESSED_MB * 1024 * 1024
    if inflated > limit:
        raise UnacceptableFile(
            _(
                "This office document would take %(size)s MB once opened; at most %(limit)s MB are accepted. "
                "Save it as PDF and upload that."
            )
            % {"size": f"{inflated / 1024 / 1024:.0f}", "limit": settings.REPOSITORY_MAX_UNCOMPRESSED_MB}
        )
    if inflated > RATIO_FREE_BYTES and inflated > compressed * settings.REPOSITORY_MAX_COMPRESSION_RATIO:
        raise UnacceptableFile(
            _(
                "This office document is compressed far more than a real document is (it may be a zip bomb), "
                "so it is not accepted. Save it as PDF and upload that."
            )
        )
    # Each part's data must lie in the file, after the previous part's: parts that share one
    # compressed stream multiply what opening the file inflates.
    end = 0
    for entry in sorted(entries, key=lambda entry: entry.header_offset):
        if entry.header_offset < end:
            raise UnacceptableFile(_("This office document is damaged (its parts overlap) and cannot be accepted."))
        end = entry.header_offset + ZIP_LOCAL_HEADER + _name_length(entry) + entry.compress_size
    if end > archive_size:
        raise UnacceptableFile(_("This office document is damaged (its parts overlap) and cannot be accepted."))


def _macros_refused() -> str:
    return _("Office documents with macros are not accepted. Save it without macros.")


def _is_odf_macro(name: str) -> bool:
    """An OpenDocument's Basic modules or scripts; the library index files alone are harmless."""
    lower = name.lower()
    if lower.startswith("scripts/"):
        return not lower.endswith("/")
    return lower.startswith("basic/") and not lower.endswith(("/", "-lc.xml", "-lb.xml"))


def _office_kind(upload: File) -> FileKind:
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            _check_zip_bounds(entries, upload.size)
            names = {entry.filename for entry in entries}
            if entries and entries[0].filename == "mimetype":
                with archive.open(entries[0]) as mimetype:
                    kind = ODF_MIMETYPES.get(mimetype.read(100).strip())
                if kind is not None:
                    if any(_is_odf_macro(name) for name in names):
                        raise UnacceptableFile(_macros_refused())
                    return kind
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    raise UnacceptableFile(_macros_refused())
                if any("/activex/" in name.lower() for name in names):
                    raise UnacceptableFile(
                        _("Office documents with ActiveX controls are not accepted. Save it without them.")
                    )
                for part, kind in OOXML_MAIN_PARTS.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError):
        raise UnacceptableFile(_("This office document is damaged and cannot be opened.")) from None
    raise UnacceptableFile(
        _("This is a zip archive, not an office document (Word, Excel, PowerPoint or OpenDocument).")
    )
