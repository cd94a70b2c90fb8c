"""Writers for the export formats: CSV, XLSX, the JSON exchange format and vCard 4.0.

Each takes an iterator of ``Record`` and produces its output piece by piece
(XLSX into a temporary file), so a large directory streams in flat memory.
"""

import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from datetime import time

from openpyxl import Workbook

from directory.models import Directory
from enlace import cells
from exchange import vcard
from exchange.records import ContactRecord, Record

EXCHANGE_FORMAT = "enlace-directory-exchange"
EXCHANGE_VERSION = 1

# The spreadsheet columns, in order; the bulk import reads the same ones.
COLUMNS = (
    "state",
    "role",
    "name",
    "title",
    "kind",
    "institution",
    "institution_acronym",
    "institution_kind",
    "emails",
    "phones",
    "languages",
    "reachable_24_7",
    "working_days",
    "opens_at",
    "closes_at",
    "time_zone",
    "nominated_on",
)


def _hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _with_usage(value: str, usage: str) -> str:
    """``address`` for the usual (office) usage, ``address (duty)`` otherwise."""
    return value if usage == "office" else f"{value} ({usage})"


def spreadsheet_row(record: Record) -> list[str]:
    contact = record.contact
    return [
        record.state,
        record.role,
        contact.name,
        contact.title,
        contact.kind,
        contact.institution.name,
        contact.institution.acronym,
        contact.institution.kind,
        "; ".join(_with_usage(email.address, email.usage) for email in contact.emails),
        "; ".join(_with_usage(phone.number, phone.usage) for phone in contact.phones),
        ", ".join(contact.languages),
        "yes" if contact.is_24_7 else "no",
        contact.working_days,
        _hhmm(contact.opens_at),
        _hhmm(contact.closes_at),
        contact.time_zone,
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


def contact_json(contact: ContactRecord) -> dict:
    return {
        "name": contact.name,
        "title": contact.title,
        "kind": contact.kind,
        "institution": {
            "name": contact.institution.name,
            "acronym": contact.institution.acronym,
            "kind": contact.institution.kind,
        },
        "emails": [{"address": email.address, "usage": email.usage} for email in contact.emails],
        "phones": [{"number": phone.number, "usage": phone.usage} for phone in contact.phones],
        "languages": list(contact.languages),
        "reachable_24_7": contact.is_24_7,
        "working_days": contact.working_days,
        "opens_at": _hhmm(contact.opens_at) or None,
        "closes_at": _hhmm(contact.closes_at) or None,
        "time_zone": contact.time_zone,
        "openpgp_key": contact.pgp_key,
    }


def record_json(record: Record) -> dict:
    return {
        "state": record.state,
        "role": record.role,
        "nominated_on": record.starts_on.isoformat() if record.starts_on else None,
        "contact": contact_json(record.contact),
    }


def exchange_chunks(directory: Directory, records: Iterable[Record]) -> Iterator[str]:
    """The JSON exchange document (schema: exchange/schema/directory-exchange-v1.json), streamed."""
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
