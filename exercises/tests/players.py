"""The States that play in the exercises' tests (the fixture ``players``), built once on the shared network, and
the helpers that build and run exercises among them.

The "drill" directory holds ten States. Each has a technical desk (its CSIRT, ``desk@<iso3>.example.org``, writing
in the State's language) and a diplomat (its ministry of foreign affairs, ``mfa@<iso3>.example.org``), each with an
account. The directory's manager also manages a second directory ("elsewhere": Mexico, Kenya and Japan, without
the request-for-information template) to copy exercises to.

Each group of tests plays with some of them:

- running a three-inject scenario (``three_inject_scenario``): PLAYERS, with Chile (SENDER) sending the injects;
- the pages and the control board (``make_exercise``, ``started_scenario``): PAGE_PLAYERS, Estonia sending;
- scoring and the report (``scored_scenario``, ``scored_check``): SCORED, five States of the Americas, two of
  Africa and one of Europe (a report shows the figures of a group of five States or more), Iceland in trouble.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from accounts.models import Role, RoleAssignment
from communication_templates.defaults import INCIDENT_NOTIFICATION, REQUEST_FOR_ASSISTANCE, REQUEST_FOR_INFORMATION
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

PLAYERS = ("MEX", "ARG", "KEN", "EST", "EGY")
SENDER = "CHL"
PAGE_PLAYERS = ("MEX", "ARG", "KEN", "EST")
PAGE_SENDER = "EST"
AMERICAS = ("MEX", "ARG", "BRA", "CHL", "COL")
AFRICA = ("KEN", "NGA")
EUROPE = ("EST",)
SCORED = AMERICAS + AFRICA + EUROPE
IN_TROUBLE = "ISL"
LANGUAGES = {
    "MEX": "es",
    "ARG": "es",
    "BRA": "pt",
    "CHL": "es",
    "COL": "es",
    "KEN": "en",
    "NGA": "en",
    "EGY": "ar",
    "EST": "en",
    "ISL": "en",
}


@dataclass
class Players:
    directory: object
    elsewhere: object
    manager: object
    # Another directory's manager (the shared network's), and Mexico's coordinator.
    other_manager: object
    coordinator_mex: object
    states: dict = field(default_factory=dict)
    desks: dict = field(default_factory=dict)
    diplomats: dict = field(default_factory=dict)
    # The accounts of each State's desk and diplomat.
    desk_users: dict = field(default_factory=dict)
    diplomat_users: dict = field(default_factory=dict)

    def desk_address(self, iso3: str) -> str:
        return f"desk@{iso3.lower()}.example.org"


@built_once(name="players", on=[build_network])
def build_players(shared: Network) -> Players:
    states = {iso3: state(iso3) for iso3 in [*LANGUAGES, "JPN"]}
    directory = DirectoryFactory(slug="drill", name="Drill network", states=[states[iso3] for iso3 in LANGUAGES])
    elsewhere = DirectoryFactory(
        slug="elsewhere", name="Elsewhere network", states=[states[i] for i in ("MEX", "KEN", "JPN")]
    )
    elsewhere.communication_templates.filter(key=REQUEST_FOR_INFORMATION).delete()
    manager = manager_of(directory, email="manager@drill.example.org", time_zone="America/Mexico_City")
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, directory=elsewhere)
    made = Players(
        directory=directory,
        elsewhere=elsewhere,
        manager=manager,
        other_manager=shared.manager,
        coordinator_mex=shared.coordinator_mex,
    )
    for iso3, language in LANGUAGES.items():
        country = states[iso3]
        desk = ContactFactory(
            institution=InstitutionFactory(state=country, name=f"CSIRT {iso3}"),
            name=f"Desk {iso3}",
            email=made.desk_address(iso3),
            languages=[language],
        )
        diplomat = ContactFactory(
            institution=InstitutionFactory(state=country, name=f"MFA {iso3}"),
            name=f"Diplomat {iso3}",
            email=f"mfa@{iso3.lower()}.example.org",
            languages=[language],
        )
        NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
        NominationFactory(directory=directory, contact=diplomat, role=directory.roles.get(kind=RoleKind.DIPLOMATIC))
        made.states[iso3], made.desks[iso3], made.diplomats[iso3] = country, desk, diplomat
        made.desk_users[iso3] = point_of_contact(desk, email=f"desk.user@{iso3.lower()}.example.org")
        made.diplomat_users[iso3] = point_of_contact(diplomat, email=f"officer@{iso3.lower()}.example.org")
    made.states["JPN"] = states["JPN"]
    return made


# --- A three-inject scenario, as a manager builds it from the directory's templates ---------------------------

INCIDENT = {
    "incident_start": "2026-11-02T06:30:00Z",
    "detected_at": "2026-11-02T07:10:00Z",
    "incident_type": "ddos",
    "affected_sectors": ["finance"],
    "systems_concerned": "Exercise: the interbank payment gateway is unreachable",
    "link_to_recipient": "",
    "technical_indicators": "Flood from 198.51.100.0/24 (exercise)",
    "requested_action": "Block the sources in your networks",
}
ASSISTANCE = {
    "reference": "EX-1",
    "assistance_types": ["analysis"],
    "description": "Exercise: help us trace the sources",
    "incident_ongoing": True,
    "needed_by": "",
}
INFORMATION = {
    "subject": "Exercise: the same traffic?",
    "reference": "",
    "questions": "Have you seen it?",
    "needed_by": "",
}


def three_inject_scenario(
    players: Players, *, starts_at: datetime, status: str = ExerciseStatus.SCHEDULED, title="Drill"
) -> Exercise:
    """A three-inject scenario for PLAYERS, Chile sending:

    1. An incident notification at the start: acknowledge within 2 hours, answer within 24.
    2. A request for assistance 30 minutes after the first went out: acknowledge within 4 hours; an action.
    3. A request for information two hours after the start, to the diplomats: answer within 48 hours.
    """
    exercise = Exercise.objects.create(
        directory=players.directory,
        kind=ExerciseKind.SCENARIO,
        title=title,
        objectives="Test the technical and diplomatic channels.",
        languages=["en", "es"],
        roles=[RoleKind.TECHNICAL, RoleKind.DIPLOMATIC],
        all_states=False,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(days=3),
        status=status,
        created_by=players.manager,
    )
    exercise.states.set([players.states[iso3] for iso3 in [*PLAYERS, SENDER]])
    exercise.controllers.add(players.manager)
    templates = {template.key: template for template in players.directory.communication_templates.all()}
    common = {"exercise": exercise, "sender_state": players.states[SENDER], "tlp": "green", "language": "en"}
    first = Inject.objects.create(
        **common,
        position=1,
        title="Payment gateway down",
        offset_minutes=0,
        audience=RoleKind.TECHNICAL,
        template=templates[INCIDENT_NOTIFICATION],
        values=INCIDENT,
        acknowledge_within_hours=2,
        answer_within_hours=24,
    )
    Inject.objects.create(
        **common,
        position=2,
        title="Help us trace it",
        follows=first,
        delay_minutes=30,
        audience=RoleKind.TECHNICAL,
        template=templates[REQUEST_FOR_ASSISTANCE],
        values=ASSISTANCE,
        acknowledge_within_hours=4,
        expected_action="Block the indicators",
    )
    Inject.objects.create(
        **common,
        position=3,
        title="Ask the diplomats",
        offset_minutes=120,
        audience=RoleKind.DIPLOMATIC,
        template=templates[REQUEST_FOR_INFORMATION],
        values=INFORMATION,
        answer_within_hours=48,
    )
    return exercise


ACK_LINK = re.compile(r"https?://[^\s\"<>]+(/acknowledge/[A-Za-z0-9_-]{20,}/)")
CHECK_LINK = re.compile(r"https?://[^\s\"<>]+/exercise-check/([A-Za-z0-9_-]{20,})/")


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def html(message) -> str:
    return message.get_body(("html",)).get_content()


# --- The pages and the control board: PAGE_PLAYERS' technical desks, Estonia sending ---------------------------

# The incident notification's fields, as its form posts them (prefixed "content-" on the inject page).
INCIDENT_FORM = {
    "incident_start": "2026-11-02T06:30",
    "detected_at": "2026-11-02T07:10",
    "incident_type": "ddos",
    "affected_sectors": ["finance"],
    "systems_concerned": "Exercise payment gateway",
    "requested_action": "Please confirm receipt",
}


def make_exercise(players: Players, kind: str = ExerciseKind.SCENARIO, **fields) -> Exercise:
    """An exercise of PAGE_PLAYERS' technical desks, controlled by the manager."""
    values = {
        "directory": players.directory,
        "kind": kind,
        "title": "Cyber storm",
        "roles": [RoleKind.TECHNICAL.value],
        "all_states": False,
        "starts_at": START,
        "ends_at": START + timedelta(days=2),
        "created_by": players.manager,
        **fields,
    }
    exercise = Exercise.objects.create(**values)
    exercise.states.set([players.states[iso3] for iso3 in PAGE_PLAYERS])
    exercise.controllers.add(players.manager)
    return exercise


