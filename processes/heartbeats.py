"""The worker's and the scheduler's heartbeats: a time written to the database while they run, which the
readiness check and the operators' page read (a stopped or stuck process stops writing it).

Writing one is idempotent (one upsert statement on the process's row) and never stops the process: a busy
database only means this beat is skipped.
"""

import logging
import threading
from datetime import datetime

from django.db import close_old_connections
from django.utils import timezone

from processes.models import Heartbeat, ProcessKind
from processes.patience import TRANSIENT

logger = logging.getLogger("jobs")

# How often a running process writes its heartbeat (seconds); the readiness check allows several missed beats.
HEARTBEAT_SECONDS = 30


def beat(process: ProcessKind, *, now: datetime | None = None) -> bool:
    """Record that ``process`` is running now; ``False`` when the database did not take it this time."""
    moment = now or timezone.now()
    try:
        Heartbeat.objects.bulk_create(
            [Heartbeat(process=process, beaten_at=moment)],
            update_conflicts=True,
            unique_fields=["process"],
            update_fields=["beaten_at"],
        )
    except TRANSIENT as error:
        logger.warning("The %s's heartbeat was not written (%s); the next one will be", process.label, error)
        close_old_connections()
        return False
    return True


def last_beats() -> dict[str, datetime]:
    """Each kind of process's last heartbeat (absent: never beaten)."""
    return dict(Heartbeat.objects.values_list("process", "beaten_at"))


class HeartbeatThread(threading.Thread):
    """Beats for ``process`` every ``seconds`` until ``stop()``: the worker's, whose own loop may spend minutes
    in one task (a bulk send); a worker stuck in a task shows as a growing queue instead."""

    def __init__(self, process: ProcessKind, seconds: float = HEARTBEAT_SECONDS):
        super().__init__(name=f"{process}-heartbeat", daemon=True)
        self.process, self.seconds = process, seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            beat(self.process)
            close_old_connections()
            self.stopped.wait(self.seconds)

    def stop(self) -> None:
        self.stopped.set()
