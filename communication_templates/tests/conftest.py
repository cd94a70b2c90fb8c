"""The communication templates' tests start from the shared network's OAS network (``enlace.testing.world``)."""

from unittest import mock

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from communication_templates.defaults import INCIDENT_NOTIFICATION
from communication_templates.models import CommunicationTemplate
from enlace.testing.world import Network


@pytest.fixture(autouse=True)
def english_reader():
    """Tests read English unless they choose another language (earlier tests may leave one active)."""
    with translation.override("en"):
        yield


@pytest.fixture
def directory(network: Network):
    """The shared network's OAS network, of Mexico and Argentina; it starts with the standard templates."""
    return network.oas


@pytest.fixture
def manager(network: Network):
    return network.manager


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def incident(directory) -> CommunicationTemplate:
    return CommunicationTemplate.objects.get(directory=directory, key=INCIDENT_NOTIFICATION)


@pytest.fixture
def spanish_catalogue():
    """Add entries to the Spanish catalogue for one test: ``spanish_catalogue({"English": "Español"})``.

    The template texts are translated by the project's catalogue, which is written
    after the code; this lets a test show the mechanism without depending on it.
    """
    patches = []

    def add(entries: dict[str, str]) -> None:
        catalogue = trans_real.translation("es")._catalog._catalogs[0]
        patch = mock.patch.dict(catalogue, entries)
        patch.start()
        patches.append(patch)

    yield add
    for patch in patches:
        patch.stop()