def add_inject(exercise: Exercise, players: Players, position: int, *, offset: int = 0, **fields) -> Inject:
    values = {
        "exercise": exercise,
        "position": position,
        "title": f"Inject {position}",
        "offset_minutes": offset,
        "audience": RoleKind.TECHNICAL,
        "sender_state": players.states[PAGE_SENDER],
        "template": players.directory.communication_templates.get(kind="incident_notification"),
        "tlp": "green",
        "language": "en",
        "values": {"incident_type": "ddos", "systems_concerned": "Exercise systems"},
        "acknowledge_within_hours": 2,
        "answer_within_hours": 24,
        **fields,
    }
    return Inject.objects.create(**values)


def started_scenario(players: Players, injects: int = 1, *, now: datetime = START) -> Exercise:
    """A scenario started at ``now`` with its first ``injects`` sent (every inject at offset 0)."""
    exercise = make_exercise(players, status=ExerciseStatus.SCHEDULED)
    made = [add_inject(exercise, players, position) for position in range(1, injects + 1)]
    services.start(exercise, now=now)
    for inject in made:
        services.send_inject(inject, now=now)
    exercise.refresh_from_db()
    return exercise


# --- Scoring and the report: SCORED's diplomats, Iceland in trouble --------------------------------------------


def _scored_exercise(players: Players, kind: str, among, start: datetime) -> Exercise:
    exercise = Exercise.objects.create(
        directory=players.directory,
        kind=kind,
        title="Drill Tempest",
        roles=[RoleKind.DIPLOMATIC],
        all_states=False,
        starts_at=start,
        ends_at=start + 48 * HOUR,
        status=ExerciseStatus.SCHEDULED,
        created_by=players.manager,
    )
    exercise.states.set([players.states[iso3] for iso3 in among])
    exercise.controllers.add(players.manager)
    return exercise


