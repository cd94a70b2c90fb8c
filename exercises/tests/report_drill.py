"""The scoring drill (the fixture ``scoring_drill``) for the scoring and report tests: eight States play,
Iceland plays the State in trouble.

Five States of the Americas, two of Africa, one of Europe take part in the "drill" directory, each with a
diplomatic desk whose officer has an account; Iceland takes part too and sends the injects. The tests run a
scenario (``run_scenario``) or a communication check (``run_check``) among them and answer as the desks would.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from communication_templates.defaults import INCIDENT_NOTIFICATION
from communications import services as communications
from directory.choices import RoleKind
from enlace.testing import built_once
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    manager_of,
    point_of_contact,
    state,
)
from enlace.testing.world import Network, build_network
from exercises import services
from exercises.choices import ExerciseKind, ExerciseStatus
from exercises.models import Exercise, Inject, InjectDelivery

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
AMERICAS = ("MEX", "ARG", "BRA", "CHL", "COL")
AFRICA = ("KEN", "NGA")
EUROPE = ("EST",)
PLAYERS = AMERICAS + AFRICA + EUROPE
SENDER = "ISL"


@dataclass
class Drill:
    directory: object
    states: dict
    desks: dict
    # The desk officer of each State, with an account (a point of contact).
    officers: dict
    manager: object
    coordinator_mex: object


def build_drill(shared: Network) -> Drill:
    states = {iso3: state(iso3) for iso3 in (*PLAYERS, SENDER)}
    directory = DirectoryFactory(slug="drill", name="Drill network", states=list(states.values()))
    desks, officers = {}, {}
    for iso3, country in states.items():
        desk = ContactFactory(
            institution=InstitutionFactory(state=country, name=f"MFA {iso3}"),
            name=f"Desk {iso3}",
            email=f"desk@mfa.{iso3.lower()}.example.org",
        )
        NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.DIPLOMATIC))
        desks[iso3] = desk
        officers[iso3] = point_of_contact(desk, email=f"officer@{iso3.lower()}.example.org")
    return Drill(
        directory=directory,
        states=states,
        desks=desks,
        officers=officers,
        manager=manager_of(directory, email="manager@drill.example.org"),
        coordinator_mex=shared.coordinator_mex,
    )


scoring_drill = built_once(build_drill, name="scoring_drill", on=[build_network])


def _exercise(drill: Drill, kind: str, players, start: datetime) -> Exercise:
    exercise = Exercise.objects.create(
        directory=drill.directory,
        kind=kind,
        title="Drill Tempest",
        roles=[RoleKind.DIPLOMATIC],
        all_states=False,
        starts_at=start,
        ends_at=start + 48 * HOUR,
        status=ExerciseStatus.SCHEDULED,
        created_by=drill.manager,
    )
    exercise.states.set([drill.states[iso3] for iso3 in players])
    exercise.controllers.add(drill.manager)
    return exercise


def run_scenario(drill: Drill, *, players=PLAYERS, injects: int = 1, start: datetime = START, **expectations):
    """A scenario started at ``start`` whose injects (one hour apart) all went out; each expects an
    acknowledgement within 2 hours and an answer within 24 unless ``expectations`` say otherwise."""
    exercise = _exercise(drill, ExerciseKind.SCENARIO, players, start)
    template = drill.directory.communication_templates.get(key=INCIDENT_NOTIFICATION)
    expected = {"acknowledge_within_hours": 2, "answer_within_hours": 24, **expectations}
    made = [
        Inject.objects.create(
            exercise=exercise,
            position=position,
            title=f"Wave {position}",
            offset_minutes=60 * (position - 1),
            audience=RoleKind.DIPLOMATIC,
            sender_state=drill.states[SENDER],
            template=template,
            tlp="green",
            language="en",
            values={"incident_type": "ddos", "systems_concerned": "Exercise gateway"},
            **expected,
        )
        for position in range(1, injects + 1)
    ]
    services.start(exercise, now=start)
    for inject in made:
        services.send_inject(inject, now=start + timedelta(minutes=inject.offset_minutes))
    return exercise


def delivery(exercise: Exercise, iso3: str, position: int = 1) -> InjectDelivery:
    return InjectDelivery.objects.select_related("communication", "inject").get(
        inject__exercise=exercise, inject__position=position, state__iso3=iso3
    )


def acknowledge(drill: Drill, exercise: Exercise, iso3: str, *, after: timedelta, position: int = 1) -> None:
    """The State's desk acknowledges the inject ``after`` it went out."""
    communication = delivery(exercise, iso3, position).communication
    recipient = communication.recipients.get()
    communications.acknowledge(communication, recipient=recipient, now=communication.sent_at + after)


def answer(drill: Drill, exercise: Exercise, iso3: str, *, after: timedelta, position: int = 1) -> None:
    """The State's desk answers the inject ``after`` it went out, through the answer page's service."""
    original = delivery(exercise, iso3, position).communication
    draft = communications.Draft(
        **communications.answer_draft(original, sender_state=drill.states[iso3]),
        audience=RoleKind.DIPLOMATIC,
        tlp="green",
        urgency="routine",
        language="en",
        values={
            "request_status": "met",
            "answer": "Gateway traffic filtered",
            "actions_taken": "",
            "follow_up_contact": "",
        },
    )
    communications.send(draft, user=drill.officers[iso3], now=original.sent_at + after)


def run_check(drill: Drill, *, players=PLAYERS, start: datetime = START, hours: int = 2) -> Exercise:
    """A communication check started at ``start``: each desk was asked to acknowledge within ``hours``."""
    exercise = _exercise(drill, ExerciseKind.COMMUNICATION_CHECK, players, start)
    exercise.acknowledgement_hours = hours
    exercise.save()
    services.start(exercise, now=start)
    return exercise
