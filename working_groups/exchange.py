"""A work plan as a spreadsheet (CSV or XLSX) and back: one row per product, its line of action repeated.

The columns, named in the first row, are fixed (their names are the file's, not the reader's language):
``line`` (the line of action's position), ``line_title``, ``position`` (the product's within its line),
``title``, ``kind`` (product, activity), ``responsible`` (ISO 3166 alpha-3 codes, separated by spaces),
``deadline`` (as written), ``from`` and ``until`` (YYYY-MM-DD; empty: read from the deadline), ``status``
(not_started, under_way, done, dropped) and ``depends_on`` (other products as ``line.position``, separated by
spaces). Every written text goes through ``enlace.cells``, so no cell runs as a formula and the file imports
back to the same values.

An import is checked whole first (``check``): every bad cell is named by its row and column, and nothing is
written unless none is bad (``apply``, all or nothing). A product is matched by its line and position: the
file's rows change the plan's products in place (their progress stays), add the new ones, and remove those
the file no longer has, unless progress was reported on them.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from directory.models import State
from enlace.cells import csv_writer, restore, xlsx_row
from working_groups.choices import ItemKind, ProductStatus
from working_groups.deadlines import parse_deadline
from working_groups.models import LineOfAction, Product, ProductDependency, ProgressUpdate, WorkPlan

COLUMNS = [
    "line",
    "line_title",
    "position",
    "title",
    "kind",
    "responsible",
    "deadline",
    "from",
    "until",
    "status",
    "depends_on",
]
# The largest file a manager may import: a plan has tens of products, not thousands.
MAX_BYTES = 2 * 1024 * 1024


def plan_rows(plan: WorkPlan) -> list[list[str]]:
    products = list(
        Product.objects.filter(plan=plan)
        .select_related("line")
        .prefetch_related("responsible_states", "depends_on__line")
        .in_plan_order()
    )
    return [
        [
            str(product.line.position),
            product.line.title,
            str(product.position),
            product.title,
            product.kind,
            " ".join(sorted(state.iso3 for state in product.responsible_states.all())),
            product.deadline_text,
            product.due_from.isoformat(),
            product.due_until.isoformat(),
            product.status,
            " ".join(sorted(f"{other.line.position}.{other.position}" for other in product.depends_on.all())),
        ]
        for product in products
    ]


def to_csv(plan: WorkPlan) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(plan_rows(plan))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(plan: WorkPlan) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("plan")
    sheet.append(xlsx_row(sheet, COLUMNS))
    for row in plan_rows(plan):
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class UnreadableFile(ValueError):
    """Not a CSV or XLSX file of a plan; the message says why."""


def read_table(data: bytes) -> list[dict[str, str]]:
    """The file's rows by column name (XLSX recognised by its content, else CSV in UTF-8)."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("The file is too large for a work plan."))
    if data[:4] == b"PK\x03\x04":
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise UnreadableFile(_("The spreadsheet could not be read.")) from error
        rows = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableFile(_("The file is neither an XLSX spreadsheet nor a CSV file in UTF-8.")) from error
        rows = list(csv.reader(io.StringIO(text)))
    if not rows or [cell.strip() for cell in rows[0][: len(COLUMNS)]] != COLUMNS:
        raise UnreadableFile(_("The first row must name the columns: %(columns)s.") % {"columns": ", ".join(COLUMNS)})
    return [
        {name: restore((row[index] if index < len(row) else "").strip()) for index, name in enumerate(COLUMNS)}
        for row in rows[1:]
        if any(cell.strip() for cell in row)
    ]


@dataclass
class Row:
    number: int
    line: int
    line_title: str
    position: int
    title: str
    kind: str
    responsible: list
    deadline: str
    due_from: date
    due_until: date
    status: str
    depends_on: list[tuple[int, int]]


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _bad(report: Report, number: int, column: str, message: str) -> None:
    report.errors.append(
        _("Row %(row)d, column “%(column)s”: %(message)s") % {"row": number, "column": column, "message": message}
    )


def _whole(report: Report, number: int, column: str, text: str) -> int | None:
    if text.isdigit() and int(text) >= 1:
        return int(text)
    _bad(report, number, column, _("a whole number from 1 is expected."))
    return None


