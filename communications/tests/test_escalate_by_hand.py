"""Escalating by hand asks first, on a page that works without JavaScript: sent e-mail cannot be recalled."""

from django.urls import reverse

from communications.models import EventKind


def escalate_url(communication) -> str:
    return reverse("communications:escalate", args=[communication.code])


def test_the_detail_page_links_to_a_confirmation_instead_of_escalating_in_one_click(network, send, client):
    communication = send()
    client.force_login(network.poc_mx)
    body = client.get(communication.get_absolute_url()).content.decode()
    assert f'href="{escalate_url(communication)}"' in body
    assert f'action="{escalate_url(communication)}"' not in body


def test_opening_the_escalation_asks_for_confirmation_and_changes_nothing(network, send, client, mailbox):
    communication = send()
    mailbox.clear()
    client.force_login(network.poc_mx)
    response = client.get(escalate_url(communication))
    body = response.content.decode()
    assert response.status_code == 200
    assert "cannot be undone" in body
    assert "The recipient State&#x27;s diplomatic points of contact" in body
    assert 'name="confirm" value="yes"' in body
    assert not communication.events.filter(kind=EventKind.ESCALATED_BY_HAND).exists()
    assert communication.recipients.count() == 1
    assert not mailbox.messages


def test_a_post_without_the_confirmation_only_asks(network, send, client):
    communication = send()
    client.force_login(network.poc_mx)
    response = client.post(escalate_url(communication))
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()
    assert not communication.events.filter(kind=EventKind.ESCALATED_BY_HAND).exists()


def test_confirming_escalates_to_the_next_step(network, send, client, mailbox, django_capture_on_commit_callbacks):
    communication = send()
    client.force_login(network.poc_mx)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(escalate_url(communication), {"confirm": "yes"})
    assert response.status_code == 302
    assert communication.events.filter(kind=EventKind.ESCALATED_BY_HAND).exists()
    assert mailbox.to("wk@mfa.ke.example.org")


def test_once_acknowledged_there_is_nothing_to_confirm(network, send, client):
    communication = send()
    client.force_login(network.poc_ke)
    client.post(reverse("communications:acknowledge", args=[communication.code]))
    client.force_login(network.poc_mx)
    response = client.get(escalate_url(communication))
    assert response.status_code == 302
    assert "Escalate now" not in client.get(communication.get_absolute_url()).content.decode()
