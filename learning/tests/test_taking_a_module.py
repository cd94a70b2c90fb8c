"""A person takes a module at its own pace: resumes where it stopped, fails the quiz, retakes it and passes; its
coordinator sees the completion, another State's coordinator does not."""

from html.parser import HTMLParser

from django.urls import reverse

from learning import services
from learning.models import Attempt, Completion, Progress
from learning.tests.course import (
    RIGHT,
    WRONG,
    answer_data,
    client_for,
    write_course,
)


def take_quiz(client, module, answers) -> Attempt:
    response = client.post(reverse("learning:quiz", args=[module.code]), answer_data(answers))
    assert response.status_code == 302
    return Attempt.objects.get(code=response["Location"].rstrip("/").rsplit("/", 1)[1])


def test_a_failed_attempt_records_no_completion_and_offers_a_retake(course):
    poc = client_for(course.network.poc_arg)
    attempt = take_quiz(poc, course.module, WRONG)
    assert (attempt.score, attempt.passed) == (0, False)
    assert not Completion.objects.exists()
    page = poc.get(attempt.get_absolute_url()).content.decode()
    assert "You scored 0%; the pass mark is 100%." in page
    assert reverse("learning:quiz", args=[course.module.code]) in page


def test_a_retake_that_passes_records_the_completion_with_date_score_and_version(course):
    poc = client_for(course.network.poc_arg)
    take_quiz(poc, course.module, WRONG)
    attempt = take_quiz(poc, course.module, RIGHT)
    assert (attempt.score, attempt.passed) == (100, True)
    completion = Completion.objects.get(user=course.network.poc_arg)
    assert (completion.score, completion.version, completion.state) == (
        100,
        course.module.current_version,
        course.network.argentina,
    )
    assert completion.completed_at is not None
    assert "You passed with 100%." in poc.get(attempt.get_absolute_url()).content.decode()


def test_half_right_is_half_the_score(course):
    attempt = take_quiz(client_for(course.network.poc_arg), course.module, {1: [2], 2: [1]})
    assert (attempt.score, attempt.passed) == (50, False)


def test_the_completion_shows_to_its_own_coordinator_only(course):
    network = course.network
    take_quiz(client_for(network.poc_arg), course.module, RIGHT)
    url = reverse("learning:completions", args=[network.oas.slug])
    own = client_for(network.coordinator_arg).get(url).content.decode()
    other = client_for(network.coordinator_mex).get(url).content.decode()
    assert network.poc_arg.name in own
    assert network.poc_arg.name not in other
    assert "Nobody in your State has completed a module of this directory yet." in other


def test_another_states_coordinator_cannot_read_the_attempt(course):
    attempt = take_quiz(client_for(course.network.poc_arg), course.module, RIGHT)
    assert client_for(course.network.coordinator_mex).get(attempt.get_absolute_url()).status_code == 404


def test_the_person_resumes_at_the_lesson_where_it_stopped(course):
    poc = client_for(course.network.poc_arg)
    module = course.module
    poc.get(reverse("learning:lesson", args=[module.code, 1]))
    poc.get(reverse("learning:lesson", args=[module.code, 2]))
    assert Progress.objects.get(user=course.network.poc_arg).last_position == 2
    page = poc.get(module.get_absolute_url()).content.decode()
    assert f'href="{reverse("learning:lesson", args=[module.code, 2])}">Resume where you stopped' in page


def test_a_lesson_links_to_the_previous_and_the_next_and_the_last_to_the_quiz(course):
    poc, module = client_for(course.network.poc_arg), course.module
    middle = poc.get(reverse("learning:lesson", args=[module.code, 2])).content.decode()
    assert reverse("learning:lesson", args=[module.code, 1]) in middle
    assert reverse("learning:lesson", args=[module.code, 3]) in middle
    last = poc.get(reverse("learning:lesson", args=[module.code, 3])).content.decode()
    assert reverse("learning:quiz", args=[module.code]) in last


def test_a_question_of_one_answer_counts_wrong_when_two_are_given(course):
    marked = services.mark(course.module.current_version, {1: [1, 2], 2: [1, 3]})
    assert (marked.correct, marked.total, marked.score) == (1, 2, 50)


def test_an_unanswered_single_choice_question_is_asked_again(course):
    response = client_for(course.network.poc_arg).post(
        reverse("learning:quiz", args=[course.module.code]), {"q2": ["1"]}
    )
    assert response.status_code == 200
    assert "Choose an answer." in response.content.decode()
    assert not Attempt.objects.exists()


def test_my_learning_shows_the_modules_of_my_directories_with_my_status(course):
    poc = client_for(course.network.poc_arg)
    assert "Not completed" in poc.get(reverse("learning:mine")).content.decode()
    take_quiz(poc, course.module, RIGHT)
    page = poc.get(reverse("learning:mine")).content.decode()
    assert "Points of contact 101" in page
    assert "Completed" in page
    # Kenya takes part in the AU network only: the OAS module is not its to take.
    kenya = client_for(course.network.coordinator_ken).get(reverse("learning:mine")).content.decode()
    assert "Points of contact 101" not in kenya
    assert client_for(course.network.coordinator_ken).get(course.module.get_absolute_url()).status_code == 404


def test_the_directory_page_and_the_navigation_lead_to_the_modules(course):
    page = client_for(course.network.poc_arg).get(course.network.oas.get_absolute_url()).content.decode()
    assert f'href="{reverse("learning:list", args=[course.network.oas.slug])}"' in page
    assert f'href="{reverse("learning:mine")}"' in page


class _LanguageOfText(HTMLParser):
    """The language each piece of text of a page is marked with: the nearest ``lang`` around it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, str]] = []
        self.language_of: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs).get("lang") or (self.open[-1][1] if self.open else "")))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if data.strip() and self.open:
            self.language_of[data.strip()] = self.open[-1][1]


def test_a_quiz_marks_its_questions_with_the_modules_language_and_its_hints_with_the_readers(course):
    network = course.network
    spanish = write_course(network.oas, network.manager, language="es", title="Puntos de contacto 101")
    page = _LanguageOfText()
    page.feed(client_for(network.poc_arg).get(reverse("learning:quiz", args=[spanish.code])).content.decode())
    assert page.language_of["Which content never goes on the platform?"] == "es"
    assert page.language_of["TLP:AMBER"] == "es"
    assert page.language_of["Choose every correct answer."] == "en"
