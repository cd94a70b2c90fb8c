"""New records start from sensible defaults: the State's time zone, the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Invitation, Role
from accounts.services import accept_invitation
from directory.services import ContactData, write_contact
from enlace.testing.factories import ContactFactory, InstitutionFactory, coordinator_of, state
from repository.forms import DocumentForm
from tokens.links import issue_token


@pytest.fixture
def mexico(db):
    return state("MEX")


def test_a_state_has_its_capitals_time_zone(db):
    assert state("MEX").time_zone == "America/Mexico_City"
    assert state("KEN").time_zone == "Africa/Nairobi"
    assert state("USA").time_zone == "America/New_York"


def test_the_new_contact_form_starts_in_the_states_time_zone(client, mexico):
    InstitutionFactory(state=mexico)
    client.force_login(coordinator_of(mexico))
    page = client.get(reverse("directory:contact_create", args=["MEX"])).content.decode()
    assert '<option value="America/Mexico_City" selected>' in page


def test_a_contact_written_without_a_time_zone_gets_the_states(mexico):
    institution = InstitutionFactory(state=mexico)
    fields = {"institution": institution.pk, "name": "Mesa de Guardia", "languages": "es"}
    contact = write_contact(state=mexico, data=ContactData(fields=fields, emails=[("guardia@mx.example.org", "duty")]))
    assert contact.time_zone == "America/Mexico_City"


def test_a_new_coordinator_account_starts_in_its_states_time_zone(mexico):
    invitation = Invitation.objects.create(
        email="coordinadora@mx.example.org", role=Role.COORDINATOR, state=mexico, token_hash=issue_token().digest
    )
    user = accept_invitation(invitation, name="Coordinadora", password="a-long-test-password-1")
    assert user.time_zone == "America/Mexico_City"


def test_a_new_point_of_contact_account_starts_in_its_contacts_time_zone(mexico):
    contact = ContactFactory(institution=InstitutionFactory(state=mexico), time_zone="America/Tijuana")
    invitation = Invitation.objects.create(
        email="poc@mx.example.org",
        role=Role.POINT_OF_CONTACT,
        state=mexico,
        contact=contact,
        token_hash=issue_token().digest,
    )
    user = accept_invitation(invitation, name="Punto", password="a-long-test-password-1")
    assert user.time_zone == "America/Tijuana"


@pytest.mark.parametrize(("reader", "expected"), [("es", "es"), ("fr", "fr"), ("en", "en")])
def test_a_new_documents_language_is_the_readers(mexico, reader, expected):
    with translation.override(reader):
        form = DocumentForm(state=mexico)
        assert form["language"].value() == expected
