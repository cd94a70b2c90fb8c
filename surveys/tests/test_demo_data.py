"""The demo's surveys, built by this app's own demo builder alone (not the whole demo): the OAS regional threat
survey's report shows the threats and sectors the region reported most."""

import random

from django.utils import timezone

from surveys import demo_data, results, services
from surveys.choices import ReportAudience, SurveyStatus
from surveys.models import Participation, Response, Section, Survey


def _build(network):
    demo_data.build(network.oas, timezone.now(), random.Random(20260101))
    return Survey.objects.get(title="Regional cyber threat survey")


def _report(survey):
    return results.report(services.questions_of(survey.current_version), results.respondents_of(survey))


def test_the_demo_threat_survey_is_closed_with_91_answers_and_its_report_published_to_participants(network):
    survey = _build(network)
    assert (survey.status, survey.report_audience) == (SurveyStatus.CLOSED, ReportAudience.PARTICIPANTS)
    assert Response.objects.filter(survey=survey).count() == 91
    assert Participation.objects.filter(survey=survey, submitted_at__isnull=False).count() == 91
    assert survey.localized("title", "es") == "Encuesta regional sobre amenazas cibernéticas"


def test_the_demo_report_shows_malware_phishing_and_ransomware_as_the_most_common_threats(network):
    figures = {question.question.code: question for question in _report(_build(network)).questions}
    assert [count.label for count in figures["threats"].counts[:3]] == ["Malware", "Phishing", "Ransomware"]


def test_the_demo_report_shows_finance_telecommunications_health_and_the_public_sector_most_exposed(network):
    figures = {question.question.code: question for question in _report(_build(network)).questions}
    assert {count.label for count in figures["sectors"].counts[:4]} == {
        "Finance and banking",
        "Telecommunications",
        "Health",
        "Public sector",
    }


def test_the_demo_has_an_open_state_survey_its_coordinators_are_asked_to_answer(network):
    _build(network)
    survey = Survey.objects.get(title="National implementation of the cyber norms")
    assert survey.accepts_answers(timezone.now())
    asked = set(Participation.objects.filter(survey=survey).values_list("user_id", flat=True))
    assert network.coordinator_mex.pk in asked


def test_the_demo_threat_survey_is_written_in_the_seven_interface_languages(network):
    survey = _build(network)
    questions = services.questions_of(survey.current_version)
    assert survey.missing_languages == []
    assert all(question.missing_languages == [] for question in questions)
    assert questions[0].choices.get(code="c1").localized("label", "ar") == "البرمجيات الخبيثة"


def test_every_text_of_the_demo_s_open_state_survey_is_in_the_seven_interface_languages(network):
    _build(network)
    survey = Survey.objects.get(title="National implementation of the cyber norms")
    questions = services.questions_of(survey.current_version)
    written = [
        survey,
        *Section.objects.filter(version=survey.current_version),
        *questions,
        *(choice for question in questions for choice in question.choices.all()),
    ]
    assert [item for item in written if item.missing_languages] == []
    assert survey.localized("title", "zh-hans") == "网络空间规范的国家执行情况"
