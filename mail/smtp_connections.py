"""Sending a batch over several SMTP connections ("lanes") at once, from one thread.

Why several connections: one spends most of its time waiting for the server's
replies. Why one thread: with a thread per connection, handing the interpreter
lock from thread to thread on every reply cost more than the SMTP work itself.
Here one loop waits on all the sockets with a selector, moves each
connection's current message one step when its replies are in, and records
every outcome that arrived in one go (``record``: one statement for several
messages).

Each lane has one message on the wire at a time, and sends the data of its next
(the point where the server takes the message) only after the outcome of the
last has been recorded, so a worker killed mid-batch sends again at most one
message per lane. The next envelope goes out before the recording, so the
server's replies to it and the database write overlap.

Connections are opened (and TLS and authentication done) by Django's SMTP
backend through smtplib; only the mail transactions are driven here, where the
server offers PIPELINING (RFC 2920; Postfix and Exim do by default) with the
envelope in one write: two round trips a message instead of four. Replies and
failures are those ``smtplib.SMTP.sendmail`` gives: the same exceptions, RSET
after a refusal, the connection closed (and opened again) on 421.
"""

import contextlib
import re
import selectors
import smtplib
import ssl
import time
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import datetime

from django.core.mail import mailers
from django.utils import timezone


@dataclass
class Outcome:
    """What happened to one message: ``error`` is None when the server accepted it."""

    email: object
    started: datetime
    clock: float
    error: Exception | None = None


# (envelope sender, envelope recipients, message bytes) for one message.
Build = Callable[[object], tuple[str, list[str], bytes]]
# What a dialogue step sends, and how many replies it then waits for.
Step = tuple[bytes, int]
Reply = tuple[int, bytes]

# How long to wait for the other lanes' messages once one is done, to record them together.
GATHER_SECONDS = 0.002
# Without an SMTP timeout configured, a server that stops answering is given up on after this long.
DEFAULT_TIMEOUT = 60.0


def send(
    emails: list,
    *,
    lanes: int,
    build: Build,
    record: Callable[[list[Outcome]], None],
    on_unreachable: Callable[[list, Exception], None],
) -> None:
    """Send ``emails`` over up to ``lanes`` connections, calling ``record`` as outcomes arrive.

    Messages no lane could take (every connection failed) go to ``on_unreachable``
    with the last connection error.
    """
    work = deque(emails)
    selector = selectors.DefaultSelector()
    open_lanes: list[_Lane] = []
    last_error: Exception | None = None
    try:
        for _ in range(max(1, min(lanes, len(emails)))):
            try:
                open_lanes.append(_Lane(selector))
            except (smtplib.SMTPException, OSError) as error:
                last_error = error
        finished = [lane for lane in open_lanes if lane.begin(work.popleft(), build)]
        while open_lanes:
            if not finished:
                finished = _wait_for_replies(selector, open_lanes)
            outcomes = [lane.outcome for lane in finished]
            done, finished = finished, []
            for lane in done:
                if lane.broken and (error := lane.reopen()) is not None:
                    last_error = error
                    open_lanes.remove(lane)
                elif not work:
                    lane.close()
                    open_lanes.remove(lane)
                elif lane.begin(work.popleft(), build):
                    finished.append(lane)
            # The next messages' envelopes are already on their way, so the server answers them while
            # this is written; none of those messages is sent whole (the data) before it is recorded.
            record(outcomes)
    finally:
        for lane in open_lanes:
            lane.close()
        selector.close()
    if work:
        on_unreachable(list(work), last_error or ConnectionError("No SMTP connection could be opened."))


def _wait_for_replies(selector: selectors.BaseSelector, lanes: list["_Lane"]) -> list["_Lane"]:
    """The lanes whose message is done (at least one), once the replies that have arrived are read.

    When some are done and others nearly so, it waits a moment for those too: the
    outcomes are then recorded in one statement rather than in one each.
    """
    finished: list[_Lane] = []
    deadline = None
    while True:
        timeout = min(lane.timeout for lane in lanes) if deadline is None else max(0.0, deadline - time.monotonic())
        ready = selector.select(timeout=timeout)
        if not ready and deadline is None:
            silence = TimeoutError("The SMTP server did not answer in time.")
            return [lane for lane in lanes if lane.fail(silence)]
        finished += [key.data for key, _events in ready if key.data.on_readable()]
        if finished and (len(finished) == len(lanes) or not ready):
            return finished
        if finished and deadline is None:
            deadline = time.monotonic() + GATHER_SECONDS


