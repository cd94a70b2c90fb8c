"""Downloads of a directory: what the reader may see, in formats other programs read back."""

import csv
import gzip
import io
import json

import jsonschema
import openpyxl
import pytest
import vobject
from django.urls import reverse

from accounts.tests.helpers import signed_in
from enlace.testing.factories import point_of_contact
from import_export.importing import exchange_schema


def download(user, directory, format: str):
    response = signed_in(user).get(reverse("import_export:export", args=[directory.slug, format]))
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return b"".join(response)


def test_the_csv_export_lists_every_visible_nomination_with_its_contact(network):
    rows = list(csv.DictReader(io.StringIO(download(network.poc_ken, network.directory, "csv").decode("utf-8-sig"))))
    assert [(row["state"], row["role"], row["name"]) for row in rows] == [
        ("KEN", "technical", "Wanjiru Otieno"),
        ("MEX", "diplomatic", "Lucía Quiroga"),
        ("MEX", "diplomatic", "Mesa de Guardia"),
        ("MEX", "technical", "Mesa de Guardia"),
    ]
    desk = rows[2]
    assert desk["emails"] == "guardia@csirt.mx.example.org; cert@csirt.mx.example.org (duty)"
    # A leading "+" would make a spreadsheet read the cell as a formula (enlace.cells).
    assert desk["phones"] == "'+525512345678 (emergency)"
    assert (desk["languages"], desk["reachable_24_7"], desk["institution"]) == ("es, en", "yes", "CSIRT MX, Guardia")


def test_the_export_is_streamed(network):
    response = signed_in(network.manager).get(reverse("import_export:export", args=[network.directory.slug, "csv"]))
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="un-nominations.csv"'


def test_a_contact_of_a_state_outside_the_directory_cannot_download_it(network):
    outsider = point_of_contact(network.estonian)
    response = signed_in(outsider).get(reverse("import_export:export", args=[network.directory.slug, "csv"]))
    assert response.status_code == 404


def test_an_unknown_format_is_not_found(network):
    response = signed_in(network.manager).get(reverse("import_export:export", args=[network.directory.slug, "pdf"]))
    assert response.status_code == 404


def test_the_xlsx_export_opens_in_a_spreadsheet_library(network):
    workbook = openpyxl.load_workbook(io.BytesIO(download(network.manager, network.directory, "xlsx")), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("state", "role", "name")
    assert [row[:3] for row in rows[1:]][1] == ("MEX", "diplomatic", "Lucía Quiroga")
    assert len(rows) == 5


def test_the_vcard_export_has_one_card_per_contact_that_an_address_book_library_reads(network):
    cards = list(vobject.readComponents(download(network.poc_ken, network.directory, "vcf").decode()))
    assert sorted(card.fn.value for card in cards) == ["Lucía Quiroga", "Mesa de Guardia", "Wanjiru Otieno"]
    desk = next(card for card in cards if card.fn.value == "Mesa de Guardia")
    assert desk.version.value == "4.0"
    assert [email.value for email in desk.email_list] == ["guardia@csirt.mx.example.org", "cert@csirt.mx.example.org"]
    assert [tel.value for tel in desk.tel_list] == ["tel:+525512345678"]
    assert [language.value for language in desk.lang_list] == ["es", "en"]
    assert desk.title.value == "Centro de respuesta; 24/7"
    assert desk.org.value == ["CSIRT MX, Guardia"]
    assert sorted(role.value for role in desk.role_list) == [
        "Diplomatic point of contact, UN Global PoC Directory",
        "Technical point of contact, UN Global PoC Directory",
    ]
    assert desk.uid.value == f"urn:uuid:{network.desk.code}"


def test_the_exchange_file_follows_its_json_schema(network):
    document = json.loads(download(network.manager, network.directory, "json"))
    jsonschema.validate(document, exchange_schema(), format_checker=jsonschema.FormatChecker())
    assert document["directory"]["slug"] == "un"
    assert len(document["nominations"]) == 4
    assert all(nomination["state"] in {"MEX", "KEN"} for nomination in document["nominations"])


@pytest.mark.parametrize("format", ["csv", "json", "vcf"])
def test_exports_run_the_same_number_of_queries_for_few_and_many_rows(network, format):
    from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory
    from enlace.testing.queries import queries_run

    client = signed_in(network.manager)
    url = reverse("import_export:export", args=[network.directory.slug, format])

    def queries() -> int:
        with queries_run() as captured:
            b"".join(client.get(url).streaming_content)
        return len(captured)

    few = queries()
    institution = InstitutionFactory(state=network.kenyan.institution.state)
    for number in range(10):
        NominationFactory(
            directory=network.directory, contact=ContactFactory(institution=institution, name=f"Extra {number}")
        )
    assert queries() == few


def download_selected(user, directory, format: str, **filters) -> bytes:
    response = signed_in(user).get(reverse("import_export:export", args=[directory.slug, format]), filters)
    assert response.status_code == 200, response.status_code
    assert response.streaming or format == "xlsx"
    return b"".join(response.streaming_content if response.streaming else response)


def test_the_csv_export_holds_only_what_the_directory_pages_filters_select(network):
    text = download_selected(network.poc_ken, network.directory, "csv", state="MEX", role="technical")
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert [(row["state"], row["role"], row["name"]) for row in rows] == [("MEX", "technical", "Mesa de Guardia")]


@pytest.mark.parametrize("format", ["json", "vcf", "xlsx"])
def test_every_export_format_applies_the_filters(network, format):
    content = download_selected(network.poc_ken, network.directory, format, state="KEN")
    if format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        content = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row).encode()
    assert "Wanjiru Otieno" in content.decode()
    assert "Mesa de Guardia" not in content.decode()


def test_exports_stream_compressed_to_clients_that_accept_gzip(network):
    response = signed_in(network.poc_ken).get(
        reverse("import_export:export", args=[network.directory.slug, "csv"]), HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    assert "Wanjiru Otieno" in gzip.decompress(b"".join(response.streaming_content)).decode("utf-8-sig")
