"""The exercises of the demo's UN directory: a communication check and a scenario that ran a few weeks ago, with
their results and reports, and a short scenario scheduled for next week that a manager can start and play at an
accelerated clock (``manage.py run_exercise_jobs --now``). Called by the demo's builder (``load_demo``).

The past exercises went through the real services at their own moments (``now=``); their e-mail is recorded as
delivered then (a bounce for one address), and their communications' reminders and escalations, long due, are
cancelled, so that nothing from them reaches the demo's mailbox.
"""

import random
from datetime import datetime, timedelta

from django.db.models import Max

from accounts.models import Role, User
from communication_templates.defaults import INCIDENT_NOTIFICATION, REQUEST_FOR_ASSISTANCE, REQUEST_FOR_INFORMATION
from communications import services as communications
from communications.models import Communication, ScheduledAction
from directory.choices import RoleKind
from directory.models import Directory, State
from exercises import services
from exercises.choices import CheckChannel, ExerciseKind, ExerciseStatus, Outcome
from exercises.models import Exercise, Inject, InjectDelivery, Lesson
from mail.models import EmailStatus, OutboundEmail

# The demo's five States with accounts, and two more, play; Chile sends the injects (the controllers play it).
PLAYERS = ["MEX", "KEN", "EST", "IDN", "FJI", "ARG", "BRA"]
SENDER = "CHL"
SCHEDULED_TITLE = "Ransomware at a regional payment switch (short scenario)"

INCIDENT = {
    "incident_start": "2026-01-01T06:30:00Z",
    "detected_at": "2026-01-01T07:10:00Z",
    "incident_type": "ransomware",
    "affected_sectors": ["finance"],
    "systems_concerned": "EXERCISE: the regional card payment switch is encrypted and offline.",
    "link_to_recipient": "EXERCISE: the attackers' servers are announced from your address space.",
    "technical_indicators": "EXERCISE: beaconing to 192.0.2.45:8443 (documentation addresses).",
    "requested_action": "Confirm receipt and look for the indicators in your networks.",
}
ASSISTANCE = {
    "reference": "EXERCISE ransomware",
    "assistance_types": ["analysis", "takedown"],
    "description": "EXERCISE: help us take down the command servers announced from your networks.",
    "incident_ongoing": True,
    "needed_by": "",
}
INFORMATION = {
    "subject": "EXERCISE: public statement",
    "reference": "",
    "questions": "EXERCISE: does your government intend to comment publicly on the incident?",
    "needed_by": "",
}


