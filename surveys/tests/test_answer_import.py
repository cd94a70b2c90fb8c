"""Answers collected outside Enlace, imported by the manager from a spreadsheet: a dry run names every bad cell
and imports nothing; importing writes every row, or none."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from surveys import answer_import
from surveys.answer_import import Problem
from surveys.choices import ResponseStatus
from surveys.models import Response
from surveys.tests.questionnaire import build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``

GOOD = [["state", "q1", "q2", "q3"], ["MEX", "Yes, a strategy", "National CERT", ""], ["ARG", "c2", "", "Later"]]


def test_a_dry_run_names_every_bad_cell_and_imports_nothing(respondents):
    survey = new_survey(respondents.network.oas)
    rows = [
        ["state", "q1", "q2", "q9"],
        ["MEX", "Maybe", "", ""],
        ["XXX", "c1", "", ""],
    ]
    checked = answer_import.check(survey, rows)
    assert checked.problems == [Problem("line 1", "q9", "This column is neither a question's code nor state.")]
    rows = [row[:3] for row in rows]
    checked = answer_import.check(survey, rows)
    assert [(problem.row, problem.column) for problem in checked.problems] == [
        ("line 2", "q1"),
        ("line 3", "state"),
        ("line 3", "q2"),
    ]
    assert "Select a valid choice" in checked.problems[0].message
    assert checked.problems[2].message == "An answer is required."
    assert not Response.objects.filter(survey=survey).exists()


def test_applying_a_file_with_one_bad_cell_imports_no_row(respondents):
    survey = new_survey(respondents.network.oas)
    result = answer_import.apply(survey, [*GOOD, ["MEX", "c2", "", ""]])
    assert [(problem.row, problem.column) for problem in result.problems] == [("line 4", "state")]
    assert not Response.objects.filter(survey=survey).exists()


def test_applying_a_correct_file_imports_every_row_as_a_submitted_answer(respondents):
    survey = new_survey(respondents.network.oas)
    assert answer_import.apply(survey, GOOD).ok
    mexico = Response.objects.get(survey=survey, state=respondents.network.mexico)
    argentina = Response.objects.get(survey=survey, state=respondents.network.argentina)
    assert mexico.status == argentina.status == ResponseStatus.SUBMITTED
    assert {answer.question.code: answer.value for answer in mexico.answers.all()} == {
        "q1": "c1",
        "q2": "National CERT",
    }
    assert {answer.question.code: answer.value for answer in argentina.answers.all()} == {"q1": "c2", "q3": "Later"}


def test_the_manager_checks_then_imports_an_xlsx_file_from_the_page(respondents, client):
    survey = new_survey(respondents.network.oas)
    workbook = Workbook()
    for row in GOOD:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    address = reverse("surveys:answers_import", args=[survey.code])
    client.force_login(respondents.network.manager)

    def upload(button):
        return client.post(address, {"file": SimpleUploadedFile("answers.xlsx", content.getvalue()), button: "1"})

    assert 'id="import-ready"' in upload("check").content.decode()
    assert not Response.objects.filter(survey=survey).exists()
    assert upload("apply").status_code == 302
    assert Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED).count() == 2
