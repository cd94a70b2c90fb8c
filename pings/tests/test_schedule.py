"""Time-dependent rules, tested by moving the clock: scheduling, reminders, closing; and crashes."""

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from mail.models import EmailStatus, OutboundEmail, UndeliverableAddress
from pings import services
from pings.models import MessageKind, Ping, PingMessage, PingRound, PingStatus, RoundStatus


def test_reminders_go_after_3_and_7_days_only_to_those_who_have_not_answered(network, start, background, mailbox):
    ping_round = start(network.directory)
    services.answer(Ping.objects.get(contact=network.kenya_desk), services.Answer(correct=True, channel="link"))
    mailbox.clear()
    sent = ping_round.started_at
    assert background(services.send_reminders, now=sent + timedelta(days=2)) == 0
    assert background(services.send_reminders, now=sent + timedelta(days=3, minutes=1)) == 2
    assert background(services.send_reminders, now=sent + timedelta(days=3, minutes=2)) == 0
    assert background(services.send_reminders, now=sent + timedelta(days=7, minutes=1)) == 2
    assert background(services.send_reminders, now=sent + timedelta(days=13)) == 0
    reminded = sorted(to for _sender, tos in mailbox.envelopes for to in tos)
    assert "desk@ke-cirt.ke.example.org" not in reminded
    assert reminded.count("lq@sre.mx.example.org") == 2
    assert all("Reminder" in message["Subject"] or "Recordatorio" in message["Subject"] for message in mailbox.messages)


def test_closing_marks_non_responders_unreachable_and_tells_each_coordinator_once(network, start, background, mailbox):
    ping_round = start(network.directory)
    services.answer(Ping.objects.get(contact=network.kenya_desk), services.Answer(correct=True, channel="link"))
    mailbox.clear()
    closing = ping_round.closes_at + timedelta(minutes=1)
    assert background(services.close_due_rounds, now=closing) == [ping_round]
    assert background(services.close_due_rounds, now=closing) == []
    ping_round.refresh_from_db()
    assert ping_round.status == RoundStatus.CLOSED
    statuses = dict(Ping.objects.values_list("contact__name", "status"))
    assert statuses == {
        "Mesa de Guardia": PingStatus.UNREACHABLE,
        "Lucía Quiroga": PingStatus.UNREACHABLE,
        "KE-CIRT Desk": PingStatus.CONFIRMED,
    }
    network.mexico_diplomat.refresh_from_db()
    assert network.mexico_diplomat.unverified_since == timezone.localdate(closing)
    [digest] = mailbox.to("coord@mx.example.org")
    text = digest.get_body(("plain",)).get_content()
    assert "Lucía Quiroga" in text and "Mesa de Guardia" in text
    assert not mailbox.to("coord@ke.example.org")


def test_a_later_confirmation_clears_unverified(network, start, background):
    ping_round = start(network.directory)
    background(services.close_due_rounds, now=ping_round.closes_at + timedelta(minutes=1))
    ping = Ping.objects.get(contact=network.mexico_diplomat)
    services.record_by_manager(ping, channel="phone", note="Reached by phone", user=network.manager)
    network.mexico_diplomat.refresh_from_db()
    assert network.mexico_diplomat.unverified_since is None


def test_a_round_starts_on_its_own_when_the_interval_has_passed(network, background):
    now = timezone.now()
    [first] = background(services.start_due_rounds, now=now)
    assert background(services.start_due_rounds, now=now + timedelta(days=1)) == []  # still open
    background(services.close_due_rounds, now=first.closes_at + timedelta(minutes=1))
    assert background(services.start_due_rounds, now=now + timedelta(days=100)) == []  # six months not yet
    [second] = background(services.start_due_rounds, now=now + timedelta(days=185))
    assert second.trigger == "schedule"
    assert PingRound.objects.count() == 2


def test_two_open_rounds_in_one_directory_are_impossible(network, start):
    start(network.directory)
    with pytest.raises(services.RoundAlreadyOpen):
        services.start_round(network.directory, trigger="manual")


def test_a_worker_killed_mid_round_sends_every_ping_once_when_restarted(network, monkeypatch):
    """The worker dies while queueing the second chunk: that chunk is rolled back, none is lost or doubled."""
    monkeypatch.setattr(services, "SEND_CHUNK", 1)
    ping_round = services.start_round(network.directory, trigger="manual")  # no on-commit: the worker runs below
    real_queue = services.queue_many
    calls = {"count": 0}

    def dying_queue(letters):
        calls["count"] += 1
        if calls["count"] == 2:
            raise SystemExit("worker killed")
        return real_queue(letters)

    monkeypatch.setattr(services, "queue_many", dying_queue)
    with pytest.raises(SystemExit):
        services.send_round(ping_round.pk)
    assert Ping.objects.filter(round=ping_round, sent_at__isnull=False).count() == 1
    monkeypatch.setattr(services, "queue_many", real_queue)
    services.send_round(ping_round.pk)  # restarted (resume_unsent_rounds enqueues exactly this)
    services.send_round(ping_round.pk)  # and a second worker doing the same finds nothing left
    addresses = list(
        PingMessage.objects.filter(ping__round=ping_round, kind=MessageKind.PING).values_list(
            "email__to_address", flat=True
        )
    )
    assert sorted(addresses) == [
        "cert@csirt.mx.example.org",
        "desk@ke-cirt.ke.example.org",
        "guardia@csirt.mx.example.org",
        "lq@sre.mx.example.org",
    ]
    ping_round.refresh_from_db()
    assert ping_round.status == RoundStatus.OPEN


