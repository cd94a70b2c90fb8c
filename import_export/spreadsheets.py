"""Reading a State's nominations from a spreadsheet (CSV or XLSX) into import records.

The columns are those of the CSV and XLSX downloads (``formats.COLUMNS``), so a
coordinator can download the directory, edit the file and upload it again. The
kind of file is told by its content, not its name. Texts the export protected
against formula injection (a leading quote, ``enlace.cells``) read back as they
were. Every cell that cannot be read is reported with its line and column; the
import engine then checks the rest (e-mail, phone and language rules) the same way.
"""

import csv
import io
import re
import zipfile
from datetime import date, datetime, time

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from directory.choices import RoleKind
from enlace import cells
from import_export.formats import COLUMNS
from import_export.importing import MAX_IMPORT_BYTES, ImportRefused, Problem
from import_export.records import ContactRecord, Email, Institution, Phone, Record

REQUIRED = ("state", "role", "name", "institution", "emails", "languages")
_WITH_USAGE = re.compile(r"^(?P<value>.*?)\s*(?:\((?P<usage>[^)]*)\))?$")
_YES = {"yes", "y", "true", "1", "sí", "si"}
_NO = {"no", "n", "false", "0", ""}


def read_spreadsheet(data: bytes) -> tuple[list[Record], list[Problem]]:
    """The rows as records, and the problems of the cells that could not be read (rows with one are left out).

    Raises ImportRefused when the file as a whole cannot be read (encoding, kind, columns).
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused([Problem("", "", _("The file is larger than 20 MB."))])
    rows = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    try:
        header = [str(cell or "").strip().lower() for cell in next(rows)]
    except StopIteration:
        raise ImportRefused([Problem("", "", _("The file is empty."))]) from None
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column and column not in COLUMNS]
    if missing or unknown:
        problems = [Problem("line 1", column, _("This column is missing.")) for column in missing]
        problems += [Problem("line 1", column, _("This column is not one Enlace reads.")) for column in unknown]
        raise ImportRefused(problems)
    records, problems = [], []
    for line, row in enumerate(rows, start=2):
        cells = {name: row[index] if index < len(row) else None for index, name in enumerate(header) if name}
        if all(value in (None, "") for value in cells.values()):
            continue
        reader = _RowReader(f"line {line}", cells)
        record = reader.record()
        problems.extend(reader.problems)
        if not reader.problems:
            records.append(record)
    if not records and not problems:
        raise ImportRefused([Problem("", "", _("The file has no rows under its header."))])
    return records, problems


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            [Problem(f"line {line}", "", _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."))]
        ) from None
    return iter(csv.reader(io.StringIO(text, newline="")))


def _xlsx_rows(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRefused(
            [Problem("", "", _("The file is neither a CSV file nor an Excel (XLSX) workbook."))]
        ) from None
    return workbook.worksheets[0].iter_rows(values_only=True)


def _cell_text(value) -> str:
    """A cell as text: dates and times in ISO format, a text Enlace exported as it was, trimmed."""
    if value is None:
        return ""
    if type(value) is not str:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date | time):
            return value.isoformat()
        value = str(value)
    # A text Enlace exported starts with a quote where it could have run as a formula.
    return cells.restore(value).strip()


class _RowReader:
    def __init__(self, where: str, cells: dict):
        self.where = where
        self.cells = {name: _cell_text(value) for name, value in cells.items()}
        self.problems: list[Problem] = []

    def text(self, column: str) -> str:
        return self.cells.get(column, "")

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.where, column, message))

    def with_usage(self, column: str, usages: set[str]) -> list[tuple[str, str]]:
        """``value (usage); value`` pieces; a piece without a usage has the usual one (office)."""
        items = []
        for piece in filter(None, (part.strip() for part in self.text(column).split(";"))):
            match = _WITH_USAGE.match(piece)
            usage = match["usage"] or "office"
            if usage not in usages:
                self.fail(
                    column,
                    _("“%(usage)s” is not one of: %(usages)s.") % {"usage": usage, "usages": ", ".join(sorted(usages))},
                )
                continue
            items.append((match["value"], usage))
        return items

    def boolean(self, column: str) -> bool:
        value = self.text(column).lower()
        if value in _YES:
            return True
        if value not in _NO:
            self.fail(column, _("Write yes or no."))
        return False

    def clock(self, column: str) -> time | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return time.fromisoformat(value)
        except ValueError:
            self.fail(column, _("“%(value)s” is not a time of day such as 09:00.") % {"value": value})
            return None

    def day(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(column, _("“%(value)s” is not a date such as 2026-03-01.") % {"value": value})
            return None

    def record(self) -> Record:
        for column in REQUIRED:
            if not self.text(column):
                self.fail(column, _("This cell is empty."))
        role = self.text("role").lower()
        if role and role not in RoleKind.values:
            self.fail(
                "role",
                _("“%(value)s” is not a role; write one of: %(roles)s.")
                % {"value": role, "roles": ", ".join(RoleKind.values)},
            )
        return Record(
            where=self.where,
            state=self.text("state").upper(),
            role=self.text("role").lower(),
            starts_on=self.day("nominated_on"),
            contact=ContactRecord(
                name=self.text("name"),
                title=self.text("title"),
                kind=self.text("kind") or "person",
                institution=Institution(
                    name=self.text("institution"),
                    acronym=self.text("institution_acronym"),
                    kind=self.text("institution_kind") or "other",
                ),
                emails=tuple(Email(*item) for item in self.with_usage("emails", {"office", "duty", "other"})),
                phones=tuple(
                    Phone(*item) for item in self.with_usage("phones", {"office", "mobile", "emergency", "fax"})
                ),
                languages=tuple(code.strip() for code in re.split(r"[,;]", self.text("languages")) if code.strip()),
                is_24_7=self.boolean("reachable_24_7"),
                working_days=self.text("working_days") or "mon-fri",
                opens_at=self.clock("opens_at"),
                closes_at=self.clock("closes_at"),
                time_zone=self.text("time_zone") or "UTC",
                pgp_key=None,
            ),
        )
