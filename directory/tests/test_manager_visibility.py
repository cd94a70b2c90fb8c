"""A directory's manager sees only the contacts shared with its directories, or that it entered itself."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from access.restriction import restrict
from accounts.principal import principal_for
from directory.models import Contact, ContactEmail, ContactLanguage, Institution
from directory.tests.test_contact_editing import post_new_contact
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
def un(mexico):
    return DirectoryFactory(slug="un", states=[mexico])


@pytest.fixture
def oas(mexico):
    return DirectoryFactory(slug="oas", states=[mexico])


@pytest.fixture
def institution(mexico):
    return InstitutionFactory(state=mexico, name="Centro Nacional de Respuesta")


@pytest.fixture
def oas_only(oas, institution):
    contact = ContactFactory(institution=institution, name="Solo Cicte")
    NominationFactory(directory=oas, contact=contact)
    return contact


@pytest.fixture
def un_manager(client, un):
    client.force_login(manager_of(un))
    return client


def test_a_contact_nominated_only_to_another_directory_is_not_found_by_search(un_manager, oas_only):
    response = un_manager.get(reverse("directory:search"), {"q": "Solo"})
    assert "Solo Cicte" not in response.content.decode()


def test_a_contact_nominated_only_to_another_directory_cannot_be_opened_edited_or_nominated(un_manager, oas_only):
    for name in ("directory:contact", "directory:contact_edit", "directory:contact_nominate"):
        assert un_manager.get(reverse(name, args=[oas_only.code])).status_code == 404


def test_its_addresses_and_languages_stay_hidden_too(un, oas_only):
    principal = principal_for(manager_of(un))
    assert not restrict(ContactEmail.objects.filter(contact=oas_only), principal).exists()
    assert not restrict(ContactLanguage.objects.filter(contact=oas_only), principal).exists()


def test_the_change_log_leaves_out_the_other_directorys_entries(un_manager, oas_only):
    assert LogEntry.objects.filter(additional_data__contact=str(oas_only.code)).exists()
    response = un_manager.get(reverse("audit:change_log"))
    assert "Solo Cicte" not in response.content.decode()


def test_the_change_log_shows_entries_of_contacts_nominated_to_the_managers_directory(un_manager, un, institution):
    contact = ContactFactory(institution=institution, name="Compartido Onu")
    NominationFactory(directory=un, contact=contact)
    response = un_manager.get(reverse("audit:change_log"))
    assert "Compartido Onu" in response.content.decode()


def test_a_contact_once_nominated_to_the_managers_directory_stays_visible_after_retirement(un_manager, un, institution):
    contact = ContactFactory(institution=institution, name="Antiguo Onu")
    nomination = NominationFactory(directory=un, contact=contact)
    nomination.status, nomination.ends_on = "retired", timezone.localdate()
    nomination.save()
    assert un_manager.get(reverse("directory:contact", args=[contact.code])).status_code == 200


def test_a_manager_sees_and_nominates_the_contact_it_entered_from_a_note_verbale(un_manager, mexico, institution):
    post_new_contact(un_manager, institution)
    contact = Contact.objects.get(name="Lucía Quiroga")
    assert un_manager.get(reverse("directory:contact", args=[contact.code])).status_code == 200
    assert un_manager.get(reverse("directory:contact_nominate", args=[contact.code])).status_code == 200


def test_a_coordinator_still_sees_every_contact_of_its_state(client, mexico, oas_only, institution):
    unnominated = ContactFactory(institution=institution, name="Sin Nominar")
    principal = principal_for(coordinator_of(mexico))
    assert set(restrict(Contact.objects.all(), principal)) >= {oas_only, unnominated}


def test_institutions_of_participating_states_stay_visible_to_enter_a_note_verbale(un, institution, oas_only):
    principal = principal_for(manager_of(un))
    assert restrict(Institution.objects.all(), principal).filter(pk=institution.pk).exists()


def test_the_api_lists_no_contact_nominated_only_to_another_directory(un_manager, un, oas_only, institution):
    shared = ContactFactory(institution=institution, name="Compartido Onu")
    NominationFactory(directory=un, contact=shared)
    names = [row["name"] for row in un_manager.get("/api/v1/contacts/").json()["results"]]
    assert names == ["Compartido Onu"]


def test_the_export_leaves_out_a_contact_nominated_only_to_another_directory(un_manager, un, oas_only, institution):
    shared = ContactFactory(institution=institution, name="Compartido Onu")
    NominationFactory(directory=un, contact=shared)
    response = un_manager.get(reverse("import_export:export", kwargs={"slug": un.slug, "format": "csv"}))
    body = b"".join(response.streaming_content).decode()
    assert "Compartido Onu" in body
    assert "Solo Cicte" not in body
