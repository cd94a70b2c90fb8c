"""A coordinator imports its State's spreadsheet in the browser: dry run first, then the import of the same file."""

import csv
import io

import pytest
from playwright.sync_api import expect

from directory.models import Contact, Nomination
from enlace.testing.browser import sign_in
from enlace.testing.factories import DirectoryFactory, state
from import_export.formats import COLUMNS


def spreadsheet(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for number in range(rows):
        writer.writerow(
            {
                "state": "MEX",
                "role": "technical",
                "name": f"Analista {number:03}",
                "institution": "CERT-MX",
                "institution_kind": "csirt",
                "emails": f"analista{number}@cert.mx.example.org",
                "languages": "es",
            }
        )
    return buffer.getvalue().encode()


@pytest.mark.browser
def test_a_coordinator_imports_200_contacts_after_a_dry_run(page, coordinator_with_secret, tmp_path):
    coordinator, secret = coordinator_with_secret
    DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[state("MEX")])
    upload = tmp_path / "mexico.csv"
    upload.write_bytes(spreadsheet(200))

    sign_in(page, coordinator, totp_secret=secret)
    page.goto("/directories/un/")
    page.get_by_role("link", name="Import a spreadsheet").click()

    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(upload)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Dry run: nothing was written")).to_be_visible()
    expect(page.locator("#import-summary")).to_have_text("Created: 200")
    assert not Contact.objects.filter(name__startswith="Analista").exists()

    # The checked file is applied from its job page, without uploading it again.
    page.get_by_role("button", name="Apply the import").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    assert Nomination.objects.filter(contact__name__startswith="Analista").count() == 200


@pytest.mark.browser
def test_a_bad_row_is_named_and_nothing_is_imported(page, coordinator_with_secret, tmp_path):
    coordinator, secret = coordinator_with_secret
    DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[state("MEX")])
    upload = tmp_path / "mexico.csv"
    upload.write_bytes(spreadsheet(3).replace(b"analista1@cert.mx.example.org", b"not-an-address"))

    sign_in(page, coordinator, totp_secret=secret)
    page.goto("/directories/un/import/spreadsheet/")
    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(upload)
    page.get_by_label("Apply the import").check()
    page.get_by_role("button", name="Upload").click()
    problems = page.locator("#import-problems")
    expect(problems.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    expect(problems).to_contain_text("line 3, emails: not-an-address: Enter a valid email address.")
    assert not Contact.objects.filter(name__startswith="Analista").exists()
