"""Writers for the export formats: CSV, XLSX, the JSON exchange format and vCard 4.0.

Each takes an iterator of ``Record`` and produces its output piece by piece
(XLSX into a temporary file), so a large directory streams in flat memory.
"""

import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import time

from openpyxl import Workbook

from directory import contact_fields
from directory.models import Directory
from enlace import cells
from import_export import vcard
from import_export.records import ContactRecord, Record

EXCHANGE_FORMAT = "enlace-directory-exchange"
EXCHANGE_VERSION = 1

# The spreadsheet columns, in order (a contact's: ``directory.contact_fields``); the bulk import reads the same ones.
COLUMNS = ("state", "role", *contact_fields.names_in("column"), "nominated_on")


def _hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _with_usage(value: str, usage: str) -> str:
    """``address`` for the usual (office) usage, ``address (duty)`` otherwise."""
    return value if usage == "office" else f"{value} ({usage})"


# Each spreadsheet cell of a contact, by the field it writes (``directory.contact_fields`` places it).
_CELLS: dict[str, Callable[[ContactRecord], str]] = {
    "name": lambda contact: contact.name,
    "title": lambda contact: contact.title,
    "kind": lambda contact: contact.kind,
    "institution": lambda contact: contact.institution.name,
    "institution_acronym": lambda contact: contact.institution.acronym,
    "institution_kind": lambda contact: contact.institution.kind,
    "emails": lambda contact: "; ".join(_with_usage(email.address, email.usage) for email in contact.emails),
    "phones": lambda contact: "; ".join(_with_usage(phone.number, phone.usage) for phone in contact.phones),
    "languages": lambda contact: ", ".join(contact.languages),
    "is_24_7": lambda contact: "yes" if contact.is_24_7 else "no",
    "working_days": lambda contact: contact.working_days,
    "opens_at": lambda contact: _hhmm(contact.opens_at),
    "closes_at": lambda contact: _hhmm(contact.closes_at),
    "time_zone": lambda contact: contact.time_zone,
}
_CELL_WRITERS = [_CELLS[attribute] for attribute, _column in contact_fields.fields_in("column")]


def spreadsheet_row(record: Record) -> list[str]:
    contact = record.contact
    return [
        record.state,
        record.role,
        *(cell(contact) for cell in _CELL_WRITERS),
        record.starts_on.isoformat() if record.starts_on else "",
    ]


def csv_lines(records: Iterable[Record]) -> Iterator[str]:
    """The header, then one line per nomination (UTF-8 with a byte-order mark, so spreadsheets read accents).

    Cells are neutralised (``enlace.cells``) so that no text runs as a formula; the import restores them.
    """
    buffer = io.StringIO()
    writer = cells.csv_writer(buffer)

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(COLUMNS)
    yield "\ufeff" + take()
    for record in records:
        writer.writerow(spreadsheet_row(record))
        yield take()


def xlsx_file(records: Iterable[Record], title: str) -> tempfile.SpooledTemporaryFile:
    """An XLSX workbook written row by row (openpyxl's write-only mode keeps rows out of memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Directory")
    sheet.append(cells.xlsx_row(sheet, COLUMNS))
    for record in records:
        sheet.append(cells.xlsx_row(sheet, spreadsheet_row(record)))
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    workbook.save(output)
    output.seek(0)
    return output


# Each value of a contact in the exchange format, by the field it writes (``directory.contact_fields`` names it).
_VALUES: dict[str, Callable[[ContactRecord], object]] = {
    "name": lambda contact: contact.name,
    "title": lambda contact: contact.title,
    "kind": lambda contact: contact.kind,
    "institution": lambda contact: {
        "name": contact.institution.name,
        "acronym": contact.institution.acronym,
        "kind": contact.institution.kind,
    },
    "emails": lambda contact: [{"address": email.address, "usage": email.usage} for email in contact.emails],
    "phones": lambda contact: [{"number": phone.number, "usage": phone.usage} for phone in contact.phones],
    "languages": lambda contact: list(contact.languages),
    "is_24_7": lambda contact: contact.is_24_7,
    "working_days": lambda contact: contact.working_days,
    "opens_at": lambda contact: _hhmm(contact.opens_at) or None,
    "closes_at": lambda contact: _hhmm(contact.closes_at) or None,
    "time_zone": lambda contact: contact.time_zone,
    "pgp_key": lambda contact: contact.pgp_key,
}
_KEYS = [(key, _VALUES[attribute]) for attribute, key in contact_fields.fields_in("exchange")]


def contact_json(contact: ContactRecord) -> dict:
    return {key: value(contact) for key, value in _KEYS}


def record_json(record: Record) -> dict:
    return {
        "state": record.state,
        "role": record.role,
        "nominated_on": record.starts_on.isoformat() if record.starts_on else None,
        "contact": contact_json(record.contact),
    }


def exchange_chunks(directory: Directory, records: Iterable[Record]) -> Iterator[str]:
    """The JSON exchange document (schema: import_export/schema/directory-exchange-v1.json), streamed."""
    header = {
        "format": EXCHANGE_FORMAT,
        "version": EXCHANGE_VERSION,
        "directory": {
            "name": directory.for_reader.name,
            "slug": directory.slug,
            "managing_body": directory.managing_body,
        },
    }
    opening = json.dumps(header, ensure_ascii=False, indent=2)[:-2]  # leave the object open
    yield opening + ',\n  "nominations": ['
    separator = "\n"
    for record in records:
        yield separator + "    " + json.dumps(record_json(record), ensure_ascii=False, sort_keys=True)
        separator = ",\n"
    yield "\n  ]\n}\n"


def vcard_chunks(cards: Iterable[tuple[ContactRecord, str, list[str]]]) -> Iterator[str]:
    """One vCard 4.0 per contact: (contact, its unique id, its roles as sentences)."""
    for contact, uid, roles in cards:
        yield vcard.card(contact, uid=uid, roles=roles)
