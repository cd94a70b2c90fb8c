"""The communications tests start from the shared network (``enlace.testing.world``): Mexico writes to Kenya in
a directory of their own; Estonia is a third State there."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from communication_templates.defaults import INCIDENT_NOTIFICATION
from communications import services
from directory.choices import RoleKind
from enlace.testing import built_once
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    coordinator_of,
    manager_of,
    point_of_contact,
)
from enlace.testing.world import Network as SharedNetwork
from enlace.testing.world import build_network
from mail.openpgp import read_public_key

SENT_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@dataclass
class Network:
    directory: object
    mexico: object
    kenya: object
    estonia: object
    mx_desk: object
    ke_desk: object
    ke_diplomat: object
    ee_desk: object
    poc_mx: object
    poc_ke: object
    poc_ke_diplomat: object
    poc_ee: object
    coordinator_mx: object
    coordinator_ke: object
    coordinator_ee: object
    manager: object


def _contact(country, institution, name, email, kind, directory, *, languages=("en",), time_zone="UTC"):
    contact = ContactFactory(
        institution=InstitutionFactory(state=country, name=institution),
        name=name,
        email=email,
        languages=list(languages),
        time_zone=time_zone,
    )
    NominationFactory(directory=directory, contact=contact, role=directory.roles.get(kind=kind))
    return contact


@built_once(on=[build_network], name="network")
def un_network(shared: SharedNetwork) -> Network:
    """The shared network's Mexico, Kenya and Estonia in one more directory ("un"), each with a desk."""
    mexico, kenya, estonia = shared.mexico, shared.kenya, shared.estonia
    directory = DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[mexico, kenya, estonia])
    technical, diplomatic = RoleKind.TECHNICAL, RoleKind.DIPLOMATIC
    mx_desk = _contact(
        mexico, "CSIRT MX", "Mesa de Guardia", "guardia@csirt.mx.example.org", technical, directory,
        languages=("es", "en"), time_zone="America/Mexico_City",
    )  # fmt: skip
    ke_desk = _contact(
        kenya, "KE-CIRT", "KE-CIRT Desk", "desk@ke-cirt.ke.example.org", technical, directory,
        languages=("sw", "en"), time_zone="Africa/Nairobi",
    )  # fmt: skip
    ke_diplomat = _contact(
        kenya, "MFA Kenya", "Wanjiru Kamau", "wk@mfa.ke.example.org", diplomatic, directory, time_zone="Africa/Nairobi"
    )
    ee_desk = _contact(estonia, "CERT-EE", "CERT-EE Desk", "desk@cert.ee.example.org", technical, directory)
    return Network(
        directory=directory,
        mexico=mexico,
        kenya=kenya,
        estonia=estonia,
        mx_desk=mx_desk,
        ke_desk=ke_desk,
        ke_diplomat=ke_diplomat,
        ee_desk=ee_desk,
        poc_mx=point_of_contact(mx_desk, email="guardia.user@mx.example.org", time_zone="America/Mexico_City"),
        poc_ke=point_of_contact(ke_desk, email="desk.user@ke.example.org"),
        poc_ke_diplomat=point_of_contact(ke_diplomat, email="wk.user@ke.example.org"),
        poc_ee=point_of_contact(ee_desk, email="desk.user@ee.example.org"),
        coordinator_mx=shared.coordinator_mex,
        coordinator_ke=shared.coordinator_ken,
        coordinator_ee=coordinator_of(estonia, email="coord@ee.example.org"),
        manager=manager_of(directory, email="manager@un.example.org"),
    )


INCIDENT = {
    "incident_start": "2026-11-02T06:30:00Z",
    "detected_at": "2026-11-02T07:10:00Z",
    "incident_type": "ddos",
    "affected_sectors": ["finance", "telecoms"],
    "systems_concerned": "Interbank payment gateway unreachable",
    "link_to_recipient": "",
    "technical_indicators": "Flood from 198.51.100.0/24",
    "requested_action": "Please block the sources in your networks",
}


def incident_draft(network: Network, **changes) -> services.Draft:
    template = network.directory.communication_templates.get(key=INCIDENT_NOTIFICATION)
    fields = {
        "directory": network.directory,
        "version": template.current_version,
        "sender_state": network.mexico,
        "recipient_state": network.kenya,
        "audience": RoleKind.TECHNICAL.value,
        "tlp": "green",
        "urgency": "high",
        "language": "es",
        "values": dict(INCIDENT),
    }
    fields.update(changes)
    return services.Draft(**fields)


def answer_values(text: str = "Sources blocked at our IXP") -> dict:
    return {"request_status": "met", "answer": text, "actions_taken": "", "follow_up_contact": ""}


@pytest.fixture
def send(network, background):
    def run(*, user=None, now=SENT_AT, **changes):
        return background(services.send, incident_draft(network, **changes), user=user or network.poc_mx, now=now)

    return run


def give_key(contact, keys) -> None:
    info = read_public_key(keys.public)
    contact.pgp_key, contact.pgp_fingerprint, contact.pgp_expires = keys.public, info.fingerprint, info.expires
    contact.save()


ACK_LINK = re.compile(r"https?://[^\s\"<>]+(/acknowledge/[A-Za-z0-9_-]{20,}/)")


def ack_link_in(text: str) -> str:
    return ACK_LINK.search(text).group(1)


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()