def test_a_round_left_sending_is_resumed_by_the_periodic_job(network, django_capture_on_commit_callbacks, mailbox):
    ping_round = services.start_round(network.directory, trigger="manual")  # its send task never ran
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_unsent_rounds() == 1
    ping_round.refresh_from_db()
    assert ping_round.status == RoundStatus.OPEN
    assert len(mailbox.messages) == 4


class PickyServer:
    """Refuses one address for good (550) and another for now (451); accepts the rest."""

    def __init__(self):
        self.accepted = []

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.startswith("cert@"):
            return "550 5.1.1 No such user"
        if address.startswith("desk@"):
            return "451 4.2.1 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.accepted.extend(envelope.rcpt_tos)
        return "250 OK"


def test_smtp_failures_are_recorded_per_address_and_shown_on_the_round(network, client, settings, start):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = PickyServer()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {"default": {"OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5}}}
        ping_round = start(network.directory)
    finally:
        controller.stop()
    outbox = dict(OutboundEmail.objects.filter(purpose="ping-ping").values_list("to_address", "status"))
    assert outbox["cert@csirt.mx.example.org"] == EmailStatus.FAILED
    assert outbox["desk@ke-cirt.ke.example.org"] == EmailStatus.QUEUED  # retried later, with back-off
    assert outbox["guardia@csirt.mx.example.org"] == EmailStatus.SENT
    assert UndeliverableAddress.objects.filter(address="cert@csirt.mx.example.org").exists()
    client.force_login(network.manager)
    page = client.get(ping_round.get_absolute_url()).content.decode()
    assert "cert@csirt.mx.example.org: Failed" in page
    assert "550 5.1.1" in page
    assert "desk@ke-cirt.ke.example.org: Queued" in page


def test_nominations_of_a_non_responder_show_unverified_until_it_confirms(network, start, background, client):
    ping_round = start(network.directory)
    background(services.close_due_rounds, now=ping_round.closes_at + timedelta(minutes=1))
    client.force_login(network.manager)
    page = client.get(f"/directories/{network.directory.slug}/").content.decode()
    row = page.split("Lucía Quiroga")[1].split("</td>")[0]
    assert "unverified" in row


def test_after_a_gap_a_contact_gets_only_the_latest_reminder_that_is_due(network, start, background, mailbox):
    """The scheduler was down from day 2 to day 8: the reminders of days 3 and 7 are both due; one goes."""
    ping_round = start(network.directory)
    mailbox.clear()
    assert background(services.send_reminders, now=ping_round.started_at + timedelta(days=8)) == 3
    reminded = [to for _sender, tos in mailbox.envelopes for to in tos]
    assert reminded.count("lq@sre.mx.example.org") == 1
    assert background(services.send_reminders, now=ping_round.started_at + timedelta(days=9)) == 0
    assert Ping.objects.filter(next_reminder_at__isnull=False).count() == 0


def test_a_round_started_on_schedule_is_announced_to_the_directory_managers(network, background, mailbox):
    [ping_round] = background(services.start_due_rounds, now=timezone.now())
    [announcement] = mailbox.to("manager@un.example.org")
    assert "started on schedule" in announcement["Subject"]
    text = announcement.get_body(("plain",)).get_content()
    assert ping_round.get_absolute_url() in text
    assert OutboundEmail.objects.filter(purpose="ping-round-scheduled").count() == 1


def test_a_round_the_manager_starts_is_not_announced(network, start, mailbox):
    start(network.directory)
    assert not OutboundEmail.objects.filter(purpose="ping-round-scheduled").exists()


def test_the_directory_page_tells_its_manager_a_round_started_on_schedule(network, background, client):
    [ping_round] = background(services.start_due_rounds, now=timezone.now())
    client.force_login(network.manager)
    page = client.get(network.directory.get_absolute_url()).content.decode()
    assert "started on schedule" in page
    assert ping_round.get_absolute_url() in page


def test_the_directory_page_says_nothing_of_a_round_the_manager_started(network, start, client):
    start(network.directory)
    client.force_login(network.manager)
    assert "started on schedule" not in client.get(network.directory.get_absolute_url()).content.decode()