def build(directory: Directory, now: datetime, rng: random.Random) -> None:
    manager = User.objects.filter(role_assignments__role=Role.MANAGER, role_assignments__directory=directory).first()
    states = {state.iso3: state for state in State.objects.filter(iso3__in=[*PLAYERS, SENDER])}
    _past_check(directory, manager, states, now - timedelta(days=30), rng)
    _past_scenario(directory, manager, states, now - timedelta(days=20))
    start = (now + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    _scenario(directory, manager, states, SCHEDULED_TITLE, start, hours=(1, 4, 24))


def _exercise(directory, manager, states, *, kind, title, objectives, start, hours: int, **fields) -> Exercise:
    exercise = Exercise.objects.create(
        directory=directory,
        kind=kind,
        title=title,
        objectives=objectives,
        languages=["en", "es", "fr"],
        roles=[RoleKind.DIPLOMATIC, RoleKind.TECHNICAL],
        all_states=False,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        status=ExerciseStatus.SCHEDULED,
        created_by=manager,
        **fields,
    )
    exercise.states.set(states.values())
    exercise.controllers.add(manager)
    return exercise


def _outbox_mark() -> int:
    return OutboundEmail.objects.aggregate(last=Max("pk"))["last"] or 0


def _delivered_then(since: int, at: datetime) -> None:
    """The e-mail queued since ``since`` was delivered at ``at`` (and its secret links forgotten, as delivery does)."""
    OutboundEmail.objects.filter(pk__gt=since, status=EmailStatus.QUEUED).update(
        status=EmailStatus.SENT, sent_at=at, body_text="", body_html="", merge_values={}, attempts=1
    )


def _past_check(directory, manager, states, start: datetime, rng: random.Random) -> None:
    since = _outbox_mark()
    check = _exercise(
        directory,
        manager,
        states,
        kind=ExerciseKind.COMMUNICATION_CHECK,
        title="Yearly communication check",
        objectives="Confirm that every diplomatic and technical point of contact is reachable within 24 hours.",
        start=start,
        hours=72,
        acknowledgement_hours=24,
    )
    services.start(check, now=start)
    _delivered_then(since, start + timedelta(minutes=1))
    messages = list(check.check_messages.order_by("state__iso3", "contact__name"))
    # One address bounced; its point of contact was reached by telephone the next day.
    bounced = messages[0]
    bounced.emails.update(status=EmailStatus.FAILED, last_error="550 5.1.1 Mailbox unavailable (demo)")
    services.acknowledge_check(
        bounced,
        channel=CheckChannel.PHONE,
        user=manager,
        now=start + timedelta(hours=26),
        note="Reached the duty officer",
    )
    for message in messages[1:]:
        draw = rng.random()
        if draw < 0.7:
            minutes = rng.randint(5, 600)
        elif draw < 0.85:
            minutes = rng.randint(25 * 60, 40 * 60)  # late
        else:
            continue  # never acknowledged
        services.acknowledge_check(message, channel=CheckChannel.LINK, now=start + timedelta(minutes=minutes))
    services.end(check, now=start + timedelta(hours=72))
    Lesson.objects.create(
        exercise=check,
        text="One address bounced: the contact had changed ministry without updating Enlace.",
        action="Remind coordinators to update contacts when people move.",
        owner="Secretariat",
        due_on=(start + timedelta(days=60)).date(),
        written_by=manager,
    )
    services.mark_reported(check)
    services.publish_report(check, True)


def _scenario(directory, manager, states, title: str, start: datetime, *, hours: tuple[int, int, int]) -> Exercise:
    """Three injects from Chile: an incident notification at the start, a request for assistance 15 minutes after
    it, and a request for information to the diplomats 45 minutes in."""
    exercise = _exercise(
        directory,
        manager,
        states,
        kind=ExerciseKind.SCENARIO,
        title=title,
        objectives="Follow an incident from its notification to a request for assistance and a diplomatic question.",
        start=start,
        hours=hours[2] + 2,
    )
    templates = {template.key: template for template in directory.communication_templates.all()}
    common = {"exercise": exercise, "sender_state": states[SENDER], "tlp": "green", "language": "en"}
    first = Inject.objects.create(
        **common,
        position=1,
        title="Payment switch encrypted",
        offset_minutes=0,
        audience=RoleKind.TECHNICAL,
        template=templates[INCIDENT_NOTIFICATION],
        values=INCIDENT,
        acknowledge_within_hours=hours[0],
        answer_within_hours=hours[2],
    )
    Inject.objects.create(
        **common,
        position=2,
        title="Help us take the servers down",
        follows=first,
        delay_minutes=15,
        audience=RoleKind.TECHNICAL,
        template=templates[REQUEST_FOR_ASSISTANCE],
        values=ASSISTANCE,
        acknowledge_within_hours=hours[1],
        expected_action="Block the indicators and report back",
    )
    Inject.objects.create(
        **common,
        position=3,
        title="Will you comment publicly?",
        offset_minutes=45,
        audience=RoleKind.DIPLOMATIC,
        template=templates[REQUEST_FOR_INFORMATION],
        values=INFORMATION,
        answer_within_hours=hours[2],
    )
    return exercise


def _past_scenario(directory, manager, states, start: datetime) -> None:
    since = _outbox_mark()
    exercise = _scenario(directory, manager, states, "Regional incident scenario (table-top)", start, hours=(2, 4, 48))
    services.start(exercise, now=start)
    for inject in exercise.injects.order_by("position"):
        # Sent at its moment: the first at the start, the second 15 minutes after it, the third 45 minutes in.
        services.send_inject(inject, now=start + timedelta(minutes={1: 0, 2: 15, 3: 45}[inject.position]))

    def delivery(position: int, iso3: str) -> Communication:
        return InjectDelivery.objects.get(inject__exercise=exercise, inject__position=position, state__iso3=iso3)

    def acknowledge(position: int, iso3: str, minutes: int) -> None:
        communications.acknowledge(delivery(position, iso3).communication, now=start + timedelta(minutes=minutes))

    def answer(position: int, iso3: str, minutes: int, audience: str, text: str) -> None:
        original = delivery(position, iso3).communication
        communications.send(
            communications.Draft(
                **communications.answer_draft(original, sender_state=states[iso3]),
                audience=audience,
                tlp="green",
                urgency="routine",
                language="en",
                is_exercise=True,
                values={"request_status": "met", "answer": text, "actions_taken": "", "follow_up_contact": ""},
            ),
            user=User.objects.filter(contact__institution__state=states[iso3]).order_by("pk").first() or manager,
            now=start + timedelta(minutes=minutes),
        )

    # The notification (acknowledge within 2 hours, answer within 48): most acknowledge in time, two late.
    for iso3, minutes in [("MEX", 12), ("KEN", 25), ("EST", 8), ("ARG", 40), ("BRA", 70), ("IDN", 190), ("FJI", 300)]:
        acknowledge(1, iso3, minutes)
    answer(1, "MEX", 6 * 60, RoleKind.TECHNICAL, "EXERCISE: no indicator found in our networks.")
    answer(1, "EST", 9 * 60, RoleKind.TECHNICAL, "EXERCISE: two hosts beaconed; isolated.")
    answer(1, "KEN", 60 * 60, RoleKind.TECHNICAL, "EXERCISE: found and blocked, reported late.")
    # The request for assistance (acknowledge within 4 hours; an action the controllers mark).
    for iso3, minutes in [("MEX", 30), ("EST", 45), ("KEN", 200)]:
        acknowledge(2, iso3, minutes)
    for iso3, outcome in [("MEX", Outcome.ON_TIME), ("EST", Outcome.ON_TIME), ("KEN", Outcome.PARTLY)]:
        services.mark_action(delivery(2, iso3), outcome=outcome, note="", user=manager)
    services.mark_action(delivery(2, "IDN"), outcome=Outcome.NOT_MET, note="No one on duty", user=manager)
    # The diplomats' question (answer within 48 hours).
    answer(3, "KEN", 20 * 60, RoleKind.DIPLOMATIC, "EXERCISE: no public statement is planned.")
    answer(3, "MEX", 30 * 60, RoleKind.DIPLOMATIC, "EXERCISE: a joint statement could be considered.")

    services.end(exercise, now=start + timedelta(hours=50))
    ScheduledAction.objects.pending().filter(communication__exercise_delivery__inject__exercise=exercise).update(
        cancelled=True
    )
    _delivered_then(since, start + timedelta(minutes=1))
    Lesson.objects.create(
        exercise=exercise,
        text="Requests for assistance reached duty desks that could not act outside office hours.",
        action="Ask each State to name a 24/7 technical point of contact.",
        owner="Secretariat with the national coordinators",
        due_on=(start + timedelta(days=90)).date(),
        written_by=manager,
    )
    services.mark_reported(exercise)
    services.publish_report(exercise, True)
