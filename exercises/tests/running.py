"""What the tests of the exercise pages share: a directory of four States with a point of contact each, its manager,
and helpers that make an exercise, its injects, and run it on a given clock."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from communications.models import Audience
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
from enlace.testing.world import Network as SharedNetwork
from enlace.testing.world import build_network
from exercises import services
from exercises.choices import ExerciseKind, ExerciseStatus
from exercises.models import Exercise, Inject

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

# The incident notification's fields, as its form posts them (prefixed "content-" on the inject page).
INCIDENT = {
    "incident_start": "2026-11-02T06:30",
    "detected_at": "2026-11-02T07:10",
    "incident_type": "ddos",
    "affected_sectors": ["finance"],
    "systems_concerned": "Exercise payment gateway",
    "requested_action": "Please confirm receipt",
}


@dataclass
class Network:
    directory: object
    states: dict
    desks: dict
    users: dict
    manager: object
    other_manager: object


@built_once(on=[build_network], name="exercise_network")
def exercise_network(shared: SharedNetwork) -> Network:
    """Mexico, Argentina, Kenya and Estonia in the "un" directory, each with one desk that is technical and
    diplomatic point of contact and has an account; the directory's manager; another directory's manager."""
    states = {iso: state(iso) for iso in ("MEX", "ARG", "KEN", "EST")}
    directory = DirectoryFactory(slug="un", name="UN Global PoC Directory", states=list(states.values()))
    desks, users = {}, {}
    for iso, country in states.items():
        desk = ContactFactory(
            institution=InstitutionFactory(state=country, name=f"CSIRT {iso}"),
            name=f"Desk {iso}",
            email=f"desk@{iso.lower()}.example.org",
        )
        for kind in (RoleKind.TECHNICAL, RoleKind.DIPLOMATIC):
            NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=kind))
        desks[iso] = desk
        users[iso] = point_of_contact(desk, email=f"user@{iso.lower()}.example.org")
    return Network(
        directory=directory,
        states=states,
        desks=desks,
        users=users,
        manager=manager_of(directory, email="manager@un.example.org", time_zone="America/Mexico_City"),
        other_manager=shared.manager,
    )


def make_exercise(network: Network, kind: str = ExerciseKind.SCENARIO, **fields) -> Exercise:
    values = {
        "directory": network.directory,
        "kind": kind,
        "title": "Cyber storm",
        "roles": [RoleKind.TECHNICAL.value],
        "starts_at": START,
        "ends_at": START + timedelta(days=2),
        "created_by": network.manager,
        **fields,
    }
    exercise = Exercise.objects.create(**values)
    exercise.controllers.add(network.manager)
    return exercise


def add_inject(exercise: Exercise, network: Network, position: int, *, offset: int = 0, **fields) -> Inject:
    values = {
        "exercise": exercise,
        "position": position,
        "title": f"Inject {position}",
        "offset_minutes": offset,
        "audience": Audience.TECHNICAL,
        "sender_state": network.states["EST"],
        "template": network.directory.communication_templates.get(kind="incident_notification"),
        "tlp": "green",
        "language": "en",
        "values": {"incident_type": "ddos", "systems_concerned": "Exercise systems"},
        "acknowledge_within_hours": 2,
        "answer_within_hours": 24,
        **fields,
    }
    return Inject.objects.create(**values)


def running_scenario(network: Network, injects: int = 1, *, now: datetime = START) -> Exercise:
    """A scenario started at ``now`` with its first ``injects`` sent (every inject at offset 0)."""
    exercise = make_exercise(network, status=ExerciseStatus.SCHEDULED)
    made = [add_inject(exercise, network, position) for position in range(1, injects + 1)]
    services.start(exercise, now=now)
    for inject in made:
        services.send_inject(inject, now=now)
    exercise.refresh_from_db()
    return exercise
