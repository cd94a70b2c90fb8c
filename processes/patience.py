"""Waiting out a busy database instead of dying of it: the worker's and the scheduler's retries.

On SQLite one writer at a time holds the database; a long write (an import) makes every other
writer wait, and past the busy timeout the wait ends in ``OperationalError: database is locked``.
On PostgreSQL a restart or a dropped connection ends in an ``OperationalError`` too. Both pass:
a background process that meets one waits, with a growing delay, and tries again.
"""

import logging
import time
from collections.abc import Callable
from functools import wraps

from django.db import InterfaceError, OperationalError, close_old_connections

logger = logging.getLogger("jobs")

# What a busy or briefly unreachable database raises; anything else is a real error.
TRANSIENT = (OperationalError, InterfaceError)


class Backoff:
    """Delays that double from ``initial`` up to ``maximum`` seconds, until reset."""

    def __init__(self, initial: float = 0.5, maximum: float = 30.0, factor: float = 2.0):
        self.initial, self.maximum, self.factor = initial, maximum, factor
        self.current = initial

    def next(self) -> float:
        delay = self.current
        self.current = min(self.current * self.factor, self.maximum)
        return delay

    def reset(self) -> None:
        self.current = self.initial


def patiently[T](
    operation: Callable[[], T],
    *,
    what: str,
    backoff: Backoff | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``operation`` until the database lets it finish."""
    backoff = backoff or Backoff()
    while True:
        try:
            return operation()
        except TRANSIENT as error:
            delay = backoff.next()
            logger.warning("%s: the database is busy or unreachable (%s); trying again in %.1f s", what, error, delay)
            # A connection that failed may be unusable: the next attempt opens a new one.
            close_old_connections()
            sleep(delay)


def retrying[T](
    function: Callable[..., T], *, what: str, sleep: Callable[[float], None] = time.sleep
) -> Callable[..., T]:
    """``function`` made patient (see ``patiently``), for a scheduler's job."""

    @wraps(function)
    def patient(*args, **kwargs) -> T:
        return patiently(lambda: function(*args, **kwargs), what=what, backoff=Backoff(maximum=60.0), sleep=sleep)

    patient.is_patient = True
    return patient
