"""A manager keeps its directory's rules, roles and participating States as data."""

import pytest
from django.urls import reverse

from communications.models import Deadlines
from directory.choices import RoleKind
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    manager_of,
    state,
)
from pings.models import PingSchedule


@pytest.fixture
def directory(db):
    return DirectoryFactory(slug="oas", name="OAS network", states=[state("MEX"), state("ARG")])


@pytest.fixture
def manager_client(client, directory):
    client.force_login(manager_of(directory))
    return client


def settings_form(directory, **overrides) -> dict:
    data = {
        "original_language": "en",
        "name_en": directory.name,
        "description_en": "",
        "managing_body": "OAS CICTE Secretariat",
        "ping_interval_months": 6,
        "ping_round_days": 14,
        "ping_reminder_days": "3,7",
        "acknowledgement_hours": 72,
        "answer_days": 15,
        "is_listed_publicly": "on",
        "publishes_participants": "on",
        "role_kinds": [RoleKind.DIPLOMATIC, RoleKind.TECHNICAL, RoleKind.POLITICAL],
        "states": [state("MEX").pk, state("ARG").pk, state("CHL").pk],
    }
    data.update(overrides)
    return data


def test_manager_changes_rules_roles_and_participants(manager_client, directory):
    url = reverse("directory:settings", args=[directory.slug])
    response = manager_client.post(url, settings_form(directory, ping_interval_months=3, answer_days=10))
    assert response.status_code == 302
    directory.refresh_from_db()
    # The features' rules are saved with the directory's own, in the same POST.
    assert PingSchedule.objects.get(directory=directory).ping_interval_months == 3
    assert Deadlines.objects.get(directory=directory).answer_days == 10
    assert not directory.publishes_counts
    assert list(directory.roles.values_list("kind", flat=True)) == ["diplomatic", "technical", "political"]
    assert set(directory.participants.values_list("iso3", flat=True)) == {"MEX", "ARG", "CHL"}


def test_a_state_with_active_nominations_cannot_be_removed(manager_client, directory):
    NominationFactory(directory=directory, contact=ContactFactory(institution=InstitutionFactory(state=state("ARG"))))
    url = reverse("directory:settings", args=[directory.slug])
    response = manager_client.post(url, settings_form(directory, states=[state("MEX").pk]))
    assert "These States still have active nominations: Argentina." in response.content.decode()
    assert directory.participants.filter(iso3="ARG").exists()


def test_a_directory_names_the_roles_it_uses(db, client):
    """Like the OAS 24/7 network: diplomatic and law enforcement, no technical role."""
    network = DirectoryFactory(slug="oas-24-7", roles=[RoleKind.DIPLOMATIC, RoleKind.LAW_ENFORCEMENT])
    client.force_login(manager_of(network))
    url = reverse("directory:settings", args=[network.slug])
    kinds = [RoleKind.DIPLOMATIC, RoleKind.LAW_ENFORCEMENT]
    response = client.post(url, settings_form(network, role_kinds=kinds, states=[state("MEX").pk]))
    assert response.status_code == 302
    assert list(network.roles.values_list("kind", flat=True)) == kinds


def test_a_directory_uses_at_least_one_role(manager_client, directory):
    url = reverse("directory:settings", args=[directory.slug])
    response = manager_client.post(url, settings_form(directory, role_kinds=[]))
    assert "Choose at least one role to nominate points of contact to." in response.content.decode()
    assert directory.roles.count() == 2


def test_a_rule_must_be_positive(manager_client, directory):
    url = reverse("directory:settings", args=[directory.slug])
    response = manager_client.post(url, settings_form(directory, acknowledgement_hours=0))
    assert 'id="id_acknowledgement_hours_error"' in response.content.decode()
    assert Deadlines.of(directory).acknowledgement_hours == 72
    assert not Deadlines.objects.filter(directory=directory).exists()
    assert not PingSchedule.objects.filter(directory=directory).exists(), "nothing is saved while a section is wrong"


def test_reminder_days_must_be_whole_days(manager_client, directory):
    url = reverse("directory:settings", args=[directory.slug])
    response = manager_client.post(url, settings_form(directory, ping_reminder_days="3,seven"))
    assert 'id="id_ping_reminder_days_error"' in response.content.decode()
    assert PingSchedule.of(directory).ping_reminder_days == "3,7"
