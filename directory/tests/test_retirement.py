"""Retiring asks first, can be scheduled for a later day, and can be undone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from directory import tasks
from directory.choices import NominationStatus
from directory.services import retire_due_nominations
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    coordinator_of,
    state,
)


@pytest.fixture
def mexico(db):
    return state("MEX")


@pytest.fixture
def directory(mexico):
    return DirectoryFactory(slug="un", states=[mexico])


@pytest.fixture
def nomination(mexico, directory):
    contact = ContactFactory(institution=InstitutionFactory(state=mexico), name="Ximena Valdivieso")
    return NominationFactory(directory=directory, contact=contact, starts_on=timezone.localdate() - timedelta(days=30))


@pytest.fixture
def coordinator(client, mexico):
    client.force_login(coordinator_of(mexico))
    return client


def retire(client, nomination, ends_on):
    return client.post(reverse("directory:nomination_retire", args=[nomination.code]), {"ends_on": ends_on})


def test_the_contact_page_links_to_a_confirmation_page_instead_of_retiring_on_one_click(coordinator, nomination):
    url = reverse("directory:nomination_retire", args=[nomination.code])
    page = coordinator.get(nomination.contact.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    assert f'action="{url}"' not in page
    confirmation = coordinator.get(url)
    assert "Retire Ximena Valdivieso as Diplomatic point of contact" in confirmation.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACTIVE


def test_a_future_end_date_keeps_the_nomination_active_until_that_day(coordinator, nomination):
    ends_on = timezone.localdate() + timedelta(days=10)
    retire(coordinator, nomination, ends_on.isoformat())
    nomination.refresh_from_db()
    assert (nomination.status, nomination.retires_on) == (NominationStatus.ACTIVE, ends_on)
    page = coordinator.get(nomination.contact.get_absolute_url()).content.decode()
    assert "retires on" in page


def test_the_periodic_job_retires_it_on_that_day_and_only_once(coordinator, nomination):
    ends_on = timezone.localdate() + timedelta(days=10)
    retire(coordinator, nomination, ends_on.isoformat())
    assert retire_due_nominations(today=ends_on - timedelta(days=1)) == 0
    assert retire_due_nominations(today=ends_on) == 1
    assert retire_due_nominations(today=ends_on) == 0
    nomination.refresh_from_db()
    assert (nomination.status, nomination.ends_on) == (NominationStatus.RETIRED, ends_on)


def test_the_hourly_task_retires_what_is_due(nomination):
    Nomination = type(nomination)
    Nomination.objects.filter(pk=nomination.pk).update(ends_on=timezone.localdate())
    tasks.retire_due_nominations.call()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETIRED


def test_an_end_date_before_the_start_is_refused_with_a_message(coordinator, nomination):
    response = retire(coordinator, nomination, (nomination.starts_on - timedelta(days=1)).isoformat())
    assert response.status_code == 400
    assert "A nomination cannot end before it started" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACTIVE


def test_a_retired_nomination_is_reinstated(coordinator, nomination):
    retire(coordinator, nomination, timezone.localdate().isoformat())
    coordinator.post(reverse("directory:nomination_reinstate", args=[nomination.code]))
    nomination.refresh_from_db()
    assert (nomination.status, nomination.ends_on) == (NominationStatus.ACTIVE, None)


def test_reinstating_cancels_a_scheduled_retirement(coordinator, nomination):
    retire(coordinator, nomination, (timezone.localdate() + timedelta(days=3)).isoformat())
    coordinator.post(reverse("directory:nomination_reinstate", args=[nomination.code]))
    nomination.refresh_from_db()
    assert (nomination.status, nomination.ends_on) == (NominationStatus.ACTIVE, None)


def test_reinstating_beside_a_newer_active_nomination_to_the_role_is_refused_with_a_message(coordinator, nomination):
    retire(coordinator, nomination, timezone.localdate().isoformat())
    NominationFactory(directory=nomination.directory, contact=nomination.contact, role=nomination.role)
    response = coordinator.post(reverse("directory:nomination_reinstate", args=[nomination.code]), follow=True)
    assert "already holds another active nomination to this role" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETIRED


def test_a_coordinator_of_another_state_cannot_reinstate(client, nomination):
    nomination.status, nomination.ends_on = NominationStatus.RETIRED, timezone.localdate()
    nomination.save()
    client.force_login(coordinator_of(state("KEN")))
    response = client.post(reverse("directory:nomination_reinstate", args=[nomination.code]))
    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.RETIRED


def test_in_french_a_retired_nominations_status_agrees_with_designation(coordinator, nomination):
    retire(coordinator, nomination, timezone.localdate().isoformat())
    page = coordinator.get(nomination.contact.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<td>Retirée" in page
