"""The background worker (django-tasks-db's ``db_worker``) that waits out a busy database.

``db_worker`` exits when the database stays locked past its busy timeout at the wrong moment
(starting its claim transaction, or recording a task's result), and from then on nothing
runs the queue. This worker waits with a growing delay and carries on; only a signal stops it.
"""

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from processes.heartbeats import HeartbeatThread
from processes.models import ProcessKind
from processes.patience import TRANSIENT, Backoff, patiently

logger = logging.getLogger("jobs")


class PatientWorker(Worker):
    def __init__(self, *args, backoff: Backoff | None = None, sleep=time.sleep, **kwargs):
        super().__init__(*args, **kwargs)
        self.backoff = backoff or Backoff()
        self.sleep = sleep

    def run(self) -> None:
        while self.running:
            try:
                return super().run()
            except TRANSIENT as error:
                delay = self.backoff.next()
                logger.warning(
                    "Worker %s: the database is busy (%s); trying again in %.1f s", self.worker_id, error, delay
                )
                # The failed connection may be unusable: the next attempt opens a new one.
                connections.close_all()
                self.startup_delay = False
                self.sleep(delay)

    def run_task(self, db_task_result) -> None:
        # The task has run by the time its result is written: a busy database must not leave it
        # marked as running for ever, nor end the worker.
        for name in ("set_successful", "set_failed"):
            write = getattr(db_task_result, name)
            setattr(db_task_result, name, self._patient(write, name))
        super().run_task(db_task_result)
        self.backoff.reset()

    def _patient(self, write, name):
        def patient(*args, **kwargs):
            return patiently(
                lambda: write(*args, **kwargs),
                what=f"Worker {self.worker_id}: {name.replace('_', ' ')} of a task",
                backoff=Backoff(maximum=self.backoff.maximum),
                sleep=self.sleep,
            )

        return patient


class Command(DbWorkerCommand):
    help = "Run the background worker; a busy database makes it wait, never exit."
    # Django's system checks probe SQLite's JSON support inside a write transaction: a worker
    # (re)started during a long write would fail them and exit. The web server runs them.
    requires_system_checks = []

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, **options):
        self.configure_logging(verbosity)
        if not logging.getLogger("jobs").hasHandlers():
            logging.getLogger("jobs").addHandler(logging.StreamHandler(self.stdout))
        queue_names = queue_name.split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = PatientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(lambda: run_beating(worker))
        else:
            worker.configure_signals()
            run_beating(worker)


def run_beating(worker: Worker) -> None:
    """Run the worker while a thread writes its heartbeat (``processes.heartbeats``)."""
    heartbeat = HeartbeatThread(ProcessKind.WORKER)
    heartbeat.start()
    try:
        worker.run()
    finally:
        heartbeat.stop()
