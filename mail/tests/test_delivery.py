"""The outbox: real SMTP delivery, retries with back-off, permanent failures, one delivery per message."""

import email as email_parser
import email.policy as email_policy
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from mail import services
from mail.models import DeliveryAttempt, EmailStatus, OutboundEmail, UndeliverableAddress
from mail.tasks import deliver_due_emails
from mail.tests.keys import make_key_pair


class RefusingHandler:
    def __init__(self, reply: str):
        self.reply = reply

    async def handle_DATA(self, server, session, envelope):
        return self.reply


@pytest.fixture
def smtp_replying(settings):
    """Point the mailer at an SMTP server that answers DATA with the given reply."""
    controllers = []

    def start(reply: str):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(RefusingHandler(reply), hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        settings.MAILERS = {"default": {"OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5}}}

    yield start
    for controller in controllers:
        controller.stop()


def queue(**overrides) -> OutboundEmail:
    fields = {
        "to": "duty@csirt.mx.example.org",
        "template": "mail/email/test_message",
        "context": {"name": "Lucía"},
        "language": "en",
        "purpose": "test",
    }
    fields.update(overrides)
    return services.queue_email(**fields)


def test_a_queued_message_is_delivered_over_smtp_with_text_and_html(db, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    [message] = mailbox.to("duty@csirt.mx.example.org")
    assert message["Subject"] == "Test message for Lucía"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "Hello Lucía" in message.get_body(("plain",)).get_content()
    assert "<strong>Lucía</strong>" in message.get_body(("html",)).get_content()
    assert email.delivery_attempts.get().succeeded


def test_the_message_is_rendered_in_the_recipients_language(db, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(language="es")
    [message] = mailbox.messages
    assert message["Subject"] == "Mensaje de prueba para Lucía"


def test_delivering_twice_sends_once(db, mailbox):
    email = queue()
    services.deliver(email.pk)
    services.deliver(email.pk)
    assert len(mailbox.messages) == 1
    assert email.delivery_attempts.count() == 1


def test_a_temporary_failure_is_retried_later_with_back_off(db, smtp_replying):
    smtp_replying("451 4.3.0 Try again later")
    email = queue()
    before = timezone.now()
    services.deliver(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.attempts == 1
    assert email.next_attempt_at >= before + timedelta(minutes=1)
    assert "451" in email.last_error
    attempt = email.delivery_attempts.get()
    assert (attempt.succeeded, attempt.permanent_failure) == (False, False)


def test_an_unreachable_server_is_a_temporary_failure(db, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.MAILERS = {"default": {"OPTIONS": {"host": "127.0.0.1", "port": closed_port, "timeout": 2}}}
    email = queue()
    services.deliver(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert "refused" in email.last_error.lower()


def test_a_permanent_failure_stops_retrying(db, smtp_replying):
    smtp_replying("550 5.1.1 No such mailbox")
    email = queue()
    services.deliver(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.next_attempt_at is None
    assert email.delivery_attempts.get().permanent_failure


def test_the_periodic_job_sends_what_is_due_and_leaves_the_rest(db, mailbox):
    due = queue(to="due@example.org")
    later = queue(to="later@example.org")
    OutboundEmail.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + timedelta(hours=1))
    deliver_due_emails.call()
    assert [m["To"] for m in mailbox.messages] == ["due@example.org"]
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (EmailStatus.SENT, EmailStatus.QUEUED)


def test_a_message_abandoned_by_a_dead_worker_goes_back_to_the_queue(db, mailbox):
    email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    deliver_due_emails.call()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_the_database_worker_delivers_queued_messages(transactional_db, settings, mailbox):
    """The real background worker (django-tasks-db's db_worker) picks up the enqueued task."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    email = queue()  # autocommit: the task is enqueued in the database at once
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mailbox.messages) == 1


def test_a_sensitive_message_keeps_its_body_only_until_delivered(db, mailbox):
    email = queue(sensitive=True)
    assert "Lucía" in email.body_text
    services.deliver(email.pk)
    email.refresh_from_db()
    assert (email.status, email.body_text, email.body_html) == (EmailStatus.SENT, "", "")
    assert email.subject == "Test message for Lucía"
    assert "Hello Lucía" in mailbox.messages[0].get_body(("plain",)).get_content()


def test_a_sensitive_message_given_up_on_is_blanked_too(db, smtp_replying):
    smtp_replying("550 5.1.1 No such mailbox")
    email = queue(sensitive=True)
    services.deliver(email.pk)
    email.refresh_from_db()
    assert (email.status, email.body_text, email.body_html) == (EmailStatus.FAILED, "", "")


def test_a_permanently_refused_address_is_marked_undeliverable(db, smtp_replying):
    smtp_replying("550 5.1.1 No such mailbox")
    services.deliver(queue(to="Gone@csirt.mx.example.org").pk)
    assert UndeliverableAddress.objects.filter(address="gone@csirt.mx.example.org").exists()


def test_an_encrypted_message_arrives_as_pgp_mime_and_only_ciphertext_is_stored(db, mailbox):
    keys = make_key_pair("duty@csirt.mx.example.org")
    email = queue(encrypt_to=keys.public)
    assert "Lucía" not in email.body_text
    assert email.body_text.startswith("-----BEGIN PGP MESSAGE-----")
    services.deliver(email.pk)
    [message] = mailbox.messages
    assert message.get_content_type() == "multipart/encrypted"
    assert message.get_param("protocol") == "application/pgp-encrypted"
    control, payload = message.iter_parts()
    assert control.get_content_type() == "application/pgp-encrypted"
    inner = email_parser.message_from_string(keys.decrypt(payload.get_payload()), policy=email_policy.default)
    assert "Hello Lucía" in inner.get_body(("plain",)).get_content()
    assert "<strong>Lucía</strong>" in inner.get_body(("html",)).get_content()


def test_a_batch_is_sent_over_one_connection(db, mailbox):
    for number in range(5):
        queue(to=f"desk{number}@example.org", enqueue=False)
    assert services.deliver_batch() == 5
    assert len(mailbox.messages) == 5
    assert OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 5


def _kill_after_marks(monkeypatch, count: int) -> None:
    """Kill the worker (SystemExit) when it is about to record the ``count``-th accepted message."""
    real_mark = services._mark_sent
    marks = {"count": 0}

    def killed(emails):
        marks["count"] += len(emails)
        if marks["count"] >= count:
            raise SystemExit("worker killed")
        real_mark(emails)

    monkeypatch.setattr(services, "_mark_sent", killed)
    with pytest.raises(SystemExit):
        services.deliver_batch()
    monkeypatch.setattr(services, "_mark_sent", real_mark)
    # The claim of the dead worker runs out; the next sweep delivers what was left.
    OutboundEmail.objects.filter(status=EmailStatus.SENDING).update(claimed_at=timezone.now() - timedelta(hours=1))
    deliver_due_emails.call()


def test_a_worker_killed_mid_batch_sends_again_only_the_message_in_flight(db, mailbox, monkeypatch, settings):
    """Each delivery is recorded before the next message goes: a kill leaves one message unrecorded at most."""
    settings.EMAIL_CONNECTIONS = 1
    for number in range(5):
        queue(to=f"desk{number}@example.org", enqueue=False)
    _kill_after_marks(monkeypatch, 3)
    received = sorted(message["To"] for message in mailbox.messages)
    assert received == sorted([f"desk{number}@example.org" for number in range(5)] + ["desk2@example.org"])
    assert OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 5


def test_with_several_connections_a_kill_sends_again_at_most_one_message_per_connection(
    db, mailbox, monkeypatch, settings
):
    settings.EMAIL_CONNECTIONS = 3
    addresses = [f"desk{number}@example.org" for number in range(12)]
    for address in addresses:
        queue(to=address, enqueue=False)
    _kill_after_marks(monkeypatch, 6)
    received = [message["To"] for message in mailbox.messages]
    assert sorted(set(received)) == sorted(addresses), "every message arrives"
    assert 1 <= len(received) - len(addresses) <= 3, "only the messages in flight, one per connection, go twice"
    assert OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 12


def test_a_batch_over_several_connections_sends_each_message_once(db, mailbox, settings):
    settings.EMAIL_CONNECTIONS = 4
    addresses = [f"desk{number}@example.org" for number in range(30)]
    for address in addresses:
        queue(to=address, enqueue=False)
    assert services.deliver_batch() == 30
    assert sorted(message["To"] for message in mailbox.messages) == sorted(addresses)
    assert DeliveryAttempt.objects.filter(succeeded=True).count() == 30


def test_an_encrypted_messages_subject_travels_inside_as_a_protected_header(db, mailbox):
    keys = make_key_pair("duty@csirt.mx.example.org")
    email = queue(encrypt_to=keys.public, context={"name": "Lucía"})
    clear = queue(context={"name": "Lucía"})
    assert email.subject == "Enlace: encrypted message"
    services.deliver(email.pk)
    [message] = mailbox.messages
    assert message["Subject"] == "Enlace: encrypted message"
    _control, payload = message.iter_parts()
    inner = email_parser.message_from_string(keys.decrypt(payload.get_payload()), policy=email_policy.default)
    assert inner.get_param("protected-headers") == "v1"
    assert inner["Subject"] == clear.subject
    assert inner["To"] == "duty@csirt.mx.example.org"
    assert "noreply@" in inner["From"]
