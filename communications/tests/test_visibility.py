"""Only the two States' points of contact and coordinators see an A–B exchange; a third State and managers never."""

import pytest
from django.urls import reverse

from communications.models import Communication
from communications.tests.conftest import SENT_AT

SEES = ("poc_mx", "coordinator_mx", "poc_ke", "poc_ke_diplomat", "coordinator_ke")
SEES_NOTHING = ("poc_ee", "coordinator_ee", "manager")
LISTS = ("communications:inbox", "communications:sent", "communications:needs_action")


@pytest.mark.parametrize("role", SEES)
def test_the_two_states_members_read_the_communication(network, send, client, role):
    communication = send()
    client.force_login(getattr(network, role))
    body = client.get(communication.get_absolute_url()).content.decode()
    assert "Interbank payment gateway unreachable" in body
    found = [client.get(reverse(name)).content.decode() for name in LISTS]
    assert any(communication.get_absolute_url() in page for page in found)


@pytest.mark.parametrize("role", SEES_NOTHING)
def test_a_third_state_and_a_manager_see_nothing_of_an_a_b_exchange(network, send, client, role):
    communication = send()
    client.force_login(getattr(network, role))
    assert client.get(communication.get_absolute_url()).status_code in (403, 404)
    for name in LISTS:
        response = client.get(reverse(name))
        assert communication.get_absolute_url() not in response.content.decode()
        assert "Interbank" not in response.content.decode()
    for action in ("acknowledge", "escalate"):
        assert client.post(reverse(f"communications:{action}", args=[communication.code])).status_code in (403, 404)
    assert client.get(reverse("communications:answer", args=[communication.code])).status_code in (403, 404)
    assert Communication.objects.get().status == "sent"
    assert not communication.events.exclude(kind="sent").exists()


def test_the_manager_sees_only_anonymised_statistics(network, send, client):
    send()
    client.force_login(network.manager)
    body = client.get(reverse("communications:statistics", args=[network.directory.slug])).content.decode()
    assert "November 2026" in body
    for name in ("Mexico", "Kenya", "Interbank", "KE-CIRT"):
        assert name not in body


def test_lists_put_what_is_due_first(network, send, client):
    later = send(now=SENT_AT)
    sooner = send(now=SENT_AT.replace(day=1))
    client.force_login(network.poc_ke)
    body = client.get(reverse("communications:needs_action")).content.decode()
    assert body.index(sooner.get_absolute_url()) < body.index(later.get_absolute_url())


def test_the_detail_shows_each_deadline_in_the_viewers_zone_and_the_recipients_local_time(network, send, client):
    communication = send()
    client.force_login(network.poc_mx)  # in Mexico City
    body = client.get(communication.get_absolute_url()).content.decode()
    assert "2026-11-05 03:00 America/Mexico_City (UTC-06:00)" in body
    assert "2026-11-05 12:00 Africa/Nairobi (UTC+03:00)" in body
    assert "2026-11-17 12:00 Africa/Nairobi (UTC+03:00)" in body


def test_lists_cost_the_same_few_queries_however_many_communications(
    network, send, client, django_assert_max_num_queries
):
    for hour in range(6):
        send(now=SENT_AT.replace(hour=hour))
    client.force_login(network.poc_ke)
    with django_assert_max_num_queries(12):
        client.get(reverse("communications:inbox"))
