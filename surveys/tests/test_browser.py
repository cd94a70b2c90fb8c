"""A point of contact answers in a browser: a question asked only for one earlier answer appears when that answer
is chosen, and the draft is found again."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from directory.choices import RoleKind
from enlace.testing.browser import sign_in
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    point_of_contact,
    state,
)
from surveys.choices import Anonymity, RespondentKind
from surveys.tests.questionnaire import new_survey


@pytest.mark.browser
def test_a_conditional_question_appears_when_its_answer_is_chosen_and_the_draft_is_kept(page, live_server):
    mexico = state("MEX")
    directory = DirectoryFactory(slug="oas-browser", name="OAS network", states=[mexico])
    desk = ContactFactory(institution=InstitutionFactory(state=mexico), name="Desk Mexico")
    NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    poc = point_of_contact(desk, email="desk@mx.example.org", name="Desk Mexico")
    survey = new_survey(directory, respondent_kind=RespondentKind.PER_PERSON, anonymity=Anonymity.CONFIDENTIAL)

    sign_in(page, poc)
    page.goto(live_server.url + reverse("surveys:answer", args=[survey.code]))
    follow_up = page.locator("#question-q2")
    expect(follow_up).to_be_hidden()
    page.get_by_label("Yes, a strategy").check()
    expect(follow_up).to_be_visible()
    page.get_by_label("Which agency leads it?").fill("National CERT")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft was saved.")).to_be_visible()
    expect(page.get_by_label("Which agency leads it?")).to_have_value("National CERT")
    page.get_by_label("Not yet").check()
    expect(follow_up).to_be_hidden()
