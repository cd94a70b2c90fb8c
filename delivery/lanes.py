"""Sending a batch over several SMTP connections ("lanes") at once.

Why: one connection spends most of its time waiting for the server's replies
(four round trips a message). With a few connections open, the worker waits on
all of them at once, the way mail servers deliver to a relay. Each lane sends
one message at a time, and no more messages than there are lanes are ever out
without their outcome recorded (``record``), so a worker killed mid-batch sends
again at most one message per lane. The worker records outcomes in groups (it
waits a moment for the other lanes' before writing), which costs one statement
for several messages instead of one each.

Only the calling thread touches the database: lanes build and send bytes and
report back; ``record`` runs in the caller with whatever outcomes have arrived.
"""

import contextlib
import queue
import smtplib
import threading
import time
from collections.abc import Callable
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


class _LaneCrashed(Exception):
    pass


# How long the worker waits for more outcomes before recording those it has.
GATHER_SECONDS = 0.002
_QUIET = object()


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
    work: queue.SimpleQueue = queue.SimpleQueue()
    for email in emails:
        work.put(email)
    results: queue.SimpleQueue = queue.SimpleQueue()
    stop = threading.Event()
    lanes = max(1, min(lanes, len(emails)))
    # A lane takes a message only while fewer than ``lanes`` are out and not yet recorded.
    room = threading.Semaphore(lanes)
    threads = [
        threading.Thread(target=_lane, args=(work, results, room, stop, build), daemon=True) for _ in range(lanes)
    ]
    for thread in threads:
        thread.start()
    running, last_error, crash = lanes, None, None
    pending: list[Outcome] = []
    try:
        while running:
            try:
                # With outcomes waiting, wait only a moment for more: recording several at once is cheaper.
                item = results.get(timeout=GATHER_SECONDS) if pending else results.get()
            except queue.Empty:
                item = _QUIET
            if item is None:
                running -= 1
            elif isinstance(item, Outcome):
                pending.append(item)
            elif isinstance(item, _LaneCrashed):
                crash = item.__cause__  # its closing None follows
            elif item is not _QUIET:  # the lane could not (re)connect: a connection error
                last_error = item
            if pending and (len(pending) >= lanes or item is _QUIET or item is None or crash is not None):
                record(pending)
                room.release(len(pending))
                pending = []
            if crash is not None:
                raise crash
    finally:
        stop.set()
        room.release(lanes)  # a lane waiting for room wakes up, sees the stop and ends
    left = []
    while True:
        try:
            left.append(work.get_nowait())
        except queue.Empty:
            break
    if left:
        on_unreachable(left, last_error or ConnectionError("No SMTP connection could be opened."))


def transact(smtp: smtplib.SMTP, sender: str, recipients: list[str], message: bytes) -> None:
    """One SMTP mail transaction: ``smtplib.SMTP.sendmail`` without its address parsing.

    sendmail() re-parses both addresses with ``email.utils`` on every message,
    which costs about as much as the rest of the transaction; Enlace's envelope
    addresses are already validated and bare, so they go into the commands as
    they are. Replies and failures are sendmail's: the same exceptions, RSET
    after a refusal, the connection closed on 421.
    """
    smtp.ehlo_or_helo_if_needed()
    size = f" SIZE={len(message)}" if smtp.does_esmtp and smtp.has_extn("size") else ""
    code, reply = smtp.docmd("MAIL", f"FROM:<{sender}>{size}")
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for recipient in recipients:
        code, reply = smtp.docmd("RCPT", f"TO:<{recipient}>")
        if code not in (250, 251):
            refused[recipient] = (code, reply)
        if code == 421:
            smtp.close()
            raise smtplib.SMTPRecipientsRefused(refused)
    if len(refused) == len(recipients):
        _abandon(smtp, code)
        raise smtplib.SMTPRecipientsRefused(refused)
    code, reply = smtp.data(message)
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPDataError(code, reply)


def _abandon(smtp: smtplib.SMTP, code: int) -> None:
    if code == 421:
        smtp.close()
    else:
        with contextlib.suppress(smtplib.SMTPServerDisconnected):
            smtp.rset()


def _lane(work, results, room, stop, build) -> None:
    backend = mailers.default
    try:
        try:
            backend.open()
        except (smtplib.SMTPException, OSError) as error:
            results.put(error)
            return
        while True:
            room.acquire()
            if stop.is_set():
                return
            try:
                email = work.get_nowait()
            except queue.Empty:
                room.release()
                return
            outcome = Outcome(email, timezone.now(), time.monotonic())
            try:
                transact(backend.connection, *build(email))
            except (smtplib.SMTPException, OSError) as error:
                outcome.error = error
                if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                    # The connection is gone: open another for the rest of this lane's messages.
                    backend.close()
                    try:
                        backend.open()
                    except (smtplib.SMTPException, OSError) as reopen_error:
                        results.put(outcome)
                        results.put(reopen_error)
                        return
            results.put(outcome)
    except BaseException as error:  # a bug, not a mail error: the caller re-raises it
        crashed = _LaneCrashed()
        crashed.__cause__ = error
        results.put(crashed)
        return
    finally:
        try:
            backend.close()
        finally:
            results.put(None)
