"""Acknowledging (one click, from the e-mail or in Enlace) and answering with the answer template."""

import re

from django.urls import reverse

from communications import services
from communications.models import Communication, CommunicationStatus, EventKind
from communications.tests.conftest import SENT_AT, ack_link_in, answer_values, plain
from directory.choices import RoleKind


def test_opening_the_emailed_link_acknowledges_nothing_and_the_post_acknowledges(
    network, send, client, mailbox, background
):
    communication = send()
    link = ack_link_in(plain(mailbox.to("desk@ke-cirt.ke.example.org")[0]))
    page = client.get(link)
    assert page.status_code == 200
    assert "Acknowledge receipt" in page.content.decode()
    communication.refresh_from_db()
    assert communication.status == CommunicationStatus.SENT  # mail scanners open links

    mailbox.clear()
    done = background(client.post, link)
    assert "Receipt is acknowledged" in done.content.decode()
    communication.refresh_from_db()
    assert communication.status == CommunicationStatus.ACKNOWLEDGED
    assert communication.events.get(kind=EventKind.ACKNOWLEDGED).by_contact == network.ke_desk
    [notice] = mailbox.to("guardia.user@mx.example.org")
    # In the sender's own language (Mexico's desk works in Spanish), with the time in its zone.
    assert "KE-CIRT Desk (Kenya) acusó recibo de su comunicación «Notificación de incidente TIC»" in plain(notice)
    assert "America/Mexico_City" in plain(notice)


def test_a_second_acknowledgement_changes_nothing(network, send, client, mailbox):
    communication = send()
    link = ack_link_in(plain(mailbox.to("desk@ke-cirt.ke.example.org")[0]))
    client.post(link)
    first = Communication.objects.get().acknowledged_at
    assert "already acknowledged" in client.post(link).content.decode()
    assert Communication.objects.get().acknowledged_at == first
    assert communication.events.filter(kind=EventKind.ACKNOWLEDGED).count() == 1


def test_a_made_up_link_is_refused(client, db):
    response = client.get(reverse("communications:acknowledge_link", args=["x" * 43]))
    assert response.status_code == 404


def test_a_recipient_acknowledges_in_enlace(network, send, client):
    communication = send()
    client.force_login(network.poc_ke)
    response = client.post(reverse("communications:acknowledge", args=[communication.code]), follow=True)
    assert "Acknowledged. The sender has been told." in response.content.decode()
    communication.refresh_from_db()
    assert communication.status == CommunicationStatus.ACKNOWLEDGED


def test_the_sender_cannot_acknowledge_its_own_communication(network, send, client):
    communication = send()
    client.force_login(network.poc_mx)
    response = client.post(reverse("communications:acknowledge", args=[communication.code]))
    assert response.status_code == 403
    assert Communication.objects.get().status == CommunicationStatus.SENT


def answer_form(**changes) -> dict:
    data = {
        "sender_state": "",
        "audience": RoleKind.TECHNICAL.value,
        "tlp": "green",
        "urgency": "routine",
        "language": "en",
        **{f"content-{name}": value for name, value in answer_values().items()},
    }
    data.update(changes)
    return data


def test_the_diplomatic_poc_answers_with_the_answer_template_threaded_to_the_original(
    network, send, client, mailbox, background
):
    original = send()
    client.force_login(network.poc_ke_diplomat)
    page = client.get(reverse("communications:answer", args=[original.code]))
    assert "Text of the answer" in page.content.decode()
    mailbox.clear()
    response = background(
        client.post, reverse("communications:answer", args=[original.code]), answer_form(sender_state=network.kenya.pk)
    )
    answer = Communication.objects.get(in_reply_to=original)
    assert response.status_code == 302
    assert response["Location"] == answer.get_absolute_url()
    assert answer.template_version.template.kind == "answer"
    assert (answer.sender_state, answer.recipient_state) == (network.kenya, network.mexico)
    assert answer.acknowledge_by is None
    original.refresh_from_db()
    assert original.status == CommunicationStatus.ANSWERED
    assert original.acknowledged_at == original.answered_at  # answering acknowledges too
    assert not original.actions.pending().exists()
    [message] = mailbox.to("guardia@csirt.mx.example.org")
    assert "Sources blocked at our IXP" in plain(message)
    # The thread shows on the original.
    client.force_login(network.poc_mx)
    assert answer.get_absolute_url() in client.get(original.get_absolute_url()).content.decode()


def test_an_answer_with_a_missing_required_value_is_refused_and_changes_nothing(network, send, client):
    original = send()
    client.force_login(network.poc_ke_diplomat)
    response = client.post(
        reverse("communications:answer", args=[original.code]),
        answer_form(sender_state=network.kenya.pk, **{"content-answer": ""}),
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Communication.objects.filter(in_reply_to=original).exists()
    original.refresh_from_db()
    assert original.status == CommunicationStatus.SENT


def _timeline_text(body: str) -> str:
    timeline = body[body.index('id="timeline"') : body.index("</ol>", body.index('id="timeline"'))]
    return re.sub(r"<[^>]+>", "", timeline)


def test_the_timeline_names_an_answer_and_links_to_it_instead_of_showing_its_code(network, send, client, background):
    original = send()
    draft = services.Draft(
        **services.answer_draft(original, sender_state=network.kenya),
        audience="technical",
        tlp="green",
        urgency="routine",
        language="en",
        values=answer_values(),
    )
    answer = background(services.send, draft, user=network.poc_ke_diplomat, now=SENT_AT.replace(hour=14))
    client.force_login(network.poc_mx)  # in Mexico City
    body = client.get(original.get_absolute_url()).content.decode()
    text = _timeline_text(body)
    assert str(answer.code) not in text
    assert "Answer from Kenya, 2026-11-02 08:00 America/Mexico_City (UTC-06:00)" in text
    assert f'<a href="{answer.get_absolute_url()}">Answer from Kenya' in body


def test_the_acknowledgement_link_opens_in_the_recipients_language(network, send, mailbox, client):
    send(sender_state=network.kenya, recipient_state=network.mexico, language="en", user=network.poc_ke)
    link = ack_link_in(plain(mailbox.to("guardia@csirt.mx.example.org")[0]))

    response = client.get(link, HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "es"
    assert '<html lang="es"' in response.content.decode()
