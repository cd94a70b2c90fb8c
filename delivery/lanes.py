"""Sending a batch over several SMTP connections ("lanes") at once.

Why: one connection spends most of its time waiting for the server's replies
(four round trips a message). With a few connections open, the worker waits on
all of them at once, the way mail servers deliver to a relay. Each lane still
sends one message at a time and does not take its next message until the
worker has recorded the outcome of the last one (``record``), so a worker
killed mid-batch sends again at most one message per lane.

Only the calling thread touches the database: lanes build and send bytes and
report back; ``record`` runs in the caller with whatever outcomes have arrived.
"""

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
    acks = [threading.Event() for _ in range(lanes)]
    threads = [
        threading.Thread(target=_lane, args=(number, work, results, acks[number], stop, build), daemon=True)
        for number in range(lanes)
    ]
    for thread in threads:
        thread.start()
    running, last_error, crash = lanes, None, None
    try:
        while running:
            arrived = [results.get()]
            while True:
                try:
                    arrived.append(results.get_nowait())
                except queue.Empty:
                    break
            outcomes = []
            for number, item in arrived:
                if item is None:
                    running -= 1
                elif isinstance(item, Outcome):
                    outcomes.append((number, item))
                elif isinstance(item, _LaneCrashed):
                    crash = item.__cause__  # its closing None follows
                else:  # the lane could not (re)connect: a connection error
                    last_error = item
            if outcomes:
                record([outcome for _number, outcome in outcomes])
                for number, _outcome in outcomes:
                    acks[number].set()
            if crash is not None:
                raise crash
    finally:
        stop.set()
        for ack in acks:
            ack.set()
    left = []
    while True:
        try:
            left.append(work.get_nowait())
        except queue.Empty:
            break
    if left:
        on_unreachable(left, last_error or ConnectionError("No SMTP connection could be opened."))


def _lane(number, work, results, ack, stop, build) -> None:
    backend = mailers.default
    try:
        try:
            backend.open()
        except (smtplib.SMTPException, OSError) as error:
            results.put((number, error))
            return
        while not stop.is_set():
            try:
                email = work.get_nowait()
            except queue.Empty:
                return
            started, clock = timezone.now(), time.monotonic()
            outcome = Outcome(email, started, clock)
            try:
                backend.connection.sendmail(*build(email))
            except (smtplib.SMTPException, OSError) as error:
                outcome.error = error
                if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                    # The connection is gone: open another for the rest of this lane's messages.
                    backend.close()
                    try:
                        backend.open()
                    except (smtplib.SMTPException, OSError) as reopen_error:
                        results.put((number, outcome))
                        results.put((number, reopen_error))
                        ack.wait()
                        return
            results.put((number, outcome))
            ack.wait()
            ack.clear()
    except BaseException as error:  # a bug, not a mail error: the caller re-raises it
        crashed = _LaneCrashed()
        crashed.__cause__ = error
        results.put((number, crashed))
        return
    finally:
        try:
            backend.close()
        finally:
            results.put((number, None))
