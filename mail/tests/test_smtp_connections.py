"""The SMTP transactions of a batch (mail.smtp_connections), against a real server that pipelines or not."""

import asyncio
import socket

import pytest
from aiosmtpd.controller import Controller

from mail import services
from mail.models import EmailStatus, OutboundEmail, UndeliverableAddress
from mail.tests.test_delivery import queue


class ScriptedServer:
    """An aiosmtpd handler that offers PIPELINING or not and refuses what it is told to."""

    def __init__(
        self,
        *,
        pipelining: bool,
        refuse_mail="",
        refuse_rcpt: dict | None = None,
        data_reply="",
        hang_up_on="",
        stall_on="",
    ):
        self.pipelining = pipelining
        self.hang_up_on = hang_up_on
        self.stall_on = stall_on
        self.refuse_mail = refuse_mail
        self.refuse_rcpt = refuse_rcpt or {}
        self.data_reply = data_reply
        self.received: list[tuple[list[str], bytes]] = []
        self.ehlos = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.ehlos += 1
        session.host_name = hostname
        if self.pipelining:
            return [*responses[:-1], "250-PIPELINING", responses[-1]]
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_mail:
            return self.refuse_mail
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.stall_on in envelope.rcpt_tos:
            self.stall_on = ""
            await asyncio.sleep(3)  # longer than the client's timeout
        if self.hang_up_on in envelope.rcpt_tos:
            self.hang_up_on = ""
            server.transport.close()
            return "250 never heard"
        if self.data_reply:
            return self.data_reply
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 Queued"


@pytest.fixture
def server(settings):
    """Start a scripted SMTP server on loopback and point the mailer at it."""
    controllers = []

    def start(timeout=5, **script) -> ScriptedServer:
        handler = ScriptedServer(**script)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        settings.MAILERS = {"default": {"OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout}}}
        return handler

    yield start
    for controller in controllers:
        controller.stop()


both_kinds = pytest.mark.parametrize("pipelining", [True, False], ids=["pipelined", "one-by-one"])


def _queue_desks(count: int) -> list[OutboundEmail]:
    return [queue(to=f"desk{number}@example.org", enqueue=False) for number in range(count)]


@both_kinds
def test_every_message_of_a_batch_arrives_once_with_its_envelope(db, server, settings, pipelining):
    settings.EMAIL_CONNECTIONS = 3
    smtp = server(pipelining=pipelining)
    _queue_desks(7)
    assert services.deliver_batch() == 7
    assert sorted(recipients[0] for recipients, _content in smtp.received) == [
        f"desk{number}@example.org" for number in range(7)
    ]
    assert OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 7


@both_kinds
def test_a_refused_recipient_fails_permanently_and_the_next_message_still_goes(db, server, pipelining):
    smtp = server(pipelining=pipelining, refuse_rcpt={"desk0@example.org": "550 5.1.1 No such mailbox"})
    refused, accepted = _queue_desks(2)
    services.deliver_batch()
    refused.refresh_from_db()
    accepted.refresh_from_db()
    assert (refused.status, accepted.status) == (EmailStatus.FAILED, EmailStatus.SENT)
    assert "desk0@example.org: 550 5.1.1 No such mailbox" in refused.last_error
    assert UndeliverableAddress.objects.filter(address="desk0@example.org").exists()
    assert [recipients for recipients, _content in smtp.received] == [["desk1@example.org"]]


@both_kinds
def test_a_refused_sender_is_a_failure_with_the_servers_words(db, server, pipelining):
    server(pipelining=pipelining, refuse_mail="451 4.7.1 Sender temporarily rejected")
    (email,) = _queue_desks(1)
    services.deliver_batch()
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED, "a 4xx answer is retried later"
    assert email.last_error == "451 4.7.1 Sender temporarily rejected"


@both_kinds
def test_a_message_refused_after_its_data_is_retried_later(db, server, pipelining):
    server(pipelining=pipelining, data_reply="452 4.3.1 Insufficient system storage")
    first, second = _queue_desks(2)
    services.deliver_batch()
    for email in (first, second):
        email.refresh_from_db()
        assert (email.status, email.last_error) == (EmailStatus.QUEUED, "452 4.3.1 Insufficient system storage")


@both_kinds
def test_a_server_closing_with_421_is_reconnected_to_for_the_next_message(db, server, settings, pipelining):
    settings.EMAIL_CONNECTIONS = 1
    smtp = server(pipelining=pipelining, refuse_rcpt={"desk0@example.org": "421 4.3.2 Shutting down"})
    closed, accepted = _queue_desks(2)
    services.deliver_batch()
    closed.refresh_from_db()
    accepted.refresh_from_db()
    assert (closed.status, accepted.status) == (EmailStatus.QUEUED, EmailStatus.SENT)
    assert smtp.ehlos == 2, "a fresh connection after the 421"


def test_lines_starting_with_a_dot_arrive_intact(db, server):
    """A line that is only a dot would end the message early unless it is stuffed."""
    smtp = server(pipelining=True)
    (email,) = [queue(to="desk@example.org", context={"name": "x\n.\n..two"}, enqueue=False)]
    services.deliver_batch()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    ((_recipients, content),) = smtp.received
    assert b"Hello x\r\n.\r\n..two, this message" in content


@both_kinds
def test_a_connection_lost_mid_message_is_a_temporary_failure_and_the_rest_goes_on_a_new_one(
    db, server, settings, pipelining
):
    settings.EMAIL_CONNECTIONS = 1
    smtp = server(pipelining=pipelining, hang_up_on="desk1@example.org")
    emails = _queue_desks(3)
    services.deliver_batch()
    statuses = []
    for email in emails:
        email.refresh_from_db()
        statuses.append(email.status)
    assert statuses == [EmailStatus.SENT, EmailStatus.QUEUED, EmailStatus.SENT]
    assert "Connection unexpectedly closed" in emails[1].last_error
    assert [recipients for recipients, _content in smtp.received] == [["desk0@example.org"], ["desk2@example.org"]]


def test_a_server_that_stops_answering_is_given_up_on_after_the_timeout(db, server, settings):
    settings.EMAIL_CONNECTIONS = 1
    smtp = server(pipelining=True, stall_on="desk0@example.org", timeout=1)
    stalled, after = _queue_desks(2)
    services.deliver_batch()
    stalled.refresh_from_db()
    after.refresh_from_db()
    assert (stalled.status, after.status) == (EmailStatus.QUEUED, EmailStatus.SENT)
    assert "did not answer in time" in stalled.last_error
    assert smtp.ehlos == 2, "the next message goes on a fresh connection"
