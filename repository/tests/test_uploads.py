"""Uploads are checked by content, limited in size, stored through the storage API, and refused cleanly."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from repository import files
from repository.choices import TextExtraction
from repository.models import Document
from repository.tests.conftest import stored_files, strategy_pdf


def _form(**overrides) -> dict:
    data = {
        "name": "Estrategia Nacional de Ciberseguridad",
        "description": "La estrategia del país.",
        "kind": "national_strategy",
        "language": "es",
        "status": "in_force",
        "visibility": "public",
        "entry_into_force": "2026-01-15",
    }
    data.update(overrides)
    return data


def _zip(entries: dict[str, bytes], first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(first, entries.pop(first))
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def upload(client, network, django_capture_on_commit_callbacks):
    """The Mexican coordinator adds a document with a file; the worker's text reading runs after commit."""

    def send(file, **overrides):
        client.force_login(network.coordinator_mex)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("repository:create", args=["MEX"]), {**_form(**overrides), "upload": file})

    return send


def test_a_pdf_is_stored_through_the_storage_api_and_its_text_read(upload, media):
    response = upload(SimpleUploadedFile("estrategia.pdf", strategy_pdf()))
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.file.name.startswith("repository/MEX/") and document.file.name.endswith(".pdf")
    assert document.file_type == "pdf"
    assert len(stored_files(media)) == 1
    assert document.text_extraction == TextExtraction.DONE
    assert "infraestructuras críticas" in document.text


def test_a_renamed_executable_is_refused_and_leaves_nothing_behind(upload, media):
    executable = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program cannot be run"
    response = upload(SimpleUploadedFile("estrategia.pdf", executable, "application/pdf"))
    assert response.status_code == 200
    assert "is not a PDF or an office document" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_an_oversize_file_is_refused_with_the_limit_and_leaves_nothing_behind(upload, media, settings):
    settings.REPOSITORY_MAX_UPLOAD_MB = 1
    big = strategy_pdf().replace(b"%%EOF", b"%" + b"x" * (1024 * 1024) + b"\n%%EOF")
    response = upload(SimpleUploadedFile("big.pdf", big))
    body = response.content.decode()
    assert response.status_code == 200
    assert "The file is too large" in body and "the limit is 1 MB" in body
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_pdf_without_its_end_is_refused(network):
    with pytest.raises(files.UnacceptableFile, match="incomplete or damaged"):
        files.identify(SimpleUploadedFile("cut.pdf", strategy_pdf()[:200]))


@pytest.mark.parametrize(
    ("entries", "first", "kind"),
    [
        ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}, None, files.DOCX),
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}, None, files.XLSX),
        ({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}, None, files.PPTX),
        ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<c/>"}, "mimetype", files.ODT),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<c/>"},
            "mimetype",
            files.ODS,
        ),
    ],
)
def test_office_documents_are_recognised_by_their_parts_whatever_their_name(entries, first, kind):
    assert files.identify(SimpleUploadedFile("anything.bin", _zip(entries, first))) == kind


def test_an_office_document_with_macros_is_refused():
    macro = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>", "word/vbaProject.bin": b"\x00"})
    with pytest.raises(files.UnacceptableFile, match="macros"):
        files.identify(SimpleUploadedFile("strategy.docx", macro))


def test_a_plain_zip_named_docx_is_refused():
    with pytest.raises(files.UnacceptableFile, match="zip archive, not an office document"):
        files.identify(SimpleUploadedFile("strategy.docx", _zip({"readme.txt": b"hello"})))


def test_a_word_file_is_stored_without_text_reading(upload):
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    upload(SimpleUploadedFile("ley.docx", docx))
    document = Document.objects.get()
    assert (document.file_type, document.text_extraction) == ("docx", TextExtraction.NONE)


def test_a_document_needs_a_link_or_a_file(client, network):
    client.force_login(network.coordinator_mex)
    response = client.post(reverse("repository:create", args=["MEX"]), _form())
    assert "Give a reference link, upload the file, or both." in response.content.decode()
    assert not Document.objects.exists()


def test_replacing_the_file_deletes_the_old_one_once_saved(client, upload, media, django_capture_on_commit_callbacks):
    upload(SimpleUploadedFile("v1.pdf", strategy_pdf()))
    document = Document.objects.get()
    old = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("repository:edit", args=[document.code]),
            {**_form(), "upload": SimpleUploadedFile("v2.pdf", strategy_pdf())},
        )
    document.refresh_from_db()
    assert document.file.name != old
    assert [path.name for path in stored_files(media)] == [document.file.name.rsplit("/", 1)[-1]]


def test_a_file_is_served_only_through_the_access_rule(client, network, upload):
    upload(SimpleUploadedFile("e.pdf", strategy_pdf()), visibility="participants")
    document = Document.objects.get()
    client.logout()
    assert client.get(reverse("repository:file", args=[document.code])).status_code == 302
    client.force_login(network.poc_arg)
    response = client.get(reverse("repository:file", args=[document.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_pdf_whose_text_cannot_be_read_is_kept_and_says_so(upload, client):
    broken = b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n"
    upload(SimpleUploadedFile("scan.pdf", broken))
    document = Document.objects.get()
    assert (document.text_extraction, document.text) == (TextExtraction.FAILED, "")
    body = client.get(reverse("repository:document", args=[document.code])).content.decode()
    assert "its text could not be read" in body
