"""AMBER and above: delivered only encrypted to recipients with keys, and nothing of the content left behind."""

import email
import email.policy
import io
import logging
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from communications import services
from communications.models import Communication, EventKind, Recipient, Tlp
from communications.tests.conftest import SENT_AT, give_key, incident_draft
from mail.models import EmailStatus, OutboundEmail
from mail.tests.keys import make_key_pair

SECRET = "Beacon to c2.secret-7f3a.example"


def secret_values() -> dict:
    from communications.tests.conftest import INCIDENT

    return {**INCIDENT, "technical_indicators": SECRET}


def decrypted_text(message, keys) -> str:
    assert message.get_content_type() == "multipart/encrypted"
    _control, payload = message.iter_parts()
    inner = email.message_from_string(keys.decrypt(payload.get_payload()), policy=email.policy.default)
    return inner.get_body(("plain",)).get_content()


@pytest.fixture
def desk_keys(network):
    keys = make_key_pair("desk@ke-cirt.ke.example.org")
    give_key(network.ke_desk, keys)
    return keys


def test_a_red_notification_arrives_encrypted_and_the_recipient_decrypts_it_with_its_key(
    network, send, mailbox, desk_keys
):
    communication = send(tlp="red", values=secret_values())
    [message] = mailbox.to("desk@ke-cirt.ke.example.org")
    assert SECRET not in message.as_string()
    text = decrypted_text(message, desk_keys)
    assert SECRET in text
    assert "TLP:RED" in text
    assert Recipient.objects.get(communication=communication).encrypted


def test_no_amber_content_is_left_in_the_database_the_logs_or_the_task_queue(
    network, transactional_db, settings, caplog, mailbox, desk_keys
):
    # The real task queue (a database table) and the real worker, not the in-process runner.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    caplog.set_level(logging.DEBUG)
    communication = services.send(
        incident_draft(network, tlp="amber_strict", values=secret_values()), user=network.poc_mx, now=SENT_AT
    )
    queued = io.StringIO()
    call_command("dumpdata", "django_tasks_database", stdout=queued)
    assert "deliver_email" in queued.getvalue()
    assert SECRET not in queued.getvalue()

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")

    assert OutboundEmail.objects.get(to_address="desk@ke-cirt.ke.example.org").status == EmailStatus.SENT
    assert SECRET in decrypted_text(mailbox.to("desk@ke-cirt.ke.example.org")[0], desk_keys)
    everything = io.StringIO()
    call_command("dumpdata", stdout=everything)  # every table, the task queue and the outbox included
    assert str(communication.code) in everything.getvalue()
    assert SECRET not in everything.getvalue()
    assert "Interbank payment gateway" not in everything.getvalue()
    assert SECRET not in caplog.text
    assert Communication.objects.get().content == {}
    assert OutboundEmail.objects.get().body_text == ""  # even the ciphertext is gone once delivered


def test_recipients_without_a_key_are_named_before_sending_and_left_out(network, send, mailbox, desk_keys):
    from directory.choices import RoleKind

    draft = incident_draft(network, audience=RoleKind.DIPLOMATIC.value, tlp="amber", also=[network.ke_desk])
    assert services.lacking_keys(services.check_draft(draft), "amber") == [network.ke_diplomat]
    communication = send(audience=RoleKind.DIPLOMATIC.value, tlp="amber", also=[network.ke_desk])
    assert not mailbox.to("wk@mfa.ke.example.org")
    assert len(mailbox.to("desk@ke-cirt.ke.example.org")) == 1
    assert communication.events.filter(kind=EventKind.KEY_MISSING, detail="Wanjiru Kamau").exists()


def test_when_no_recipient_has_a_key_amber_is_refused_and_nothing_is_kept_or_sent(network, mailbox):
    with pytest.raises(ValidationError, match="None of the recipients has a usable OpenPGP key"):
        services.send(incident_draft(network, tlp="red"), user=network.poc_mx)
    assert not Communication.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert not mailbox.messages


def test_green_content_is_kept_and_amber_content_cannot_be_stored_even_by_mistake(network, send):
    assert send(tlp="green").content["incident_type"] == "ddos"
    kept = Communication.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Communication.objects.filter(pk=kept.pk).update(tlp="amber")


def test_an_amber_answer_goes_back_encrypted_and_is_not_kept_either(network, send, mailbox, background):
    from communications.tests.conftest import answer_values

    original = send()
    keys = make_key_pair("guardia@csirt.mx.example.org")
    give_key(network.mx_desk, keys)
    draft = services.Draft(
        **services.answer_draft(original, sender_state=network.kenya),
        audience="technical",
        tlp="amber",
        urgency="high",
        language="en",
        values=answer_values(SECRET),
    )
    answer = background(services.send, draft, user=network.poc_ke_diplomat, now=SENT_AT)
    assert answer.content == {}
    [message] = mailbox.to("guardia@csirt.mx.example.org")
    assert SECRET not in message.as_string()
    assert SECRET in decrypted_text(message, keys)


@pytest.mark.parametrize("tlp", ["amber", "amber_strict", "red"])
def test_an_encrypted_communication_says_nothing_in_its_outer_subject_and_protects_the_real_one_inside(
    network, send, mailbox, desk_keys, tlp
):
    send(tlp=tlp, values=secret_values())
    [message] = mailbox.to("desk@ke-cirt.ke.example.org")
    outer = message["Subject"]
    assert outer == "Enlace: encrypted message"
    for revealing in ("TLP", "AMBER", "RED", "Mexico", "Kenya", "UN Global", "incident", "Incident"):
        assert revealing not in outer
    _control, payload = message.iter_parts()
    inner = email.message_from_string(desk_keys.decrypt(payload.get_payload()), policy=email.policy.default)
    assert inner.get_param("protected-headers") == "v1"
    assert inner["Subject"].startswith(f"[{Tlp(tlp).label}]")
    assert inner["Subject"].endswith("from Mexico")
    assert inner["To"] == "desk@ke-cirt.ke.example.org"
    # Nor is the real subject kept in the outbox.
    assert not OutboundEmail.objects.filter(subject__contains="Mexico", to_address="desk@ke-cirt.ke.example.org")


def test_amber_reminders_and_news_to_the_sender_go_encrypted_to_those_with_a_key(
    network, send, mailbox, desk_keys, background, client
):
    sender_keys = make_key_pair("guardia@csirt.mx.example.org")
    give_key(network.mx_desk, sender_keys)
    communication = send(tlp="amber", values=secret_values())
    mailbox.clear()
    background(services.run_due_actions, SENT_AT + timedelta(hours=36))
    [reminder] = mailbox.to("desk@ke-cirt.ke.example.org")
    assert reminder["Subject"] == "Enlace: encrypted message"
    _control, payload = reminder.iter_parts()
    inner = email.message_from_string(desk_keys.decrypt(payload.get_payload()), policy=email.policy.default)
    assert inner["Subject"].startswith("[TLP:AMBER] Reminder")
    client.force_login(network.poc_ke)
    background(client.post, reverse("communications:acknowledge", args=[communication.code]))
    [news] = mailbox.to("guardia.user@mx.example.org")
    assert news["Subject"] == "Enlace: mensaje cifrado"  # neutral, in the sender's language
    _control, payload = news.iter_parts()
    inner = email.message_from_string(sender_keys.decrypt(payload.get_payload()), policy=email.policy.default)
    assert inner["Subject"].startswith("[TLP:AMBER]")  # in the sender's language (Spanish)