def _day(report: Report, number: int, column: str, text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        _bad(report, number, column, _("a date as YYYY-MM-DD is expected."))
        return None


def check(plan: WorkPlan, data: bytes) -> Report:
    """Every row read and checked against the plan's directory; nothing is written."""
    report = Report()
    states = {state.iso3: state for state in State.objects.filter(participations__directory=plan.directory)}
    line_titles: dict[int, str] = {}
    seen: set[tuple[int, int]] = set()
    # Each row's references (its number, its own line and position, whom it depends on), checked once all are read.
    references: list[tuple[int, tuple, list]] = []
    for number, cells in enumerate(read_table(data), start=2):
        errors_before = len(report.errors)
        line = _whole(report, number, "line", cells["line"])
        position = _whole(report, number, "position", cells["position"])
        if not cells["line_title"]:
            _bad(report, number, "line_title", _("the line of action needs a title."))
        elif line is not None and line_titles.setdefault(line, cells["line_title"]) != cells["line_title"]:
            _bad(report, number, "line_title", _("another row gives this line of action another title."))
        if not cells["title"]:
            _bad(report, number, "title", _("the product needs a title."))
        if cells["kind"] not in ItemKind.values:
            _bad(report, number, "kind", _("one of %(values)s is expected.") % {"values": ", ".join(ItemKind.values)})
        if cells["status"] not in ProductStatus.values:
            _bad(
                report,
                number,
                "status",
                _("one of %(values)s is expected.") % {"values": ", ".join(ProductStatus.values)},
            )
        codes = cells["responsible"].upper().replace(",", " ").replace(";", " ").split()
        unknown = [code for code in codes if code not in states]
        if unknown:
            _bad(
                report,
                number,
                "responsible",
                _("not States of the directory: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        due_from = _day(report, number, "from", cells["from"]) if cells["from"] else None
        due_until = _day(report, number, "until", cells["until"]) if cells["until"] else None
        if not (cells["from"] and cells["until"]):
            read = parse_deadline(cells["deadline"])
            if read is None:
                _bad(report, number, "deadline", _("it cannot be read as dates: give “from” and “until”."))
            else:
                due_from, due_until = due_from or read[0], due_until or read[1]
        if due_from and due_until and due_until < due_from:
            _bad(report, number, "until", _("the last day comes before the first."))
        depends_on = []
        for reference in cells["depends_on"].split():
            parts = reference.split(".")
            if len(parts) != 2 or not all(part.isdigit() for part in parts):
                _bad(
                    report, number, "depends_on", _("“%(reference)s” is not line.position.") % {"reference": reference}
                )
            else:
                depends_on.append((int(parts[0]), int(parts[1])))
        references.append((number, (line, position), depends_on))
        if line is not None and position is not None:
            if (line, position) in seen:
                _bad(report, number, "position", _("another row has this line and position."))
            seen.add((line, position))
        if len(report.errors) == errors_before:
            report.rows.append(
                Row(
                    number,
                    line,
                    cells["line_title"],
                    position,
                    cells["title"],
                    cells["kind"],
                    [states[code] for code in codes],
                    cells["deadline"],
                    due_from,
                    due_until,
                    cells["status"],
                    depends_on,
                )
            )
    for number, own, depends_on in references:
        for reference in depends_on:
            if reference == own or reference not in seen:
                _bad(
                    report,
                    number,
                    "depends_on",
                    _("“%(reference)s” is not another product of the file.")
                    % {"reference": f"{reference[0]}.{reference[1]}"},
                )
    kept = {(row.line, row.position) for row in report.rows}
    existing = Product.objects.filter(plan=plan).values_list("pk", "line__position", "position")
    removed = [pk for pk, line, position in existing if (line, position) not in kept]
    if ProgressUpdate.objects.filter(product_id__in=removed).exists():
        report.errors.append(_("Products with progress reported are missing from the file; keep their rows."))
    report.removed = len(removed)
    report.changed = len(existing) - len(removed)
    report.added = len(kept) - report.changed
    return report


def apply(plan: WorkPlan, data: bytes) -> Report:
    """Check the file again and, if no cell is bad, make the plan what it says, in one transaction."""
    report = check(plan, data)
    if not report.is_valid:
        return report
    with transaction.atomic():
        WorkPlan.objects.select_for_update().get(pk=plan.pk)
        kept = {(row.line, row.position) for row in report.rows}
        for product in Product.objects.filter(plan=plan).select_related("line"):
            if (product.line.position, product.position) not in kept:
                product.delete()
        lines = {}
        for row in report.rows:
            if row.line not in lines:
                line, _created = LineOfAction.objects.update_or_create(
                    plan=plan,
                    position=row.line,
                    defaults={"title": row.line_title},
                    create_defaults={"title": row.line_title, "original_language": plan.original_language},
                )
                lines[row.line] = line
        LineOfAction.objects.filter(plan=plan).exclude(position__in=lines).delete()
        products = {}
        for row in report.rows:
            product = Product.objects.filter(plan=plan, line=lines[row.line], position=row.position).first()
            product = product or Product(line=lines[row.line], position=row.position)
            product.title, product.kind, product.deadline_text = row.title, row.kind, row.deadline
            product.due_from, product.due_until, product.status = row.due_from, row.due_until, row.status
            product.save()
            product.responsible_states.set(row.responsible)
            products[(row.line, row.position)] = product
        ProductDependency.objects.filter(product__plan=plan).delete()
        ProductDependency.objects.bulk_create(
            ProductDependency(product=products[(row.line, row.position)], requires=products[reference])
            for row in report.rows
            for reference in row.depends_on
        )
    return report
