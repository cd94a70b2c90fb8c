"""Answering a survey: conditional questions, drafts, required questions, one answer per State, who submits it,
reopening, and a State never seeing another's answer."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from access.principal import principal_of
from surveys import answers, services
from surveys.choices import ResponseStatus
from surveys.models import Response
from surveys.tests.questionnaire import build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``


def _questions(survey):
    return services.questions_of(survey.current_version)


def _save(survey, user, kept, *, submit=False):
    return services.save_answers(survey, principal_of(user), user, kept, submit=submit)


def test_a_question_is_shown_only_when_the_earlier_answer_names_its_choice(respondents):
    questions = _questions(new_survey(respondents.network.oas))
    q2 = questions[1]
    codes = {question.pk: question.code for question in questions}
    assert answers.is_shown(q2, {"q1": ("c1", "")}, codes)
    assert not answers.is_shown(q2, {"q1": ("c2", "")}, codes)


def test_a_hidden_question_s_answer_is_dropped_and_its_requirement_waived(respondents):
    questions = _questions(new_survey(respondents.network.oas))
    kept = answers.visible_only(questions, {"q1": ("c2", ""), "q2": ("National CERT", "")})
    assert kept == {"q1": ("c2", "")}
    assert answers.missing(questions, kept) == []
    assert [question.code for question in answers.missing(questions, {"q1": ("c1", "")})] == ["q2"]


def test_a_draft_is_kept_incomplete_and_resumed_on_the_next_visit(respondents, client):
    survey = new_survey(respondents.network.oas)
    client.force_login(respondents.pocs[0])
    url = reverse("surveys:answer", args=[survey.code])
    client.post(url, {"q_q3": "We are drafting a law.", "save": ""})
    body = client.get(url).content.decode()
    assert "We are drafting a law." in body
    response = Response.objects.get(survey=survey, state=respondents.network.mexico)
    assert response.status == ResponseStatus.DRAFT


def test_a_required_question_left_unanswered_refuses_the_submission_with_its_message(respondents, client):
    survey = new_survey(respondents.network.oas)
    client.force_login(respondents.network.coordinator_mex)
    response = client.post(reverse("surveys:answer", args=[survey.code]), {"q_q1": "c1", "review": ""})
    body = response.content.decode()
    assert "Answer the required questions before you submit" in body
    assert 'href="#question-q2"' in body
    assert not Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED).exists()


def test_a_state_s_answer_prepared_by_its_point_of_contact_is_submitted_by_its_coordinator(respondents, client):
    survey = new_survey(respondents.network.oas)
    _save(survey, respondents.pocs[0], {"q1": ("c2", "")})
    client.force_login(respondents.network.coordinator_mex)
    client.post(reverse("surveys:confirm", args=[survey.code]))
    [response] = Response.objects.filter(survey=survey)
    assert (response.state, response.status, response.submitted_by) == (
        respondents.network.mexico,
        ResponseStatus.SUBMITTED,
        respondents.network.coordinator_mex,
    )


def test_a_point_of_contact_submits_the_state_s_answer_only_when_the_coordinator_names_them(respondents):
    survey = new_survey(respondents.network.oas)
    poc = respondents.pocs[0]
    draft = _save(survey, poc, {"q1": ("c2", "")})
    with pytest.raises(services.NotAllowedNow):
        _save(survey, poc, {"q1": ("c2", "")}, submit=True)
    services.name_submitter(draft, poc)
    assert _save(survey, poc, {"q1": ("c2", "")}, submit=True).is_submitted


def test_a_state_survey_accepts_one_submission_per_state(respondents):
    survey = new_survey(respondents.network.oas)
    coordinator = respondents.network.coordinator_mex
    first = _save(survey, coordinator, {"q1": ("c2", "")}, submit=True)
    with pytest.raises(services.NotAllowedNow):
        _save(survey, respondents.pocs[0], {"q1": ("c1", "")}, submit=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, version=first.version, state=respondents.network.mexico)


def test_the_manager_reopens_a_submitted_answer_for_its_state_to_change(respondents, client):
    survey = new_survey(respondents.network.oas)
    submitted = _save(survey, respondents.network.coordinator_mex, {"q1": ("c2", "")}, submit=True)
    client.force_login(respondents.network.manager)
    client.post(reverse("surveys:reopen", args=[submitted.pk]))
    submitted.refresh_from_db()
    assert submitted.status == ResponseStatus.DRAFT
    assert _save(survey, respondents.pocs[0], {"q1": ("c1", ""), "q2": ("CERT", "")}).answers.count() == 2


def test_a_state_cannot_see_another_state_s_answer(respondents, client):
    survey = new_survey(respondents.network.oas)
    mexican = _save(survey, respondents.pocs[0], {"q3": ("Confidential to Mexico", "")})
    client.force_login(respondents.pocs[1])
    assert client.get(reverse("surveys:response", args=[mexican.pk])).status_code == 404
    client.force_login(respondents.pocs[0])
    page = client.get(reverse("surveys:response", args=[mexican.pk]))
    assert "Confidential to Mexico" in page.content.decode()
