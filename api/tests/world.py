"""The API's test world (``api_world``) and the clients of its tokens, for the API tests of every app.

Registered as a plugin by the root ``conftest.py``, so that ``<app>/tests/test_api*.py`` may ask for ``api_world``.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from api.models import Access, ApiToken
from directory.choices import RoleKind
from enlace.testing import built_once
from enlace.testing.factories import (
    ContactFactory,
    InstitutionFactory,
    NominationFactory,
    coordinator_of,
    point_of_contact,
)
from enlace.testing.world import Network, build_network


@dataclass
class ApiWorld:
    network: Network
    directory: object
    other: object
    desk: object
    argentine: object
    kenyan: object
    manager: object
    coordinator_mex: object
    coordinator_mex_2: object
    poc_arg: object


@built_once(on=[build_network])
def api_world(network: Network) -> ApiWorld:
    """The shared network's OAS directory (Mexico and Argentina) with a point of contact nominated for each State,
    and its AU directory (Kenya) with one; a second coordinator of Mexico."""
    directory, other = network.oas, network.au
    desk = ContactFactory(
        institution=InstitutionFactory(state=network.mexico, name="CSIRT MX"), name="Mesa de Guardia", languages=["es"]
    )
    argentine = ContactFactory(
        institution=InstitutionFactory(state=network.argentina, name="CERT.ar"), name="Pablo Sosa"
    )
    kenyan = ContactFactory(institution=InstitutionFactory(state=network.kenya, name="KE-CIRT"), name="Wanjiru Otieno")
    NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    NominationFactory(directory=directory, contact=argentine)
    NominationFactory(directory=other, contact=kenyan)
    return ApiWorld(
        network=network,
        directory=directory,
        other=other,
        desk=desk,
        argentine=argentine,
        kenyan=kenyan,
        manager=network.manager,
        coordinator_mex=network.coordinator_mex,
        coordinator_mex_2=coordinator_of(network.mexico),
        poc_arg=point_of_contact(argentine),
    )


def token_for(user, *, access=Access.READ, directory=None, days=30) -> str:
    _token, secret = ApiToken.issue(
        user=user, name="script", access=access, directory=directory, expires_at=timezone.now() + timedelta(days=days)
    )
    return secret


def api_client(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})
