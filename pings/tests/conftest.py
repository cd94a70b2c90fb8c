"""The pings tests start from the shared network (``enlace.testing.world``), with a directory of their own."""

import re
from dataclasses import dataclass

import pytest

from directory.choices import RoleKind
from directory.models import ContactEmail
from enlace.testing import built_once
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    manager_of,
    point_of_contact,
)
from enlace.testing.world import Network as SharedNetwork
from enlace.testing.world import build_network
from pings import services
from pings.models import PingRound, RoundTrigger


@dataclass
class Network:
    directory: object
    mexico_desk: object
    mexico_diplomat: object
    kenya_desk: object
    manager: object
    coordinator_mex: object
    coordinator_ken: object
    poc_mex: object


def build_un_network(shared: SharedNetwork) -> Network:
    """The shared network's Mexico and Kenya, and their coordinators, in one more directory ("un"); Mexico's
    CSIRT desk holds two roles and has two addresses."""
    mexico, kenya = shared.mexico, shared.kenya
    directory = DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[mexico, kenya])
    desk = ContactFactory(
        institution=InstitutionFactory(state=mexico, name="CSIRT MX"),
        name="Mesa de Guardia",
        email="guardia@csirt.mx.example.org",
        languages=["es", "en"],
    )
    ContactEmail.objects.create(contact=desk, address="cert@csirt.mx.example.org", position=1)
    diplomat = ContactFactory(
        institution=InstitutionFactory(state=mexico, name="SRE"), name="Lucía Quiroga", email="lq@sre.mx.example.org"
    )
    kenya_desk = ContactFactory(
        institution=InstitutionFactory(state=kenya),
        name="KE-CIRT Desk",
        email="desk@ke-cirt.ke.example.org",
        languages=["sw", "en"],
    )
    NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.DIPLOMATIC))
    NominationFactory(directory=directory, contact=diplomat, role=directory.roles.get(kind=RoleKind.DIPLOMATIC))
    NominationFactory(directory=directory, contact=kenya_desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    return Network(
        directory=directory,
        mexico_desk=desk,
        mexico_diplomat=diplomat,
        kenya_desk=kenya_desk,
        manager=manager_of(directory, email="manager@un.example.org"),
        coordinator_mex=shared.coordinator_mex,
        coordinator_ken=shared.coordinator_ken,
        poc_mex=point_of_contact(diplomat, email="lucia@mx.example.org"),
    )


network = built_once(build_un_network, name="network", on=[build_network])


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Start a round and run its background work (sending, delivery) as the worker would."""

    def run(directory, **options) -> PingRound:
        with django_capture_on_commit_callbacks(execute=True):
            ping_round = services.start_round(directory, trigger=RoundTrigger.MANUAL, **options)
        ping_round.refresh_from_db()
        return ping_round

    return run


LINK = re.compile(r"https?://[^\s\"<>]+/ping/([A-Za-z0-9_-]{20,})/")
CODE = re.compile(r"\b([A-Z2-9]{5}-[A-Z2-9]{5})\b")


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return "/ping/" + LINK.search(text).group(1) + "/"


def code_in(message) -> str:
    return CODE.search(message.get_body(("plain",)).get_content()).group(1)
