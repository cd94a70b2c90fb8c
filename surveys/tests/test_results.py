"""The report's figures, computed from the submitted answers: counts and percentages per choice, ranked; a grid
as a table and a heat map of the same cells; numbers as a distribution; free texts without names, sorted; no
figure for a group of fewer than five answers, nor one that subtraction would give away."""

from decimal import Decimal

import pytest

from surveys import results
from surveys.choices import QuestionKind
from surveys.models import Section
from surveys.results import Respondent
from surveys.tests.questionnaire import add_question, new_survey


@pytest.fixture
def section(network):
    survey = new_survey(network.oas, is_open=False)
    return Section.objects.create(version=survey.current_version, title="Threats", position=2)


def _people(*answers, region="americas") -> list[Respondent]:
    return [Respondent(region=region, answers=answer) for answer in answers]


def test_each_choice_is_counted_with_its_percentage_of_those_who_answered(section):
    question = add_question(
        section, "t1", QuestionKind.MULTIPLE, "Threats seen", choices=["Malware", "Phishing", "DDoS"]
    )
    people = _people(
        {"t1": (["c1", "c2"], "")}, {"t1": (["c1"], "")}, {"t1": (["c1", "c3"], "")}, {"t1": (["c2"], "")}, {}
    )
    figures = results.choice_counts(question, people)
    assert figures.answered == 4
    assert [(count.label, count.count, count.pct) for count in figures.counts] == [
        ("Malware", 3, 75.0),
        ("Phishing", 2, 50.0),
        ("DDoS", 1, 25.0),
    ]


def test_choices_are_ranked_most_chosen_first_ties_in_the_questionnaires_order(section):
    question = add_question(section, "t1", QuestionKind.SINGLE, "Main threat", choices=["Malware", "Phishing", "DDoS"])
    people = _people({"t1": ("c3", "")}, {"t1": ("c3", "")}, {"t1": ("c2", "")}, {"t1": ("c1", "")})
    figures = results.choice_counts(question, people)
    assert [count.code for count in figures.counts] == ["c3", "c1", "c2"]
    assert [count.width for count in figures.counts] == [100.0, 50.0, 50.0]


def test_a_grids_table_and_heat_map_are_drawn_from_the_same_cells(section):
    question = add_question(
        section, "g1", QuestionKind.MATRIX, "Capacity", choices=["Low", "High"], rows=["Detection", "Response"]
    )
    people = _people(
        {"g1": ({"r1": "c1", "r2": "c2"}, "")}, {"g1": ({"r1": "c1", "r2": "c2"}, "")}, {"g1": ({"r1": "c2"}, "")}
    )
    grid = results.matrix(question, people).matrix
    assert grid.columns == ["Low", "High"]
    detection, response = grid.rows
    assert [(cell.count, cell.pct) for cell in detection.cells] == [(2, 66.7), (1, 33.3)]
    assert [(cell.count, cell.pct) for cell in response.cells] == [(0, 0.0), (2, 100.0)]
    # The heat map's shade follows the same share: white for none, the full blue for all of the row.
    assert response.cells[0].colour == "#ffffff" and response.cells[1].colour == "#084298"
    assert (response.cells[0].dark, response.cells[1].dark) == (False, True)
    assert detection.cells[0].colour == results.shade(2 / 3)


def test_numbers_are_shown_as_a_distribution(section):
    question = add_question(section, "n1", QuestionKind.NUMBER, "Incidents handled")
    people = _people(*({"n1": (str(value), "")} for value in [0, 10, 20, 30, 40, 100]))
    distribution = results.numbers(question, people).distribution
    assert (distribution.count, distribution.smallest, distribution.largest) == (6, Decimal(0), Decimal(100))
    assert distribution.median == Decimal(25)
    assert [band.count for band in distribution.bands] == [2, 2, 1, 0, 1]


