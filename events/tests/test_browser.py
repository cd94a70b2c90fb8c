"""A point of contact finds the yearly meeting from its directory's page, registers for it by clicking, and cancels."""

from datetime import timedelta

import pytest
from django.utils import timezone
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
from events.choices import RegistrationStatus
from events.models import Registration
from events.tests.gathering import new_event


@pytest.mark.browser
def test_a_point_of_contact_registers_for_the_yearly_meeting_by_clicking(page, live_server):
    mexico = state("MEX")
    directory = DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[mexico])
    desk = ContactFactory(institution=InstitutionFactory(state=mexico), name="Desk Mexico")
    NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    poc = point_of_contact(desk, email="desk@mx.example.org", name="Desk Mexico")
    meeting = new_event(
        directory,
        starts_at=timezone.now() + timedelta(days=30),
        zone="America/New_York",
        title="Annual meeting of the points of contact",
        capacity=1,
    )

    sign_in(page, poc)
    page.goto(directory.get_absolute_url())
    page.get_by_role("link", name="Events").click()
    page.get_by_role("link", name="Annual meeting of the points of contact").click()
    expect(page.locator("#my-registration")).to_have_text("You are not registered.")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered.").first).to_be_visible()
    expect(page.locator("#places")).to_contain_text("1 of 1 taken")
    assert Registration.objects.get(event=meeting, user=poc).status == RegistrationStatus.REGISTERED

    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.locator("#my-registration")).to_have_text("You are not registered.")
