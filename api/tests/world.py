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
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    coordinator_of,
    manager_of,
    point_of_contact,
    state,
)


@dataclass
class ApiWorld:
    directory: object
    other: object
    desk: object
    kenyan: object
    estonian: object
    manager: object
    coordinator_mex: object
    coordinator_mex_2: object
    poc_ken: object


@built_once
def api_world() -> ApiWorld:
    """Mexico and Kenya in "un"; Estonia in "osce" only. Two coordinators of Mexico."""
    mexico, kenya, estonia = state("MEX"), state("KEN"), state("EST")
    directory = DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[mexico, kenya])
    other = DirectoryFactory(slug="osce", name="OSCE Directory", states=[estonia])
    desk = ContactFactory(
        institution=InstitutionFactory(state=mexico, name="CSIRT MX"), name="Mesa de Guardia", languages=["es"]
    )
    kenyan = ContactFactory(institution=InstitutionFactory(state=kenya, name="KE-CIRT"), name="Wanjiru Otieno")
    estonian = ContactFactory(institution=InstitutionFactory(state=estonia, name="CERT-EE"), name="Kadri Tamm")
    NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    NominationFactory(directory=directory, contact=kenyan)
    NominationFactory(directory=other, contact=estonian)
    return ApiWorld(
        directory=directory,
        other=other,
        desk=desk,
        kenyan=kenyan,
        estonian=estonian,
        manager=manager_of(directory),
        coordinator_mex=coordinator_of(mexico),
        coordinator_mex_2=coordinator_of(mexico),
        poc_ken=point_of_contact(kenyan),
    )


def token_for(user, *, access=Access.READ, directory=None, days=30) -> str:
    _token, secret = ApiToken.issue(
        user=user, name="script", access=access, directory=directory, expires_at=timezone.now() + timedelta(days=days)
    )
    return secret


def api_client(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})