def test_free_texts_are_listed_without_names_in_the_order_of_their_content(section):
    question = add_question(section, "x1", QuestionKind.LONG_TEXT, "Anything else?")
    people = _people({"x1": ("zebra", "")}, {"x1": ("Apple", "")}, {"x1": ("mango", "")})
    assert results.texts(question, people).texts == ["Apple", "mango", "zebra"]


def test_fewer_than_five_answers_give_a_report_without_any_figure(section):
    question = add_question(section, "t1", QuestionKind.SINGLE, "Main threat", choices=["Malware"])
    report = results.report([question], _people(*[{"t1": ("c1", "")}] * 4))
    assert report.too_few and report.questions == [] and report.regions == []


def test_a_region_with_fewer_than_five_answers_is_hidden_with_the_next_smallest():
    people = [
        *_people(*[{}] * 9, region="americas"),
        *_people(*[{}] * 6, region="europe"),
        *_people(*[{}] * 7, region="asia"),
        *_people(*[{}] * 2, region="africa"),
    ]
    groups = {group.key: group.count for group in results.by_region(people)}
    # Africa is too small; Europe, the next smallest, goes too, or 24 less the others would give Africa's 2.
    assert groups == {"americas": 9, "europe": None, "asia": 7, "africa": None}


def test_two_small_regions_hide_only_themselves():
    assert results.suppressed({"americas": 9, "asia": 7, "africa": 2, "europe": 3}) == {"africa", "europe"}


def test_anonymous_answers_have_no_region_breakdown():
    assert results.by_region(_people(*[{}] * 8, region=results.UNKNOWN_REGION)) == []


def test_the_aggregated_export_hides_the_same_groups_as_the_report(section):
    question = add_question(section, "t1", QuestionKind.SINGLE, "Main threat", choices=["Malware"])
    people = [*_people(*[{"t1": ("c1", "")}] * 6, region="americas"), *_people({"t1": ("c1", "")}, region="europe")]
    people += _people(*[{"t1": ("c1", "")}] * 5, region="asia")
    rows = results.report_rows(results.report([question], people))
    regions = {row[1]: row[2] for row in rows if row[0] == "Region"}
    assert regions == {"Americas": 6, "Asia": "", "Europe": ""}
    assert ["t1", "Malware", 12, 100.0] in rows


def test_the_aggregated_export_of_too_few_answers_holds_no_figure(section):
    question = add_question(section, "t1", QuestionKind.SINGLE, "Main threat", choices=["Malware"])
    rows = results.report_rows(results.report([question], _people(*[{"t1": ("c1", "")}] * 3)))
    assert len(rows) == 1 and not any(isinstance(cell, int) for cell in rows[0])


def test_a_question_fewer_than_five_answered_shows_no_figure_or_text(section):
    rare = add_question(section, "x1", QuestionKind.LONG_TEXT, "Why?")
    common = add_question(section, "t1", QuestionKind.SINGLE, "Main threat", choices=["Malware"])
    people = _people(*[{"t1": ("c1", "")}] * 6, *[{"t1": ("c1", ""), "x1": ("Only us", "")}] * 2)
    figures = {item.question.code: item for item in results.report([rare, common], people).questions}
    assert figures["x1"].too_few and figures["x1"].texts == []
    assert not figures["t1"].too_few and figures["t1"].counts[0].count == 8


def test_a_grid_row_fewer_than_five_answered_shows_no_cell(section):
    question = add_question(section, "g1", QuestionKind.MATRIX, "Capacity", choices=["Low", "High"], rows=["A", "B"])
    people = _people(*[{"g1": ({"r1": "c1"}, "")}] * 5, *[{"g1": ({"r1": "c2", "r2": "c1"}, "")}] * 2)
    [figures] = results.report([question], people).questions
    first, second = figures.matrix.rows
    assert not first.too_few and [cell.count for cell in first.cells] == [5, 2]
    assert second.too_few and [cell.count for cell in second.cells] == [0, 0]
