"""A survey's answers as a spreadsheet (CSV or XLSX), as the reader may see them.

The managers export every answer (drafts too, their status column says so; an anonymous survey has only
submitted ones); a State's coordinator or point of contact only their State's answer
(a person only their own). Names: the State's, or the person's, when the survey is named or confidential (the
managers know who said what); an anonymous survey's export has no name column at all, and its rows are sorted
by their content, so their order says nothing of who answered when. Every cell is formula-safe (``enlace.cells``).

This is the raw answers of the reader's own scope, so the small-group rule does not apply to it; it applies to
the aggregated report and its export (``results.report_rows``).
"""

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook

from enlace import cells
from surveys.answers import shown_text
from surveys.choices import QuestionKind
from surveys.models import Question, Response, Survey


def header(survey: Survey, questions: Sequence[Question]) -> list[str]:
    names: list[str] = []
    if not survey.is_anonymous:
        names = [_("State")] if survey.is_per_state else [_("Name"), _("E-mail"), _("State")]
        names += [_("Status"), _("Submitted on")]
    columns = []
    for question in questions:
        if question.kind == QuestionKind.MATRIX:
            columns += [f"{question.code}.{row.code}" for row in question.rows.all()]
        else:
            columns.append(question.code)
    return [*names, *columns]


def _cells(question: Question, kept: dict) -> list[str]:
    value, other = kept.get(question.code, (None, ""))
    if question.kind == QuestionKind.MATRIX:
        labels = {choice.code: choice.for_reader.label for choice in question.choices.all()}
        return [labels.get((value or {}).get(row.code), "") for row in question.rows.all()]
    if value is None and not other:
        return [""]
    return shown_text(question, value, other)


def rows(survey: Survey, questions: Sequence[Question], responses: Sequence[Response]) -> list[list]:
    """The header and one row per answer; anonymous rows sorted by content."""
    body = []
    for response in responses:
        kept = {answer.question.code: (answer.value, answer.other_text) for answer in response.answers.all()}
        answered = [cell for question in questions for cell in _cells(question, kept)]
        if survey.is_anonymous:
            body.append(answered)
            continue
        if survey.is_per_state:
            who = [str(response.state)]
        else:
            user = response.user
            state = getattr(getattr(getattr(user, "contact", None), "institution", None), "state", None)
            who = [user.name, user.email, str(state or "")]
        submitted = response.submitted_on.isoformat() if response.submitted_on else ""
        body.append([*who, str(response.get_status_display()), submitted, *answered])
    if survey.is_anonymous:
        body.sort()
    return [header(survey, questions), *body]


def csv_file(table: Sequence[Sequence]) -> str:
    output = io.StringIO()
    cells.csv_writer(output).writerows(table)
    return output.getvalue()


def xlsx_file(table: Sequence[Sequence], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in table:
        sheet.append(cells.xlsx_row(sheet, row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
