"""Every change to directory records is logged with who, when, from where, and before/after."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from directory.models import Contact, Institution
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    coordinator_of,
    manager_of,
    state,
)


@pytest.fixture
def mexico(db):
    return state("MEX")


@pytest.fixture
def coordinator(mexico):
    return coordinator_of(mexico)


def test_a_change_made_through_the_site_records_actor_address_and_before_after(client, mexico, coordinator):
    institution = InstitutionFactory(state=mexico, name="Agencia Digital")
    client.force_login(coordinator)
    client.post(
        reverse("directory:institution_edit", args=[institution.code]),
        {"name": "Agencia de Transformación Digital", "kind": "ministry"},
        REMOTE_ADDR="192.0.2.10",
    )
    entry = LogEntry.objects.get_for_object(institution).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == coordinator
    assert entry.remote_addr == "192.0.2.10"
    assert entry.changes_dict["name"] == ["Agencia Digital", "Agencia de Transformación Digital"]
    assert entry.additional_data == {"state": mexico.pk}


def test_creating_and_deleting_are_logged(client, mexico, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("directory:institution_create", args=["MEX"]), {"name": "Policía Cibernética", "kind": "police"}
    )
    institution = Institution.objects.get(name="Policía Cibernética")
    client.post(reverse("directory:institution_delete", args=[institution.code]))
    actions = set(LogEntry.objects.filter(object_repr="Policía Cibernética").values_list("action", flat=True))
    assert actions == {LogEntry.Action.CREATE, LogEntry.Action.DELETE}


def test_contact_details_changes_are_logged_against_the_contact(client, mexico, coordinator):
    contact = ContactFactory(institution=InstitutionFactory(state=mexico), email="old@mx.example.org")
    email = contact.emails.get()
    email.address = "new@mx.example.org"
    email.save()
    entries = LogEntry.objects.filter(additional_data__contact=str(contact.code))
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()


def test_a_coordinator_reads_its_own_states_log_and_not_anothers(client, mexico, coordinator):
    kenya = state("KEN")
    InstitutionFactory(state=mexico, name="Registro Mexicano")
    InstitutionFactory(state=kenya, name="Kenyan Registry")
    client.force_login(coordinator)
    page = client.get(reverse("audit:change_log")).content.decode()
    assert "Registro Mexicano" in page
    assert "Kenyan Registry" not in page
    filtered = client.get(reverse("audit:change_log"), {"state": "KEN"}).content.decode()
    assert "Kenyan Registry" not in filtered


def test_a_manager_reads_the_log_of_its_directorys_states_only(client, mexico):
    directory = DirectoryFactory(states=[mexico])
    contact = ContactFactory(institution=InstitutionFactory(state=mexico), name="Nominated Person")
    NominationFactory(contact=contact, directory=directory)
    InstitutionFactory(state=state("EST"), name="Estonian Agency")
    client.force_login(manager_of(directory))
    page = client.get(reverse("audit:change_log")).content.decode()
    assert "Nominated Person" in page
    assert "Estonian Agency" not in page


def test_contacts_are_logged_with_their_state_for_scoping(mexico):
    contact = ContactFactory(institution=InstitutionFactory(state=mexico))
    entry = LogEntry.objects.get_for_object(Contact.objects.get(pk=contact.pk)).get()
    assert entry.additional_data["state"] == mexico.pk
