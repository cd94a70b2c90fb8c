"""A working group's documents: its members share them (checked by content as the repository's are, stored under
a random name) and read them; observers read only; no one outside the group sees them; whoever shared one, or a
manager, deletes it after confirming."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enlace.testing.queries import queries_run
from working_groups import documents, services
from working_groups.choices import GroupRole
from working_groups.space_models import GroupDocument
from working_groups.tests.space import a_pdf, chilean_point_of_contact, cyber_group, media, stored_files

__all__ = ["media"]


def _share(client, group, upload, **fields):
    data = {"title": "Terms of reference", "language": "es", "description": "Draft for the March meeting"}
    return client.post(reverse("working_groups:document_new", args=[group.code]), {**data, **fields, "upload": upload})


def test_a_member_shares_a_document_and_another_member_downloads_the_same_bytes(network, client, media):
    cyber = cyber_group(network)
    upload = a_pdf()
    sent = upload.read()
    upload.seek(0)
    client.force_login(cyber.mexican)

    response = _share(client, cyber.group, upload)

    assert response.status_code == 302
    document = GroupDocument.objects.get()
    assert (document.title, document.language, document.file_type) == ("Terms of reference", "es", "pdf")
    assert "terms" not in document.file.name and document.file.name.endswith(".pdf")
    client.force_login(cyber.argentine)
    download = client.get(reverse("working_groups:document_file", args=[document.code]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == sent
    assert 'filename="Terms of reference.pdf"' in download["Content-Disposition"]


def test_a_state_outside_the_group_neither_lists_nor_downloads_its_documents(network, client, media):
    cyber = cyber_group(network)
    document = documents.upload(cyber.group, upload=a_pdf(), title="Terms", language="en", by=cyber.mexican)

    for outsider in (cyber.chilean, chilean_point_of_contact(cyber), network.coordinator_ken):
        client.force_login(outsider)
        assert client.get(reverse("working_groups:documents", args=[cyber.group.code])).status_code == 404
        assert client.get(reverse("working_groups:document_file", args=[document.code])).status_code == 404


def test_a_disguised_program_is_refused_with_a_clear_message_and_nothing_is_stored(network, client, media):
    cyber = cyber_group(network)
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program cannot be run"
    client.force_login(cyber.mexican)

    response = _share(client, cyber.group, SimpleUploadedFile("terms.pdf", program, "application/pdf"))

    assert response.status_code == 200
    assert "is not a PDF or an office document" in response.content.decode()
    assert not GroupDocument.objects.exists()
    assert stored_files(media) == []


def test_an_observer_state_reads_the_documents_but_shares_none(network, client, media):
    cyber = cyber_group(network)
    prosur = cyber.prosur
    services.save_group(
        cyber.group,
        {prosur.mexico: GroupRole.COORDINATOR, prosur.argentina: GroupRole.MEMBER, prosur.chile: GroupRole.OBSERVER},
    )
    document = documents.upload(cyber.group, upload=a_pdf(), title="Terms", language="en", by=cyber.mexican)
    client.force_login(cyber.chilean)

    listed = client.get(reverse("working_groups:documents", args=[cyber.group.code]))
    assert listed.status_code == 200
    assert "Terms" in listed.content.decode()
    assert reverse("working_groups:document_new", args=[cyber.group.code]) not in listed.content.decode()
    assert client.get(reverse("working_groups:document_file", args=[document.code])).status_code == 200
    assert _share(client, cyber.group, a_pdf()).status_code == 403
    assert GroupDocument.objects.count() == 1


def test_whoever_shared_a_document_deletes_it_after_confirming_and_its_file_goes(
    network, client, media, django_capture_on_commit_callbacks
):
    cyber = cyber_group(network)
    document = documents.upload(cyber.group, upload=a_pdf(), title="Terms", language="en", by=cyber.argentine)
    url = reverse("working_groups:document_delete", args=[document.code])
    client.force_login(cyber.argentine)

    assert "cannot be undone" in client.get(url).content.decode()
    assert GroupDocument.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302

    assert not GroupDocument.objects.exists()
    assert stored_files(media) == []


def test_another_member_may_not_delete_a_document_it_did_not_share_but_a_manager_may(network, client, media):
    cyber = cyber_group(network)
    document = documents.upload(cyber.group, upload=a_pdf(), title="Terms", language="en", by=cyber.argentine)
    url = reverse("working_groups:document_delete", args=[document.code])

    client.force_login(cyber.mexican)
    assert client.post(url).status_code == 403
    client.force_login(cyber.prosur.manager)
    assert client.post(url).status_code == 302
    assert not GroupDocument.objects.exists()


def test_the_list_is_filtered_and_sorted_as_its_address_says(network, client, media):
    cyber = cyber_group(network)
    for title, language in (("Bravo plan", "es"), ("Alpha plan", "es"), ("Charlie plan", "fr")):
        documents.upload(cyber.group, upload=a_pdf(title), title=title, language=language, by=cyber.mexican)
    client.force_login(cyber.argentine)

    response = client.get(
        reverse("working_groups:documents", args=[cyber.group.code]), {"language": "es", "sort": "title"}
    )

    body = response.content.decode()
    assert body.index("Alpha plan") < body.index("Bravo plan")
    assert "Charlie plan" not in body


@pytest.mark.parametrize("count", [3, 30])
def test_the_document_list_asks_exactly_its_ten_questions_however_long(network, client, media, count):
    """The session, the reader, its roles and its States' directories, its contact (the page's header), the group
    and the reader's right to work in it, the documents' count, the page of them with their uploaders, which of
    them the reader may delete, and whether it may share."""
    cyber = cyber_group(network)
    for number in range(count):
        documents.upload(cyber.group, upload=a_pdf(), title=f"Doc {number}", language="en", by=cyber.mexican)
    client.force_login(cyber.argentine)
    url = reverse("working_groups:documents", args=[cyber.group.code])
    client.get(url)

    with queries_run() as run:
        assert client.get(url).status_code == 200

    assert len(run) == 10