def scored_scenario(players: Players, *, among=SCORED, injects: int = 1, start: datetime = START, **expectations):
    """A scenario started at ``start`` whose injects (one hour apart) all went out; each expects an
    acknowledgement within 2 hours and an answer within 24 unless ``expectations`` say otherwise."""
    exercise = _scored_exercise(players, ExerciseKind.SCENARIO, among, start)
    template = players.directory.communication_templates.get(key=INCIDENT_NOTIFICATION)
    expected = {"acknowledge_within_hours": 2, "answer_within_hours": 24, **expectations}
    made = [
        Inject.objects.create(
            exercise=exercise,
            position=position,
            title=f"Wave {position}",
            offset_minutes=60 * (position - 1),
            audience=RoleKind.DIPLOMATIC,
            sender_state=players.states[IN_TROUBLE],
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


def scored_check(players: Players, *, among=SCORED, start: datetime = START, hours: int = 2) -> Exercise:
    """A communication check started at ``start``: each diplomat was asked to acknowledge within ``hours``."""
    exercise = _scored_exercise(players, ExerciseKind.COMMUNICATION_CHECK, among, start)
    exercise.acknowledgement_hours = hours
    exercise.save()
    services.start(exercise, now=start)
    return exercise


def delivery(exercise: Exercise, iso3: str, position: int = 1) -> InjectDelivery:
    return InjectDelivery.objects.select_related("communication", "inject").get(
        inject__exercise=exercise, inject__position=position, state__iso3=iso3
    )


def acknowledge(exercise: Exercise, iso3: str, *, after: timedelta, position: int = 1) -> None:
    """The State's diplomat acknowledges the inject ``after`` it went out."""
    communication = delivery(exercise, iso3, position).communication
    recipient = communication.recipients.get()
    communications.acknowledge(communication, recipient=recipient, now=communication.sent_at + after)


def answer(players: Players, exercise: Exercise, iso3: str, *, after: timedelta, position: int = 1) -> None:
    """The State's diplomat answers the inject ``after`` it went out, through the answer page's service."""
    original = delivery(exercise, iso3, position).communication
    draft = communications.Draft(
        **communications.answer_draft(original, sender_state=players.states[iso3]),
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
    communications.send(draft, user=players.diplomat_users[iso3], now=original.sent_at + after)
