"""Who sees which document: public ones everyone; participants-only ones the States sharing a directory."""

import pytest
from django.test import Client
from django.urls import reverse

from enlace.testing.factories import DocumentFactory
from repository.choices import Visibility

PUBLIC_NAME = "Estrategia Pública"
RESERVED_NAME = "Plan Reservado"


@pytest.fixture
def documents(network):
    public = DocumentFactory(state=network.mexico, name=PUBLIC_NAME)
    reserved = DocumentFactory(state=network.mexico, name=RESERVED_NAME, visibility=Visibility.PARTICIPANTS)
    return public, reserved


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_list_shows_public_documents_only(documents):
    body = _client().get(reverse("repository:public", args=["oas"])).content.decode()
    assert PUBLIC_NAME in body
    assert RESERVED_NAME not in body


def test_a_participants_only_document_asks_a_visitor_to_sign_in(documents):
    _public, reserved = documents
    response = _client().get(reverse("repository:document", args=[reserved.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_public_document_is_open_to_a_visitor(documents):
    public, _reserved = documents
    assert _client().get(reverse("repository:document", args=[public.code])).status_code == 200


def test_a_state_sharing_a_directory_reads_a_participants_only_document(network, documents):
    _public, reserved = documents
    client = _client(network.poc_arg)
    assert client.get(reverse("repository:document", args=[reserved.code])).status_code == 200
    assert RESERVED_NAME in client.get(reverse("repository:documents", args=["oas"])).content.decode()


def test_a_state_sharing_no_directory_does_not_learn_it_exists(network, documents):
    _public, reserved = documents
    client = _client(network.coordinator_ken)
    assert client.get(reverse("repository:document", args=[reserved.code])).status_code == 404
    assert client.get(reverse("repository:file", args=[reserved.code])).status_code == 404
    assert client.get(reverse("repository:documents", args=["oas"])).status_code == 404


def test_a_state_sharing_no_directory_still_reads_public_documents(network, documents):
    public, _reserved = documents
    assert _client(network.coordinator_ken).get(reverse("repository:document", args=[public.code])).status_code == 200


def test_only_the_states_own_coordinator_and_its_managers_edit_a_document(network, documents):
    public, _reserved = documents
    url = reverse("repository:edit", args=[public.code])
    assert _client(network.coordinator_mex).get(url).status_code == 200
    assert _client(network.manager).get(url).status_code == 200
    assert _client(network.coordinator_ken).get(url).status_code == 403
    assert _client(network.coordinator_ken).get(reverse("repository:create", args=["MEX"])).status_code == 403
