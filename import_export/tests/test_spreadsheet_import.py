"""A State's spreadsheet of nominations: dry run first, then all rows or none, every bad cell named."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.principal import principal_for
from accounts.tests.helpers import signed_in
from directory.models import Contact, Nomination
from import_export.formats import COLUMNS
from import_export.importing import ImportRefused, import_records
from import_export.spreadsheets import read_spreadsheet


def row(**cells) -> dict:
    base = {
        "state": "MEX",
        "role": "technical",
        "name": "Ana Torres",
        "institution": "CERT-MX",
        "institution_kind": "csirt",
        "emails": "ana@cert.mx.example.org",
        "phones": "+52 55 1111 2222 (mobile)",
        "languages": "es, en",
        "reachable_24_7": "yes",
    }
    return {**base, **cells}


def csv_file(*rows: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def run(network, data: bytes, *, user=None, apply=True, retire_missing=False):
    user = user or network.coordinator_mex
    records, problems = read_spreadsheet(data)
    return import_records(
        records,
        problems=problems,
        directory=network.directory,
        principal=principal_for(user),
        user=user,
        apply=apply,
        update_contacts=True,
        retire_missing=retire_missing,
    )


def problems_of(network, data: bytes) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        run(network, data)
    return [str(problem) for problem in refused.value.problems]


def test_a_coordinator_imports_200_contacts_after_a_dry_run(network):
    rows = [row(name=f"Analyst {number:03}", emails=f"analyst{number}@cert.mx.example.org") for number in range(200)]
    dry = run(network, csv_file(*rows), apply=False)
    assert len(dry.created) == 200 and not dry.applied
    assert not Contact.objects.filter(name__startswith="Analyst").exists()

    report = run(network, csv_file(*rows))
    assert len(report.created) == 200
    assert (
        Nomination.objects.active().filter(directory=network.directory, contact__name__startswith="Analyst").count()
        == 200
    )
    analyst = Contact.objects.get(name="Analyst 007")
    assert list(analyst.phones.values_list("number", "usage")) == [("+525511112222", "mobile")]
    assert analyst.is_24_7 and analyst.language_codes == ["es", "en"]


def test_the_same_email_twice_makes_one_contact_with_two_roles(network):
    report = run(network, csv_file(row(), row(role="diplomatic", emails="ANA@cert.mx.example.org")))
    assert [outcome.action for outcome in report.outcomes] == ["created", "linked"]
    assert Contact.objects.filter(name="Ana Torres").count() == 1
    assert Nomination.objects.filter(contact__name="Ana Torres").count() == 2


def test_a_known_contact_is_linked_and_its_changed_details_reported(network):
    report = run(
        network,
        csv_file(
            row(
                name="Lucía Quiroga",
                role="technical",
                emails="lq@sre.mx.example.org",
                institution="Secretaría de Relaciones Exteriores",
                title="Embajadora",
            )
        ),
    )
    assert [outcome.action for outcome in report.outcomes] == ["changed"]
    network.diplomat.refresh_from_db()
    assert network.diplomat.title == "Embajadora"


def test_nominations_missing_from_the_file_are_retired_when_asked(network):
    data = csv_file(
        row(
            name="Mesa de Guardia",
            emails="guardia@csirt.mx.example.org",
            institution="CSIRT MX, Guardia",
            kind="functional",
            title="Centro de respuesta; 24/7",
            languages="es, en",
            phones="+525512345678 (emergency)",
            time_zone="America/Mexico_City",
        )
    )
    report = run(network, data, retire_missing=True)
    retired = [(outcome.state, outcome.role, outcome.contact) for outcome in report.retired]
    assert retired == [("MEX", "diplomatic", "Mesa de Guardia"), ("MEX", "diplomatic", "Lucía Quiroga")] or sorted(
        retired
    ) == sorted([("MEX", "diplomatic", "Mesa de Guardia"), ("MEX", "diplomatic", "Lucía Quiroga")])
    assert not Nomination.objects.active().filter(contact=network.diplomat).exists()
    assert Nomination.objects.active().filter(contact=network.kenyan).exists(), "another State's nominations stay"


def test_every_bad_row_is_named_with_its_line_and_column_and_nothing_is_written(network):
    data = csv_file(
        row(),
        row(name="No mail", emails=""),
        row(name="Bad phone", emails="bp@example.org", phones="+52 55"),
        row(name="Bad usage", emails="bu@example.org (home)"),
        row(name="Bad role", emails="br@example.org", role="tecnico"),
    )
    messages = problems_of(network, data)
    assert messages[0] == "line 3, emails: This cell is empty."
    assert messages[1].startswith("line 4, phones: +52 55: Enter a valid phone number in international format")
    assert messages[2] == "line 5, emails: “home” is not one of: duty, office, other."
    assert messages[3].startswith("line 6, role: “tecnico” is not a role; write one of: diplomatic, technical")
    assert len(messages) == 4
    assert not Contact.objects.filter(name="Ana Torres").exists()


def test_an_unknown_state_code_is_refused(network):
    assert problems_of(network, csv_file(row(state="XXX"))) == [
        "line 2, state: “XXX” is not a known State code (ISO 3166-1 alpha-3)."
    ]


def test_another_states_rows_are_skipped_for_a_coordinator(network):
    report = run(network, csv_file(row(state="KEN", emails="k@ke.example.org")))
    assert [(outcome.action, outcome.reason) for outcome in report.outcomes] == [
        ("skipped", "You may not import nominations for Kenya.")
    ]
    assert not Contact.objects.filter(name="Ana Torres").exists()


def test_an_email_of_another_states_contact_is_refused(network):
    messages = problems_of(network, csv_file(row(emails=network.kenyan.emails.first().address)))
    assert messages == ["line 2, emails: This e-mail address cannot be used in this import."]


def test_a_file_in_another_encoding_is_refused_with_advice(network):
    data = csv_file(row(name="Lucía Peña")).decode().encode("latin-1")
    assert problems_of(network, data) == [
        "line 2: The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."
    ]


def test_missing_and_unknown_columns_are_named(network):
    assert problems_of(network, b"state,role,name,nickname\nMEX,technical,Ana,A\n") == [
        "line 1, institution: This column is missing.",
        "line 1, emails: This column is missing.",
        "line 1, languages: This column is missing.",
        "line 1, nickname: This column is not one Enlace reads.",
    ]


def test_an_xlsx_workbook_is_read_by_its_content_whatever_its_name(network):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append([row().get(column, "") for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = signed_in(network.coordinator_mex).post(
        reverse("import_export:import_spreadsheet", args=["un"]),
        {"file": SimpleUploadedFile("nominations.csv", buffer.getvalue()), "apply": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert 'data-action="created">Created: 1</li>' in response.content.decode()
    assert Contact.objects.filter(name="Ana Torres").exists()


def test_a_downloaded_csv_uploads_again_without_changes(network):
    exported = b"".join(
        signed_in(network.coordinator_mex).get(reverse("import_export:export", args=["un", "csv"])).streaming_content
    )
    report = run(network, exported)
    assert {(outcome.action, outcome.reason) for outcome in report.outcomes} == {
        ("unchanged", "Already nominated to this role."),
        ("skipped", "You may not import nominations for Kenya."),
    }


def test_the_public_page_counts_what_an_import_nominated_at_once(network, client):
    public = reverse("directory:public", args=[network.directory.slug])
    before = client.get(public).content.decode()  # signed out: now served from the page cache
    run(network, csv_file(*(row(name=f"Analyst {n}", emails=f"analyst{n}@cert.mx.example.org") for n in range(7))))
    after = client.get(public).content.decode()
    assert after != before
    assert Nomination.objects.filter(contact__name__startswith="Analyst").count() == 7
