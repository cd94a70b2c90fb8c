"""A point of contact takes a module in a real browser: it follows the lessons, fails the quiz by clicking, retakes
it and passes."""

import pytest
from playwright.sync_api import expect

from enlace.testing.browser import sign_in
from enlace.testing.factories import ContactFactory, DirectoryFactory, InstitutionFactory, manager_of, point_of_contact
from enlace.testing.factories import state as un_state
from learning.models import Completion
from learning.tests.course import write_course


@pytest.mark.browser
def test_a_point_of_contact_takes_the_quiz_by_clicking_and_passes_on_the_second_try(page, live_server):
    mexico = un_state("MEX")
    directory = DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[mexico])
    module = write_course(directory, manager_of(directory))
    poc = point_of_contact(ContactFactory(institution=InstitutionFactory(state=mexico), name="Lucía Punto"))

    sign_in(page, poc)
    page.get_by_role("link", name="Learning", exact=True).click()
    page.get_by_role("link", name="Points of contact 101").click()
    page.get_by_role("link", name="Start", exact=True).click()
    expect(page.get_by_role("heading", name="Reachability")).to_be_visible()
    page.get_by_role("link", name="Next lesson").click()
    expect(page.get_by_role("heading", name="Deadlines")).to_be_visible()
    page.get_by_role("link", name="Next lesson").click()
    page.get_by_role("link", name="Take the quiz").click()

    page.get_by_role("radio", name="15 days").check()
    page.get_by_role("checkbox", name="TLP:AMBER").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("#result")).to_contain_text("You scored 0%; the pass mark is 100%.")

    page.get_by_role("link", name="Retake the quiz").click()
    page.get_by_role("radio", name="72 hours").check()
    page.get_by_role("checkbox", name="TLP:AMBER").check()
    page.get_by_role("checkbox", name="TLP:RED").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("#result")).to_contain_text("You passed with 100%.")
    assert Completion.objects.get(user=poc).version == module.current_version

    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("row", name="Points of contact 101")).to_contain_text("Completed")
