"""A yearly meeting of the OAS network for the events' tests (the fixture ``gathering``), built once on the network:
Mexico's and Argentina's points of contact with accounts, and a meeting of two places for every State."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from directory.choices import RoleKind
from enlace.testing import built_once
from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory, point_of_contact
from enlace.testing.world import Network, build_network
from events import services
from events.choices import EventKind, EventStatus
from events.models import Event


@dataclass
class Gathering:
    network: Network
    meeting: Event
    pocs: list = field(default_factory=list)


def new_event(directory, *, starts_at: datetime, hours: int = 3, zone: str = "UTC", **fields) -> Event:
    values = {
        "kind": EventKind.MEETING,
        "title": "Yearly meeting of the points of contact",
        "status": EventStatus.PUBLISHED,
        "time_zone": zone,
        "place": "Washington, D.C.",
        **fields,
    }
    return services.save_event(
        Event(directory=directory, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), **values)
    )


@built_once(on=[build_network], name="gathering")
def build_gathering(network: Network) -> Gathering:
    pocs = []
    for number, country in enumerate([network.mexico, network.argentina, network.mexico, network.argentina]):
        desk = ContactFactory(institution=InstitutionFactory(state=country), name=f"Desk {number}")
        NominationFactory(directory=network.oas, contact=desk, role=network.oas.roles.get(kind=RoleKind.TECHNICAL))
        pocs.append(
            point_of_contact(desk, email=f"desk{number}@{country.iso3.lower()}.example.org", name=f"Desk {number}")
        )
    meeting = new_event(network.oas, starts_at=timezone.now() + timedelta(days=20), capacity=2)
    return Gathering(network=network, meeting=meeting, pocs=pocs)
