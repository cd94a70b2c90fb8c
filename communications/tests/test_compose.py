"""The compose page: typed fields checked with clear messages, recipients without keys named before sending."""

from django.urls import reverse

from communication_templates.defaults import INCIDENT_NOTIFICATION
from communications.models import Communication
from communications.tests.conftest import INCIDENT, give_key
from directory.choices import RoleKind
from mail.models import OutboundEmail
from mail.tests.keys import make_key_pair


def compose_url(network) -> str:
    return reverse("communications:compose", args=[network.directory.slug, INCIDENT_NOTIFICATION])


def form(network, **changes) -> dict:
    content = {
        **INCIDENT,
        "incident_start": "2026-11-02 06:30",
        "detected_at": "2026-11-02 07:10",
    }
    data = {
        "recipient_state": network.kenya.pk,
        "audience": RoleKind.TECHNICAL.value,
        "tlp": "green",
        "urgency": "high",
        "language": "en",
        **{f"content-{name}": value for name, value in content.items()},
    }
    data["content-affected_sectors"] = ["finance"]
    data.update(changes)
    return data


def test_a_poc_sends_a_notification_from_the_compose_page(network, client, background, mailbox):
    client.force_login(network.poc_mx)
    assert "Incident start (UTC)" in client.get(compose_url(network)).content.decode()
    response = background(client.post, compose_url(network), form(network))
    communication = Communication.objects.get()
    assert response["Location"] == communication.get_absolute_url()
    assert communication.sender_state == network.mexico
    assert communication.content["incident_start"] == "2026-11-02T06:30:00Z"
    assert mailbox.to("desk@ke-cirt.ke.example.org")


def test_a_malformed_date_is_refused_with_a_clear_message_and_nothing_is_sent(network, client, mailbox):
    client.force_login(network.poc_mx)
    response = client.post(compose_url(network), form(network, **{"content-incident_start": "yesterday at noon"}))
    assert response.status_code == 200
    assert "Enter the date and time in UTC as YYYY-MM-DD HH:MM" in response.content.decode()
    assert not Communication.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_an_unknown_choice_and_an_unknown_tlp_are_refused(network, client):
    client.force_login(network.poc_mx)
    response = client.post(compose_url(network), form(network, tlp="purple", **{"content-incident_type": "aliens"}))
    body = response.content.decode()
    assert "Select a valid choice. purple is not one of the available choices." in body
    assert "Choose from the list" in body or "Select a valid choice" in body
    assert not Communication.objects.exists()


def test_a_third_state_cannot_be_addressed_through_a_directory_it_is_not_in(network, client):
    from enlace.testing.factories import state

    client.force_login(network.poc_mx)
    response = client.post(compose_url(network), form(network, recipient_state=state("FJI").pk))
    assert "Choose a State that takes part in this directory." in response.content.decode()
    assert not Communication.objects.exists()


def test_recipients_without_a_key_are_named_before_an_amber_communication_is_sent(network, client, background, mailbox):
    give_key(network.ke_desk, make_key_pair("desk@ke-cirt.ke.example.org"))
    network.ke_diplomat.nominations.create(
        directory=network.directory, role=network.directory.roles.get(kind=RoleKind.TECHNICAL), state=network.kenya
    )
    client.force_login(network.poc_mx)
    first = client.post(compose_url(network), form(network, tlp="amber"))
    body = first.content.decode()
    assert "These recipients have no usable OpenPGP key" in body
    assert "Wanjiru Kamau" in body
    assert not Communication.objects.exists()

    background(client.post, compose_url(network), form(network, tlp="amber", confirm_missing_keys="on"))
    assert Communication.objects.get().content == {}
    assert mailbox.to("desk@ke-cirt.ke.example.org")[0].get_content_type() == "multipart/encrypted"
    assert not mailbox.to("wk@mfa.ke.example.org")


def test_while_filling_in_the_envelope_the_sender_sees_who_lacks_a_key(network, client):
    give_key(network.ke_desk, make_key_pair("desk@ke-cirt.ke.example.org"))
    network.ke_diplomat.nominations.create(
        directory=network.directory, role=network.directory.roles.get(kind=RoleKind.TECHNICAL), state=network.kenya
    )
    client.force_login(network.poc_mx)
    url = reverse("communications:recipients", args=[network.directory.slug])
    body = client.get(url, {"recipient_state": network.kenya.pk, "audience": "technical", "tlp": "red"}).content
    body = body.decode()
    assert "KE-CIRT Desk – encrypted to its OpenPGP key" in body
    assert "Wanjiru Kamau – <strong" in body
    assert "no usable OpenPGP key" in body
    green = client.get(url, {"recipient_state": network.kenya.pk, "audience": "technical", "tlp": "green"})
    assert "OpenPGP" not in green.content.decode()


def test_the_recipients_preview_shows_nothing_of_a_directory_the_sender_is_not_in(network, client):
    from enlace.testing.factories import DirectoryFactory, state

    elsewhere = DirectoryFactory(slug="elsewhere", states=[state("FJI"), network.kenya])
    client.force_login(network.poc_mx)
    url = reverse("communications:recipients", args=[elsewhere.slug])
    assert client.get(url, {"recipient_state": network.kenya.pk, "audience": "technical"}).status_code == 404
