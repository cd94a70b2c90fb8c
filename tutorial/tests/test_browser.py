"""A new point of contact signs in, accepts the offer and walks through its tour to the end, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from enlace.testing.browser import sign_in
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    UserFactory,
    state,
)
from tutorial.choices import Track
from tutorial.tracks import STEPS


@pytest.fixture
def new_point_of_contact():
    mexico = state("MEX")
    directory = DirectoryFactory(slug="cyber-poc", name="Cyber PoC Directory", states=[mexico])
    contact = ContactFactory(institution=InstitutionFactory(state=mexico), name="Pointperson Mexico")
    NominationFactory(directory=directory, contact=contact)
    return UserFactory(contact=contact)


@pytest.mark.browser
def test_a_new_point_of_contact_takes_the_tour_to_its_end(page, new_point_of_contact):
    steps = STEPS[Track.POINT_OF_CONTACT]
    sign_in(page, new_point_of_contact)

    offer = page.locator("[data-tutorial-offer]")
    expect(offer.get_by_role("heading")).to_have_text("New to Enlace? Take the 5-minute tour")
    offer.get_by_role("link", name="Start the tour").click()

    for number, step in enumerate(steps, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(str(step.title))
        expect(page.get_by_text(f"Step {number} of {len(steps)}")).to_be_visible()
        expect(page.get_by_role("img", name=str(step.figure_alt))).to_be_visible()
        expect(page.get_by_role("link", name=re.compile("^Open this page"))).to_be_visible()
        # By keyboard: the button has the focus, Enter presses it.
        button = page.get_by_role("button", name="Finish the tour" if number == len(steps) else "Next")
        button.focus()
        page.keyboard.press("Enter")

    expect(page.get_by_text("You finished the tour.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help")
    page.goto("/")
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_be_attached()
    expect(page.locator("[data-tutorial-offer]")).to_have_count(0)


@pytest.mark.browser
def test_not_now_puts_the_offer_aside_and_stays_on_the_page(page, new_point_of_contact):
    sign_in(page, new_point_of_contact)
    page.goto("/pings/mine/")

    page.locator("[data-tutorial-offer]").get_by_role("button", name="Not now").click()

    expect(page).to_have_url(re.compile(r"/pings/mine/$"))
    expect(page.locator("[data-tutorial-offer]")).to_have_count(0)
