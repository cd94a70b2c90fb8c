"""An anonymous survey keeps nothing that links an answer to the person who gave it: the answer's rows have no
column naming a person or a State, random keys, and no moment; only "has answered" is kept, apart. A
confidential answer is its respondent's and the managers' only."""

import os

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from access.principal import principal_of
from enlace.testing.factories import ContactFactory, InstitutionFactory, point_of_contact
from repository.pdf import make_pdf
from surveys import services
from surveys.choices import Anonymity, QuestionKind, RespondentKind
from surveys.models import Answer, EvidenceFile, Participation, Response, Section
from surveys.tests.questionnaire import add_question, build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``


def _anonymous(respondents):
    return new_survey(respondents.network.oas, respondent_kind=RespondentKind.PER_PERSON, anonymity=Anonymity.ANONYMOUS)


def _columns(model) -> dict:
    with connection.cursor() as cursor:
        return {
            column.name: column
            for column in connection.introspection.get_table_description(cursor, model._meta.db_table)
        }


def test_an_anonymous_survey_stores_nothing_that_links_an_answer_to_a_person(respondents):
    survey = _anonymous(respondents)
    person = respondents.pocs[0]
    services.save_answers(survey, principal_of(person), person, {"q1": ("c2", ""), "q3": ("Mine", "")}, submit=True)
    [response] = Response.objects.filter(survey=survey)
    # Of the answer's tables, only these columns point anywhere: to the survey and its questions, never a person.
    pointing = {
        model: {field.column for field in model._meta.concrete_fields if field.is_relation}
        for model in (Response, Answer)
    }
    assert pointing[Answer] == {"response_id", "question_id"}
    row = (
        Response.objects.filter(pk=response.pk)
        .values(*pointing[Response], "saved_at", "submitted_at", "submitted_on")
        .get()
    )
    assert {column: value for column, value in row.items() if value is not None} == {
        "survey_id": survey.pk,
        "version_id": survey.current_version.pk,
    }
    assert set(_columns(Response)) - set(row) <= {"id", "anonymous", "status"}
    # Random keys: no counter to line the answer up with the moment the person answered.
    assert isinstance(response.pk, type(Answer.objects.filter(response=response).first().pk))
    assert len(str(response.pk)) == 36
    # "Has answered" is kept apart, with no key to any response.
    participation = Participation.objects.get(survey=survey, user=person)
    assert participation.submitted_at is not None and participation.draft == {}
    assert not any(field.related_model is Response for field in Participation._meta.concrete_fields)


def test_an_anonymous_draft_is_kept_with_the_person_until_it_is_submitted(respondents):
    survey = _anonymous(respondents)
    person = respondents.pocs[0]
    services.save_answers(survey, principal_of(person), person, {"q3": ("Draft", "")}, submit=False)
    assert services.anonymous_draft(survey, person) == {"q3": ("Draft", "")}
    assert not Response.objects.filter(survey=survey).exists()


def test_an_anonymous_person_answers_once(respondents):
    survey = _anonymous(respondents)
    person = respondents.pocs[0]
    services.save_answers(survey, principal_of(person), person, {"q1": ("c2", "")}, submit=True)
    with pytest.raises(services.NotAllowedNow):
        services.save_answers(survey, principal_of(person), person, {"q1": ("c2", "")}, submit=True)


def test_a_state_s_answer_cannot_be_anonymous(respondents):
    survey = new_survey(respondents.network.oas, is_open=False)
    survey.anonymity = Anonymity.ANONYMOUS
    with pytest.raises(IntegrityError), transaction.atomic():
        survey.save()


def test_a_confidential_answer_is_seen_by_its_respondent_and_the_manager_not_by_a_colleague(respondents, client):
    survey = new_survey(
        respondents.network.oas, respondent_kind=RespondentKind.PER_PERSON, anonymity=Anonymity.CONFIDENTIAL
    )
    person = respondents.pocs[0]
    answer = services.save_answers(
        survey, principal_of(person), person, {"q1": ("c2", ""), "q3": ("Ours alone", "")}, submit=True
    )
    colleague = point_of_contact(ContactFactory(institution=InstitutionFactory(state=respondents.network.mexico)))
    url = reverse("surveys:response", args=[answer.pk])
    for reader, status in ((person, 200), (respondents.network.manager, 200), (colleague, 404)):
        client.force_login(reader)
        assert client.get(url).status_code == status


def test_an_anonymous_answer_s_evidence_file_keeps_nothing_that_links_it_to_the_person(
    respondents, client, django_capture_on_commit_callbacks
):
    survey = new_survey(
        respondents.network.oas,
        respondent_kind=RespondentKind.PER_PERSON,
        anonymity=Anonymity.ANONYMOUS,
        is_open=False,
    )
    section = Section.objects.create(version=survey.current_version, title="Evidence", position=2)
    add_question(section, "e1", QuestionKind.EVIDENCE, "The strategy, as published")
    services.open_survey(survey)
    person = respondents.pocs[0]
    client.force_login(person)
    upload = SimpleUploadedFile("Desk 0 - strategy.pdf", make_pdf(["Strategy"]), content_type="application/pdf")
    client.post(reverse("surveys:answer", args=[survey.code]), {"q_q1": "c2", "q_e1_file": upload, "save": ""})
    drafted = EvidenceFile.objects.get()
    # While a draft, the file is the person's, as the rest of the draft: they may read it again.
    assert drafted.participation.user == person and drafted.response is None
    assert client.get(drafted.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:confirm", args=[survey.code]))
    [kept] = EvidenceFile.objects.all()
    [response] = Response.objects.filter(survey=survey)
    # Stored again on the answer, which names nobody: a new key and a new name, none ever kept with the person.
    assert kept.response == response and kept.participation is None
    assert kept.pk != drafted.pk and kept.file.name != drafted.file.name
    assert not default_storage.exists(drafted.file.name)
    assert Answer.objects.get(response=response, question__code="e1").value == {"link": None, "file": str(kept.pk)}
    # The row has no moment and no column naming a person; the name is random; the file's time is everyone's.
    assert set(_columns(EvidenceFile)) == {"id", "survey_id", "response_id", "participation_id", "file", "file_type"}
    assert "Desk" not in kept.file.name and survey.code.hex not in kept.file.name
    assert os.stat(kept.file.path).st_mtime == 0
    # Submitted, it is no longer shown to its author; the managers read it without knowing whose it is.
    assert client.get(kept.get_absolute_url()).status_code == 404
    client.force_login(respondents.network.manager)
    assert client.get(kept.get_absolute_url()).status_code == 200
