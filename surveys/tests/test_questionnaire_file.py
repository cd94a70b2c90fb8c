"""A questionnaire exported as a file and imported into another survey gives the same questions; a file that is
not one is refused whole."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys import questionnaire_file
from surveys.models import Question
from surveys.tests.questionnaire import build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``


def test_an_exported_questionnaire_imported_into_another_survey_gives_the_same_questions(respondents, client):
    source = new_survey(respondents.network.oas)
    client.force_login(respondents.network.manager)
    exported = client.get(reverse("surveys:export", args=[source.code]))
    target = new_survey(respondents.network.oas, title="National survey of implementation", is_open=False)
    upload = SimpleUploadedFile("questionnaire.json", exported.content, content_type="application/json")
    client.post(reverse("surveys:import", args=[target.code]), {"file": upload})
    assert questionnaire_file.export_questionnaire(target.current_version) == json.loads(exported.content)
    q2 = Question.objects.get(version=target.current_version, code="q2")
    assert (q2.shown_if.question.version, q2.shown_if.code) == (target.current_version, "c1")


def test_a_file_that_is_not_a_questionnaire_is_refused_and_the_questions_stay(respondents, client):
    target = new_survey(respondents.network.oas, is_open=False)
    client.force_login(respondents.network.manager)
    upload = SimpleUploadedFile("questionnaire.json", b'{"format": "something else"}')
    page = client.post(reverse("surveys:import", args=[target.code]), {"file": upload})
    assert "The file is not a questionnaire exported from Enlace." in page.content.decode()
    assert Question.objects.filter(version=target.current_version).count() == 3
