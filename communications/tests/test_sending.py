"""Sending a communication: who receives it, in which language, with which deadlines, over real SMTP."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from communications import services
from communications.models import Communication, CommunicationStatus, EventKind, Recipient
from communications.tests.conftest import SENT_AT, incident_draft, plain
from directory.choices import RoleKind
from mail.models import OutboundEmail


def test_a_green_notification_reaches_the_technical_pocs_of_the_recipient_state_only(network, send, mailbox):
    communication = send()
    [message] = mailbox.to("desk@ke-cirt.ke.example.org")
    assert "Interbank payment gateway unreachable" in plain(message)
    assert not mailbox.to("wk@mfa.ke.example.org")  # diplomatic: not addressed
    assert not mailbox.to("desk@cert.ee.example.org")  # a third State
    assert communication.status == CommunicationStatus.SENT
    assert communication.content["systems_concerned"] == "Interbank payment gateway unreachable"
    assert [r.contact for r in communication.recipients.all()] == [network.ke_desk]


def test_deadlines_are_set_from_the_directory_and_shown_in_the_recipients_local_time(network, send, mailbox):
    communication = send()
    assert communication.acknowledge_by == SENT_AT + timedelta(hours=72)
    assert communication.answer_by == SENT_AT + timedelta(days=15)
    text = plain(mailbox.to("desk@ke-cirt.ke.example.org")[0])
    # 09:00 UTC + 72 h is 12:00 in Nairobi (UTC+3).
    assert "2026-11-05 12:00 Africa/Nairobi (UTC+03:00)" in text
    assert "2026-11-05 09:00 UTC" in text


def test_the_recipient_reads_it_in_its_operating_language_and_free_text_is_marked_with_its_language(
    network, send, mailbox
):
    send(sender_state=network.kenya, recipient_state=network.mexico, language="en", user=network.poc_ke)
    [message] = mailbox.to("guardia@csirt.mx.example.org")
    assert OutboundEmail.objects.get(to_address="guardia@csirt.mx.example.org").language == "es"
    text = plain(message)
    # Labels, choices and fixed text in the recipient's language, whatever the sender's ...
    assert "De: Kenya" in text
    assert "Tipo de incidente: Denegación de servicio (DDoS)" in text
    assert "Esta es una notificación de un incidente TIC" in text
    # ... and the free text as written, marked with its language.
    assert "Interbank payment gateway unreachable [escrito en Inglés]" in text


def test_an_exercise_says_so_at_the_head_of_every_message(network, send, mailbox, background):
    communication = send(is_exercise=True)
    background(services.run_due_actions, SENT_AT + timedelta(hours=36))
    background(services.acknowledge, communication, user=network.poc_ke, now=SENT_AT + timedelta(hours=37))
    to_recipient = mailbox.to("desk@ke-cirt.ke.example.org")
    assert len(to_recipient) == 2  # the communication and a reminder
    for message in to_recipient:
        assert message["Subject"].startswith("EXERCISE")
        assert plain(message).startswith("*** EXERCISE")
    [notice] = mailbox.to("guardia.user@mx.example.org")  # the sender reads Spanish
    assert notice["Subject"].startswith("EJERCICIO")
    assert plain(notice).startswith("*** EJERCICIO")


def test_the_timeline_records_the_sending_with_whom_it_reached(network, send):
    communication = send()
    [event] = communication.events.all()
    assert (event.kind, event.detail, event.at) == (EventKind.SENT, "KE-CIRT Desk", SENT_AT)


def test_a_state_without_pocs_of_the_audience_is_refused_with_a_clear_message_and_nothing_is_kept(network, mailbox):
    network.ke_diplomat.nominations.update(status="retired", ends_on=date.today())
    with pytest.raises(ValidationError, match="Kenya has no diplomatic points of contact"):
        services.send(incident_draft(network, audience=RoleKind.DIPLOMATIC.value), user=network.poc_mx, now=SENT_AT)
    assert not Communication.objects.exists()
    assert not Recipient.objects.exists()


def test_a_state_cannot_write_to_itself(network):
    with pytest.raises(ValidationError, match="another State"):
        services.send(incident_draft(network, recipient_state=network.mexico), user=network.poc_mx)
    assert not Communication.objects.exists()


def test_a_communication_keeps_the_template_version_it_was_sent_with(network, send):
    from communication_templates.services import revise_template

    communication = send()
    template = communication.template_version.template
    version = template.current_version
    revise_template(
        template, title={"en": "Incident notice"}, fixed_text=version.fixed_text, fields=version.definitions
    )
    communication.refresh_from_db()
    assert communication.template_version.number == 1
    assert template.current_version.number == 2
