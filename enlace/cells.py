"""Spreadsheet cells that cannot run: every CSV and XLSX Enlace writes goes through here.

Text typed by one user (a contact's name, a measure's wording) ends up in another
user's spreadsheet program, which runs a cell starting with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return before one) as a formula: ``=HYPERLINK(...)``
can send the sheet's data elsewhere. As OWASP recommends ("CSV Injection"), such a
text gets a leading single quote, so spreadsheets show it as text and it stays
readable; every CSV field is quoted; and an XLSX cell is written as a string,
never as a formula.

The quote is added so that it can be taken off again exactly (``restore``), which
is what the import does, so a file Enlace wrote imports back to the same values:
a text whose first character after any leading quotes is a trigger gets one more
quote, and only such a text loses one when read.
"""

import csv
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

# The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
TRIGGERS = frozenset("=+-@\t\r")


def _needs_quote(text: str) -> bool:
    return text.lstrip("'")[:1] in TRIGGERS


def neutralise(value: Any) -> Any:
    """``value`` as a cell that cannot run: a text starting with a formula trigger gets a leading quote."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text ``neutralise`` was given: the quote it added taken off again (and nothing else)."""
    if text[:1] == "'" and _needs_quote(text[1:]):
        return text[1:]
    return text


class _SafeWriter:
    def __init__(self, file, **options):
        self._writer = csv.writer(file, quoting=csv.QUOTE_ALL, **options)

    def writerow(self, row: Iterable) -> Any:
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, **options) -> _SafeWriter:
    """A ``csv.writer`` whose every field is quoted and neutralised."""
    return _SafeWriter(file, **options)


def xlsx_row(sheet, values: Iterable) -> list:
    """A row for ``sheet.append`` (write-only sheets too): texts neutralised and typed as strings, not formulas."""
    row = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, neutralise(value))
            # openpyxl takes any text starting with "=" for a formula; this one is text whatever it says.
            cell.data_type = TYPE_STRING
            row.append(cell)
        else:
            row.append(value)
    return row