class _Lane:
    """One SMTP connection and the message it is sending."""

    def __init__(self, selector: selectors.BaseSelector):
        self.selector = selector
        self.backend = mailers.default
        self.outcome: Outcome | None = None
        self._open()

    def _open(self) -> None:
        self.backend.open()
        smtp = self.backend.connection
        try:
            smtp.ehlo_or_helo_if_needed()
        except (smtplib.SMTPException, OSError):
            self.backend.close()
            raise
        self.socket = smtp.sock
        self.timeout = smtp.timeout if isinstance(smtp.timeout, int | float) else DEFAULT_TIMEOUT
        self.pipelining = smtp.does_esmtp and smtp.has_extn("pipelining")
        self.announces_size = smtp.does_esmtp and smtp.has_extn("size")
        self.received = bytearray()
        self.broken = False
        self.busy = False
        self.selector.register(self.socket, selectors.EVENT_READ, self)

    def begin(self, email, build: Build) -> bool:
        """Start sending ``email``; True if it is already done (it failed at once)."""
        sender, recipients, message = build(email)
        self.outcome = Outcome(email, timezone.now(), time.monotonic())
        self.busy = True
        self.dialogue = _dialogue(
            sender, recipients, message, pipelining=self.pipelining, announce_size=self.announces_size
        )
        return self._step(None)

    def on_readable(self) -> bool:
        """Read what the server sent; True when the current message is done (now, not before)."""
        try:
            chunk = self.socket.recv(65536)
            while isinstance(self.socket, ssl.SSLSocket) and self.socket.pending():
                chunk += self.socket.recv(65536)  # decrypted already: the selector would not say so
        except OSError as error:
            return self.fail(error)
        if not chunk:
            return self.fail(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
        self.received += chunk
        if not self.busy:
            return False  # nothing is awaited: kept for the next message (a 421 would be read then)
        while len(self.replies) < self.awaited and (reply := _take_reply(self.received)):
            self.replies.append(reply)
        return len(self.replies) == self.awaited and self._step(self.replies)

    def _step(self, replies: list[Reply] | None) -> bool:
        try:
            data, self.awaited = self.dialogue.send(replies)
        except StopIteration:
            self.busy = False
            return True
        except smtplib.SMTPException as error:
            self.outcome.error = error
            self.broken = _server_closing(error)
            self.busy = False
            return True
        self.replies = []
        try:
            self.socket.sendall(data)
        except OSError as error:
            return self.fail(error)
        return False

    def fail(self, error: Exception) -> bool:
        """The connection is lost: its message, if one is under way, failed (temporarily) with ``error``."""
        self.broken = True
        if not self.busy:
            return False
        self.outcome.error = error
        self.busy = False
        return True

    def reopen(self) -> Exception | None:
        """A fresh connection after a lost one; the error if none can be opened."""
        self.close()
        try:
            self._open()
        except (smtplib.SMTPException, OSError) as error:
            return error
        return None

    def close(self) -> None:
        with contextlib.suppress(KeyError, ValueError):  # already unregistered
            self.selector.unregister(self.socket)
        if self.broken and self.backend.connection is not None:
            self.backend.connection.close()  # no QUIT on a connection that is gone
        self.backend.close()


def _dialogue(
    sender: str, recipients: list[str], message: bytes, *, pipelining: bool, announce_size: bool
) -> Generator[Step, list[Reply], None]:
    """One message's SMTP transaction, step by step: yields what to send and how many replies to wait for,
    and is sent those replies. Returns when the server has accepted the message; raises as sendmail() would.

    Addresses go into the commands as they are: Enlace validated them when they were saved, and
    re-parsing them for each message (as sendmail() does) costs as much as the rest of the transaction.
    """
    size = f" SIZE={len(message)}" if announce_size else ""
    mail = f"MAIL FROM:<{sender}>{size}\r\n".encode("ascii")
    rcpts = [f"RCPT TO:<{recipient}>\r\n".encode("ascii") for recipient in recipients]
    if pipelining:
        replies = yield mail + b"".join(rcpts) + b"DATA\r\n", len(rcpts) + 2
    else:
        replies = yield mail, 1
        if replies[0][0] == 250:
            for rcpt in rcpts:
                replies += yield rcpt, 1
                if replies[-1][0] == 421:
                    break
            if any(code in (250, 251) for code, _reply in replies[1:]):
                replies += yield b"DATA\r\n", 1
    (mail_code, mail_reply), answers = replies[0], replies[1:]
    refused = {
        recipient: (code, reply)
        for recipient, (code, reply) in zip(recipients, answers, strict=False)
        if code not in (250, 251)
    }
    accepted = mail_code == 250 and len(refused) < len(recipients) and len(answers) > len(recipients)
    data_code, data_reply = answers[len(recipients)] if len(answers) > len(recipients) else (0, b"")
    if data_code == 354 and not accepted:
        # The server took DATA (pipelined) although nothing can be delivered: end it empty (RFC 2920, 3.1).
        yield b".\r\n", 1
    if mail_code != 250:
        error = smtplib.SMTPSenderRefused(mail_code, mail_reply, sender)
    elif not accepted and refused:
        error = smtplib.SMTPRecipientsRefused(refused)
    elif data_code != 354:
        error = smtplib.SMTPDataError(data_code, data_reply)
    else:
        ending = b".\r\n" if message.endswith(b"\r\n") else b"\r\n.\r\n"
        ((code, reply),) = yield _LEADING_DOT.sub(b"..", message) + ending, 1
        if code == 250:
            return
        error = smtplib.SMTPDataError(code, reply)
    if not _server_closing(error):
        yield b"RSET\r\n", 1
    raise error


def _server_closing(error: smtplib.SMTPException) -> bool:
    """A 421 reply: the server is closing the connection."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code == 421 for code, _reply in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code == 421


def _take_reply(received: bytearray) -> Reply | None:
    """Take one whole reply (its lines joined as smtplib's getreply() does) off the front of ``received``."""
    lines, start = [], 0
    while (end := received.find(b"\n", start)) >= 0:
        line = bytes(received[start:end])
        start = end + 1
        lines.append(line[4:].strip(b" \t\r\n"))
        if line[3:4] != b"-":
            del received[:start]
            code = line[:3]
            return (int(code) if code.isdigit() else -1), b"\n".join(lines)
    return None


# Dot-stuffing (RFC 5321, 4.5.2): a line that starts with a dot gets another.
_LEADING_DOT = re.compile(rb"(?m)^\.")
