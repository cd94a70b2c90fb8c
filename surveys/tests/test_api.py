"""Answering a survey through the REST API with a personal token: the same form, services and rights as the
questionnaire page."""

from django.urls import reverse

from api.models import Access
from api.tests.world import api_client, token_for
from surveys.choices import ResponseStatus
from surveys.models import Response
from surveys.tests.questionnaire import build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``


def _client(user, access=Access.READ_WRITE):
    return api_client(token_for(user, access=access))


def _post(client, name, survey, data):
    return client.post(reverse(f"api:survey-{name}", args=[survey.code]), data, content_type="application/json")


def test_a_token_lists_the_open_surveys_its_user_is_asked_to_answer(respondents):
    survey = new_survey(respondents.network.oas)
    new_survey(respondents.network.oas, title="Draft survey", is_open=False)
    rows = _client(respondents.network.coordinator_mex).get(reverse("api:survey-list")).json()
    rows = rows.get("results", rows)
    assert [row["code"] for row in rows] == [str(survey.code)]


def test_a_token_reads_a_questionnaire_with_its_questions_and_conditions(respondents):
    survey = new_survey(respondents.network.oas)
    data = _client(respondents.network.coordinator_mex).get(reverse("api:survey-detail", args=[survey.code])).json()
    assert [question["code"] for question in data["questions"]] == ["q1", "q2", "q3"]
    assert data["questions"][1]["shown_if"] == {"question": "q1", "choice": "c1"}


def test_a_draft_through_the_api_is_kept_as_the_page_keeps_it(respondents):
    survey = new_survey(respondents.network.oas)
    response = _client(respondents.pocs[0]).put(
        reverse("api:survey-draft", args=[survey.code]),
        {"answers": {"q1": "c1", "q2": "National CERT"}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    kept = Response.objects.get(survey=survey, state=respondents.network.mexico)
    assert kept.status == ResponseStatus.DRAFT
    assert {answer.question.code: answer.value for answer in kept.answers.all()} == {"q1": "c1", "q2": "National CERT"}


def test_an_api_submission_leaving_a_required_question_unanswered_is_refused_with_its_message(respondents):
    survey = new_survey(respondents.network.oas)
    response = _post(_client(respondents.network.coordinator_mex), "submit", survey, {"answers": {"q1": "c1"}})
    assert response.status_code == 400
    assert response.json()["missing"] == ["q2"]
    assert response.json()["detail"] == "Answer the required questions before you submit."
    assert not Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED).exists()


def test_an_api_answer_the_page_would_refuse_is_refused_with_the_page_s_message(respondents):
    survey = new_survey(respondents.network.oas)
    response = _post(_client(respondents.network.coordinator_mex), "draft", survey, {"answers": {"q1": "c9"}})
    assert response.status_code == 400
    assert "Select a valid choice" in response.json()["q1"][0]


def test_a_coordinator_s_token_submits_its_state_s_answer(respondents):
    survey = new_survey(respondents.network.oas)
    response = _post(_client(respondents.network.coordinator_mex), "submit", survey, {"answers": {"q1": "c2"}})
    assert response.status_code == 200, response.content
    assert Response.objects.get(survey=survey, state=respondents.network.mexico).is_submitted


def test_a_point_of_contact_not_named_by_its_coordinator_cannot_submit_the_state_s_answer(respondents):
    survey = new_survey(respondents.network.oas)
    response = _post(_client(respondents.pocs[0]), "submit", survey, {"answers": {"q1": "c2"}})
    assert response.status_code == 403
    assert not Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED).exists()


def test_a_token_of_a_state_the_survey_does_not_ask_cannot_answer_it(respondents):
    survey = new_survey(respondents.network.oas)
    response = _post(_client(respondents.network.coordinator_ken), "submit", survey, {"answers": {"q1": "c2"}})
    assert response.status_code == 404
    assert not Response.objects.filter(survey=survey).exists()


def test_another_state_s_token_answers_for_its_own_state_never_for_mexico(respondents):
    survey = new_survey(respondents.network.oas)
    _post(_client(respondents.network.coordinator_mex), "draft", survey, {"answers": {"q3": "Mexico's draft"}})
    _post(_client(respondents.pocs[1]), "draft", survey, {"answers": {"q3": "Argentina's draft"}})
    mexico = Response.objects.get(survey=survey, state=respondents.network.mexico)
    assert [answer.value for answer in mexico.answers.all()] == ["Mexico's draft"]


def test_a_read_only_token_cannot_answer(respondents):
    survey = new_survey(respondents.network.oas)
    client = _client(respondents.network.coordinator_mex, access=Access.READ)
    assert _post(client, "submit", survey, {"answers": {"q1": "c2"}}).status_code == 403
