"""The manager builds a questionnaire: texts in several languages with the missing ones shown; the questions of
an open survey do not change; a condition names only an earlier question; the list's queries do not grow with its
surveys."""

from django.urls import reverse

from access.principal import principal_of
from surveys import services
from surveys.choices import Anonymity, QuestionKind, RespondentKind
from surveys.models import Question, Section
from surveys.tests.questionnaire import add_question, build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``


def _question_form(**fields) -> dict:
    return {
        "original_language": "en",
        "code": "q9",
        "kind": "single",
        "position": "1",
        "text_en": "Is there a national CERT?",
        "text_es": "¿Existe un CERT nacional?",
        "choices_en": "Yes\nNo",
        "choices_es": "Sí\nNo",
        **fields,
    }


def test_a_question_with_choices_is_written_in_two_languages_and_the_others_are_shown_missing(respondents, client):
    survey = new_survey(respondents.network.oas, is_open=False)
    section = survey.current_version.sections.get()
    client.force_login(respondents.network.manager)
    client.post(reverse("surveys:question_new", args=[section.pk]), _question_form())
    question = Question.objects.get(version=survey.current_version, code="q9")
    assert [choice.localized("label", "es") for choice in question.choices.all()] == ["Sí", "No"]
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "Missing languages:" in page and "French" in page


def test_choices_in_another_language_must_match_the_original_line_for_line(respondents, client):
    survey = new_survey(respondents.network.oas, is_open=False)
    section = survey.current_version.sections.get()
    client.force_login(respondents.network.manager)
    page = client.post(reverse("surveys:question_new", args=[section.pk]), _question_form(choices_es="Sí"))
    assert "Give as many lines as in the original language" in page.content.decode()


def test_the_questions_of_an_open_survey_do_not_change(respondents, client):
    survey = new_survey(respondents.network.oas)
    question = Question.objects.get(version=survey.current_version, code="q3")
    client.force_login(respondents.network.manager)
    client.post(reverse("surveys:question_edit", args=[question.pk]), _question_form(code="q3", kind="long_text"))
    question.refresh_from_db()
    assert question.text == "Anything else?"
    assert survey.current_version.is_frozen


def test_the_list_reads_as_many_queries_for_one_survey_as_for_ten(respondents, client, django_assert_num_queries):
    new_survey(respondents.network.oas)
    client.force_login(respondents.pocs[0])
    url = reverse("surveys:list", args=[respondents.network.oas.slug])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for number in range(9):
        new_survey(respondents.network.oas, title=f"Survey {number}")
    with django_assert_num_queries(QUERIES):
        body = client.get(url).content.decode()
    assert body.count("Survey ") >= 9


QUERIES = 6


def test_a_new_question_may_depend_only_on_the_questions_before_it(respondents, client):
    survey = new_survey(respondents.network.oas, is_open=False)
    first = survey.current_version.sections.get()
    later = Section.objects.create(version=survey.current_version, title="Later", position=2)
    add_question(later, "k1", QuestionKind.SINGLE, "A later question?", choices=["Yes", "No"])
    client.force_login(respondents.network.manager)
    page = client.get(reverse("surveys:question_new", args=[first.pk])).content.decode()
    assert "q1 = Yes, a strategy" in page
    assert "k1 = Yes" not in page


def test_the_manager_s_survey_page_reads_as_many_queries_for_one_answer_as_for_two(
    respondents, client, django_assert_num_queries
):
    survey = new_survey(
        respondents.network.oas, respondent_kind=RespondentKind.PER_PERSON, anonymity=Anonymity.CONFIDENTIAL
    )
    client.force_login(respondents.network.manager)
    first, second = respondents.pocs
    services.save_answers(survey, principal_of(first), first, {"q1": ("c2", "")}, submit=True)
    client.get(survey.get_absolute_url())
    with django_assert_num_queries(MANAGER_PAGE_QUERIES):
        client.get(survey.get_absolute_url())
    services.save_answers(survey, principal_of(second), second, {"q1": ("c2", "")}, submit=False)
    with django_assert_num_queries(MANAGER_PAGE_QUERIES):
        body = client.get(survey.get_absolute_url()).content.decode()
    assert "Desk 0" in body and "Desk 1" in body


# However many answers: the page lists them with their State or person in one statement.
MANAGER_PAGE_QUERIES = 14
