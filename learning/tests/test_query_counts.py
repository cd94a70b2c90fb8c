"""The lists that grow (modules, completions, States) cost the same number of statements for one row as for many."""

from django.urls import reverse

from enlace.testing.factories import ContactFactory, InstitutionFactory, point_of_contact
from enlace.testing.queries import queries_run
from learning.tests.course import RIGHT, client_for, write_course
from learning.tests.test_taking_a_module import take_quiz


def statements(client, url: str) -> int:
    client.get(url)  # the session, the principal's caches: warm
    with queries_run() as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_modules(course) -> None:
    for language in ("es", "fr", "pt"):
        write_course(course.network.oas, course.network.manager, language=language, title=f"Module {language}")


def more_completions(course, how_many: int) -> None:
    for number in range(how_many):
        person = point_of_contact(
            ContactFactory(institution=InstitutionFactory(state=course.network.argentina), name=f"Learner {number}")
        )
        take_quiz(client_for(person), course.module, RIGHT)


def test_my_learning_costs_the_same_for_four_modules(course):
    poc = client_for(course.network.poc_arg)
    take_quiz(poc, course.module, RIGHT)
    one = statements(poc, reverse("learning:mine"))
    more_modules(course)
    assert statements(poc, reverse("learning:mine")) == one


def test_the_directorys_modules_cost_the_same_for_four_modules(course):
    url = reverse("learning:list", args=[course.network.oas.slug])
    manager = client_for(course.network.manager)
    one = statements(manager, url)
    more_modules(course)
    assert statements(manager, url) == one


def test_a_coordinators_completions_cost_the_same_for_five_people(course):
    url = reverse("learning:completions", args=[course.network.oas.slug])
    coordinator = client_for(course.network.coordinator_arg)
    more_completions(course, 1)
    one = statements(coordinator, url)
    more_completions(course, 4)
    assert statements(coordinator, url) == one


def test_the_counts_per_state_cost_the_same_for_more_modules_and_people(course):
    url = reverse("learning:counts", args=[course.network.oas.slug])
    manager = client_for(course.network.manager)
    more_completions(course, 1)
    one = statements(manager, url)
    more_modules(course)
    more_completions(course, 3)
    assert statements(manager, url) == one


def test_the_lesson_page_costs_a_fixed_number_of_statements(course, django_assert_num_queries):
    poc = client_for(course.network.poc_arg)
    url = reverse("learning:lesson", args=[course.module.code, 1])
    poc.get(url)
    # The session, the user, its roles; the module, its lessons, the lesson and its files, the image hosts;
    # the progress read and kept.
    with django_assert_num_queries(11):
        poc.get(reverse("learning:lesson", args=[course.module.code, 2]))
