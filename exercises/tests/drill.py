"""A network for running exercises in tests (the fixture ``drill``), built once.

Chile plays the State the injects come from; Mexico, Argentina, Kenya, Estonia and Egypt are the five States
that receive them, each with a technical desk and a diplomat, and an account for its desk. The manager
also manages a second directory ("elsewhere": Mexico, Kenya and Japan, without the request-for-information
template) to copy exercises to.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from communication_templates.defaults import INCIDENT_NOTIFICATION, REQUEST_FOR_ASSISTANCE, REQUEST_FOR_INFORMATION
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
from exercises.choices import ExerciseKind, ExerciseStatus
from exercises.models import Exercise, Inject

PLAYERS = ["MEX", "ARG", "KEN", "EST", "EGY"]
SENDER = "CHL"
LANGUAGES = {"MEX": "es", "ARG": "es", "KEN": "en", "EST": "en", "EGY": "ar", "CHL": "es"}


@dataclass
class Drill:
    directory: object
    elsewhere: object
    manager: object
    states: dict = field(default_factory=dict)
    desks: dict = field(default_factory=dict)
    diplomats: dict = field(default_factory=dict)
    pocs: dict = field(default_factory=dict)

    def desk_address(self, iso3: str) -> str:
        return f"desk@{iso3.lower()}.example.org"


@built_once(name="drill")
def build_drill() -> Drill:
    states = {iso3: state(iso3) for iso3 in [*PLAYERS, SENDER, "JPN"]}
    directory = DirectoryFactory(
        slug="drill", name="Drill network", states=[states[iso3] for iso3 in [*PLAYERS, SENDER]]
    )
    elsewhere = DirectoryFactory(
        slug="elsewhere", name="Elsewhere network", states=[states[i] for i in ("MEX", "KEN", "JPN")]
    )
    elsewhere.communication_templates.filter(key=REQUEST_FOR_INFORMATION).delete()
    drill = Drill(
        directory=directory, elsewhere=elsewhere, manager=manager_of(directory, email="manager@drill.example.org")
    )
    from accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=drill.manager, role=Role.MANAGER, directory=elsewhere)
    for iso3 in [*PLAYERS, SENDER]:
        country = states[iso3]
        desk = ContactFactory(
            institution=InstitutionFactory(state=country, name=f"CSIRT {iso3}"),
            name=f"Desk {iso3}",
            email=drill.desk_address(iso3),
            languages=[LANGUAGES[iso3]],
        )
        diplomat = ContactFactory(
            institution=InstitutionFactory(state=country, name=f"MFA {iso3}"),
            name=f"Diplomat {iso3}",
            email=f"mfa@{iso3.lower()}.example.org",
            languages=[LANGUAGES[iso3]],
        )
        NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
        NominationFactory(directory=directory, contact=diplomat, role=directory.roles.get(kind=RoleKind.DIPLOMATIC))
        drill.states[iso3], drill.desks[iso3], drill.diplomats[iso3] = country, desk, diplomat
        drill.pocs[iso3] = point_of_contact(desk, email=f"desk.user@{iso3.lower()}.example.org")
    drill.states["JPN"] = states["JPN"]
    return drill


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


def scenario(drill: Drill, *, starts_at: datetime, status: str = ExerciseStatus.SCHEDULED, title="Drill") -> Exercise:
    """A three-inject scenario for the five States, as a manager builds it from the directory's templates.

    1. An incident notification at the start: acknowledge within 2 hours, answer within 24.
    2. A request for assistance 30 minutes after the first went out: acknowledge within 4 hours; an action.
    3. A request for information two hours after the start, to the diplomats: answer within 48 hours.
    """
    exercise = Exercise.objects.create(
        directory=drill.directory,
        kind=ExerciseKind.SCENARIO,
        title=title,
        objectives="Test the technical and diplomatic channels.",
        languages=["en", "es"],
        roles=[RoleKind.TECHNICAL, RoleKind.DIPLOMATIC],
        all_states=False,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(days=3),
        status=status,
        created_by=drill.manager,
    )
    exercise.states.set([drill.states[iso3] for iso3 in [*PLAYERS, SENDER]])
    exercise.controllers.add(drill.manager)
    templates = {template.key: template for template in drill.directory.communication_templates.all()}
    common = {"exercise": exercise, "sender_state": drill.states[SENDER], "tlp": "green", "language": "en"}
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
