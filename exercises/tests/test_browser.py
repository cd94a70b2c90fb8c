"""A controller starts a scenario in a real browser and watches the live board update as a State acknowledges."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role, RoleAssignment
from communications import services as communications
from directory.choices import RoleKind
from enlace.testing.browser import sign_in
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    UserFactory,
    enrol_totp,
    state,
)
from exercises import services
from exercises.choices import ExerciseKind, ExerciseStatus
from exercises.models import Exercise, Inject, InjectDelivery


@pytest.mark.browser
def test_a_controller_starts_a_scenario_and_watches_the_board_update(page, live_server, settings):
    mexico, kenya, estonia = state("MEX"), state("KEN"), state("EST")
    directory = DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[mexico, kenya, estonia])
    for country in (mexico, kenya):
        desk = ContactFactory(institution=InstitutionFactory(state=country), name=f"Desk {country.iso3}")
        NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    settings.MFA_TOTP_TOLERANCE = 1  # as coordinator_with_secret: one clock, a code read across a boundary
    manager = UserFactory(name="Mara Manager", email="manager@un.example.org")
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, directory=directory)
    secret = enrol_totp(manager)
    now = timezone.now()
    exercise = Exercise.objects.create(
        directory=directory,
        kind=ExerciseKind.SCENARIO,
        title="Cyber storm",
        roles=["technical"],
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=2),
        status=ExerciseStatus.SCHEDULED,
        created_by=manager,
    )
    exercise.controllers.add(manager)
    Inject.objects.create(
        exercise=exercise,
        position=1,
        title="Incident in Estonia",
        offset_minutes=0,
        audience="technical",
        sender_state=estonia,
        template=directory.communication_templates.get(kind="incident_notification"),
        tlp="green",
        language="en",
        values={"incident_type": "ddos", "systems_concerned": "Exercise systems"},
        acknowledge_within_hours=2,
    )

    sign_in(page, manager, totp_secret=secret)
    page.goto(exercise.get_absolute_url())
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", name="Are you sure?")).to_be_visible()
    page.get_by_role("button", name="Yes, go ahead").click()
    expect(page.get_by_text("The exercise has started.")).to_be_visible()

    services.run_due()  # the worker sends the inject due at the start
    page.reload()
    board = page.locator("#board-table")
    mexico_row = board.get_by_role("row", name="Mexico")
    expect(mexico_row).to_contain_text("Sent")

    delivery = InjectDelivery.objects.get(state=mexico)
    communication = delivery.communication
    communications.acknowledge(communication, recipient=communication.recipients.first())
    # No reload: the board polls every ten seconds.
    expect(page.locator("#board-table").get_by_role("row", name="Mexico")).to_contain_text("Acknowledged")
    expect(page.locator("#board-table").get_by_role("row", name="Kenya")).to_contain_text("Sent")
