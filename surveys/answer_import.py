"""Answers collected outside Enlace, imported by the manager from a spreadsheet (CSV or XLSX).

One row per respondent: a ``state`` column (the State's ISO3 code) for a State's survey, an ``email`` column for
a named or confidential survey of persons, neither for an anonymous one; then one column per question code (a
grid: one per row, ``<question>.<row>``). A choice is written as its code or its label; several choices are
separated by ";"; yes or no as yes/no; a date as YYYY-MM-DD.

Each row is checked by the questionnaire page's own form (``answers.AnswerForm``) and required rules, so an
imported answer is one the page would have accepted. The check (a dry run) names every bad cell — its row, its
column, what is wrong — and writes nothing; importing checks again and writes every row or none.

The reading of the file follows the contacts import's (the kind told by the content, texts a formula-safe export
protected read back as they were); it is this app's own, as the contacts import is an app of the same layer.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts.models import User
from enlace import cells
from surveys import answers, services
from surveys.choices import QuestionKind, ResponseStatus
from surveys.models import Answer, Participation, Question, Response, Survey

MAX_BYTES = 5 * 1024 * 1024
STATE_COLUMN = "state"
EMAIL_COLUMN = "email"
_YES = {"yes", "y", "true", "1", "sí", "si", "oui"}
_NO = {"no", "n", "false", "0", "non"}


@dataclass(frozen=True)
class Problem:
    row: str  # "line 3", as a spreadsheet numbers it
    column: str
    message: str


@dataclass
class Planned:
    """One row that will be written: whose answer (a State, a person or nobody) and what it keeps."""

    line: int
    kept: answers.Kept
    state: object = None
    user: object = None


@dataclass
class Checked:
    planned: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.planned)


def read_rows(data: bytes) -> list[list[str]]:
    """The file's rows as texts (the first is the header). Raises ``ValueError`` with a reader's message."""
    if len(data) > MAX_BYTES:
        raise ValueError(_("The file is larger than 5 MB."))
    if data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise ValueError(_("The file is neither a CSV file nor an Excel (XLSX) workbook.")) from None
        rows = workbook.worksheets[0].iter_rows(values_only=True)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")) from None
        rows = csv.reader(io.StringIO(text, newline=""))
    return [[_text(cell) for cell in row] for row in rows]


def _text(value) -> str:
    if value is None:
        return ""
    if type(value) is not str:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date | time):
            return value.isoformat()
        value = str(value)
    return cells.restore(value).strip()


def _columns_of(survey: Survey, questions: list[Question]) -> dict[str, tuple[Question, str]]:
    """Each column the file may have: {column: (question, grid row code or "")}."""
    columns = {}
    for question in questions:
        if question.kind == QuestionKind.MATRIX:
            for row in question.rows.all():
                columns[f"{question.code}.{row.code}"] = (question, row.code)
        else:
            columns[question.code] = (question, "")
    return columns


def who_column(survey: Survey) -> str:
    if survey.is_anonymous:
        return ""
    return STATE_COLUMN if survey.is_per_state else EMAIL_COLUMN


def check(survey: Survey, rows: list[list[str]]) -> Checked:
    """Every bad cell of the file, and the rows to write when there is none. Writes nothing."""
    result = Checked()
    if not rows:
        result.problems.append(Problem("", "", _("The file is empty.")))
        return result
    questions = services.questions_of(survey.current_version)
    columns = _columns_of(survey, questions)
    who = who_column(survey)
    header = [cell.strip() for cell in rows[0]]
    for name in header:
        if name and name != who and name not in columns:
            result.problems.append(
                Problem(
                    "line 1", name, _("This column is neither a question's code nor %(who)s.") % {"who": who or "—"}
                )
            )
    if who and who not in header:
        result.problems.append(Problem("line 1", who, _("This column is missing.")))
    if result.problems:
        return result
    seen: dict[object, int] = {}
    states = {state.iso3.upper(): state for state in services.participating_states(survey)}
    for line, row in enumerate(rows[1:], start=2):
        cells_of = {name: (row[index] if index < len(row) else "") for index, name in enumerate(header) if name}
        if not any(cells_of.values()):
            continue
        planned = Planned(line=line, kept={})
        where = f"line {line}"
        if who == STATE_COLUMN:
            planned.state = states.get(cells_of[who].upper())
            if planned.state is None:
                result.problems.append(Problem(where, who, _("No participating State has this ISO3 code.")))
        elif who == EMAIL_COLUMN:
            planned.user = User.objects.filter(
                email__iexact=cells_of[who], is_active=True, contact__institution__state__in=states.values()
            ).first()
            if planned.user is None:
                result.problems.append(
                    Problem(where, who, _("No point of contact of a participating State has this e-mail address."))
                )
        respondent = planned.state or planned.user
        if respondent is not None:
            if respondent in seen:
                result.problems.append(
                    Problem(where, who, _("The same respondent is on line %(line)s too.") % {"line": seen[respondent]})
                )
            seen[respondent] = line
            lookup = {"state": planned.state} if planned.state else {"user": planned.user}
            if Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED, **lookup).exists():
                result.problems.append(Problem(where, who, _("This respondent's answer is already submitted.")))
        problems, planned.kept = _check_answers(questions, columns, cells_of, where)
        result.problems.extend(problems)
        result.planned.append(planned)
    if not result.planned and not result.problems:
        result.problems.append(Problem("", "", _("The file has no rows under its header.")))
    return result


def _check_answers(questions, columns, cells_of, where) -> tuple[list[Problem], answers.Kept]:
    """The page's form fed with the row's cells: its messages, cell by cell, and what it keeps."""
    data: dict = {}
    column_of_field: dict[str, str] = {}
    problems = []
    for column, (question, row_code) in columns.items():
        text = cells_of.get(column, "")
        name = answers.field_name(question)
        if row_code:
            name = f"{name}__{row_code}"
        column_of_field[name] = column
        if not text:
            continue
        labels = {choice.for_reader.label.casefold(): choice.code for choice in question.choices.all()}
        labels.update({choice.label.casefold(): choice.code for choice in question.choices.all()})
        if question.kind == QuestionKind.MULTIPLE:
            data[name] = [labels.get(part.strip().casefold(), part.strip()) for part in text.split(";") if part.strip()]
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MATRIX):
            data[name] = labels.get(text.casefold(), text)
        elif question.kind == QuestionKind.YES_NO:
            lowered = text.casefold()
            data[name] = "yes" if lowered in _YES else "no" if lowered in _NO else text
        else:
            data[name] = text
    form = answers.AnswerForm(data=data, questions=questions)
    if not form.is_valid():
        for name, errors in form.errors.items():
            problems += [Problem(where, column_of_field.get(name, name), message) for message in errors]
        return problems, {}
    kept = form.kept()
    for question in answers.missing(questions, kept):
        column = question.code if question.kind != QuestionKind.MATRIX else f"{question.code}.*"
        problems.append(Problem(where, column, _("An answer is required.")))
    return problems, kept


def apply(survey: Survey, rows: list[list[str]], *, now: datetime | None = None) -> Checked:
    """Check the file again and, when no cell is wrong, write every row as a submitted answer; else none."""
    now = now or timezone.now()
    result = check(survey, rows)
    if not result.ok:
        return result
    version = survey.current_version
    questions = {question.code: question for question in services.questions_of(version)}
    with transaction.atomic():
        for planned in result.planned:
            if survey.is_anonymous:
                response = Response.objects.create(
                    survey=survey,
                    version=version,
                    anonymous=True,
                    status=ResponseStatus.SUBMITTED,
                )
            else:
                lookup = {"state": planned.state} if planned.state else {"user": planned.user}
                response, _created = Response.objects.get_or_create(
                    survey=survey, **lookup, defaults={"version": version}
                )
                response.answers.all().delete()
                response.status, response.submitted_at, response.submitted_on = (
                    ResponseStatus.SUBMITTED,
                    now,
                    now.date(),
                )
                response.saved_at = now
                response.save(update_fields=["status", "submitted_at", "submitted_on", "saved_at"])
                if planned.user is not None:
                    Participation.objects.filter(survey=survey, user=planned.user).update(submitted_at=now)
            Answer.objects.bulk_create(
                Answer(response=response, question=questions[code], value=value, other_text=other)
                for code, (value, other) in planned.kept.items()
            )
            # The row is the whole answer: files given as evidence before are removed with the answers they held.
            services.discard_unused_evidence(response.evidence_files.all(), planned.kept)
    return result
