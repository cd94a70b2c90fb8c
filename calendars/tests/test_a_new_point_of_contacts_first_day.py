"""A new point of contact's first day, in a real browser, end to end: it signs in and is offered the tour, follows
it to the end, takes "Points of contact 101" and passes, registers for the yearly meeting, and its calendar program
(an HTTP client reading the address the "My calendar" page gives) finds the meeting and the deadlines of the
communication its State has to acknowledge and answer.

Everything is the product's own: the module is the demo's text, the communication is sent by Kenya's point of
contact through the communications service, and the feed is read back by two independent iCalendar readers.
"""

import urllib.request
from datetime import UTC, timedelta

import pytest
import vobject
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from communications import services as communications
from directory.choices import RoleKind
from enlace.testing.browser import sign_in
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    manager_of,
    point_of_contact,
    state,
)
from events.choices import RegistrationStatus
from events.models import Registration
from events.tests.gathering import new_event
from learning.content import read_module
from learning.demo_data import POC_101, publish_written
from learning.models import Completion
from tutorial.choices import Track
from tutorial.tracks import STEPS


@pytest.fixture(autouse=True)
def vobject_reads_this_feed_afresh():
    """vobject keeps the zones it read for the whole process: this test's feed is read with its own."""
    zones = vars(vobject.icalendar)["__tzidMap"]
    zones.clear()
    yield
    zones.clear()


@pytest.fixture
def first_day(live_server):
    """Mexico's new point of contact in the UN directory, Kenya's who writes to it, the demo's module and a meeting."""
    mexico, kenya = state("MEX"), state("KEN")
    directory = DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[mexico, kenya])
    manager = manager_of(directory)
    module = publish_written(directory, read_module(POC_101, "en"), manager, now=timezone.now() - timedelta(days=3))
    meeting = new_event(
        directory,
        starts_at=timezone.now() + timedelta(days=45),
        zone="America/New_York",
        title="Yearly meeting of the points of contact",
        capacity=40,
    )
    newcomer_contact = ContactFactory(institution=InstitutionFactory(state=mexico), name="Lucía Nueva")
    NominationFactory(directory=directory, contact=newcomer_contact, role=directory.roles.get(kind=RoleKind.DIPLOMATIC))
    newcomer = point_of_contact(newcomer_contact, email="lucia.nueva@sre.example.org", name="Lucía Nueva")
    kenya_contact = ContactFactory(institution=InstitutionFactory(state=kenya), name="Kenya Desk")
    NominationFactory(directory=directory, contact=kenya_contact, role=directory.roles.get(kind=RoleKind.DIPLOMATIC))
    notification = directory.communication_templates.get(kind="incident_notification")
    communication = communications.send(
        communications.Draft(
            directory=directory,
            version=notification.current_version,
            sender_state=kenya,
            recipient_state=mexico,
            audience=RoleKind.DIPLOMATIC,
            tlp="green",
            urgency="high",
            language="en",
            values={"systems_concerned": "Public DNS resolvers", "incident_type": "ddos"},
        ),
        user=point_of_contact(kenya_contact),
    )
    return newcomer, module, meeting, communication


def _follow_the_tour(page) -> None:
    steps = STEPS[Track.POINT_OF_CONTACT]
    offer = page.locator("[data-tutorial-offer]")
    expect(offer.get_by_role("heading")).to_have_text("New to Enlace? Take the 5-minute tour")
    offer.get_by_role("link", name="Start the tour").click()
    for number, step in enumerate(steps, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(str(step.title))
        page.get_by_role("button", name="Finish the tour" if number == len(steps) else "Next").click()
    expect(page.get_by_text("You finished the tour.")).to_be_visible()


def _pass_points_of_contact_101(page, module) -> None:
    version = module.current_version
    lessons = list(version.lessons.order_by("position"))
    page.get_by_role("link", name="Learning", exact=True).click()
    page.get_by_role("link", name=version.title).click()
    page.get_by_role("link", name="Start", exact=True).click()
    for lesson in lessons[:-1]:
        expect(page.get_by_role("heading", name=lesson.title)).to_be_visible()
        page.get_by_role("link", name="Next lesson").click()
    expect(page.get_by_role("heading", name=lessons[-1].title)).to_be_visible()
    page.get_by_role("link", name="Take the quiz").click()
    for question in version.questions.prefetch_related("choices"):
        kind = "checkbox" if question.kind == "multiple" else "radio"
        group = page.get_by_role("group", name=question.text)
        for choice in question.choices.all():
            if choice.is_correct:
                group.get_by_role(kind, name=choice.text, exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("#result")).to_contain_text("You passed with 100%.")


def _register_for(page, meeting) -> None:
    page.goto(meeting.directory.get_absolute_url())
    page.get_by_role("link", name="Events").click()
    page.get_by_role("link", name=meeting.title).click()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered.").first).to_be_visible()


def _calendar_program_reads(page) -> bytes:
    """What a calendar program subscribed to the person's address receives: the address is the one the page shows."""
    page.get_by_role("link", name="My calendar", exact=True).click()
    address = page.get_by_label("Address to subscribe to").input_value()
    with urllib.request.urlopen(address) as response:  # noqa: S310 (the live server's own http address)
        assert response.headers["Content-Type"].startswith("text/calendar")
        return response.read()


@pytest.mark.browser
def test_a_new_point_of_contact_learns_the_rules_and_finds_its_meeting_and_deadlines_in_its_calendar(page, first_day):
    newcomer, module, meeting, communication = first_day

    sign_in(page, newcomer)
    _follow_the_tour(page)
    _pass_points_of_contact_101(page, module)
    _register_for(page, meeting)
    body = _calendar_program_reads(page)

    completion = Completion.objects.get(user=newcomer, module=module)
    assert (completion.score, completion.version) == (100, module.current_version)
    assert Registration.objects.get(event=meeting, user=newcomer).status == RegistrationStatus.REGISTERED
    entries = {str(component["uid"]): component for component in Calendar.from_ical(body).walk("VEVENT")}
    starts = {uid: component.decoded("dtstart").astimezone(UTC) for uid, component in entries.items()}
    assert starts[meeting.uid] == meeting.starts_at.replace(microsecond=0)
    assert str(entries[meeting.uid]["dtstart"].params["TZID"]) == "America/New_York"
    assert starts[f"acknowledge-{communication.code}@enlace"] == communication.acknowledge_by.replace(microsecond=0)
    assert starts[f"answer-{communication.code}@enlace"] == communication.answer_by.replace(microsecond=0)
    # An independent reader finds the same entries at the same moments.
    independent = vobject.readOne(body.decode())
    assert {entry.uid.value: entry.dtstart.value.astimezone(UTC) for entry in independent.vevent_list} == starts
