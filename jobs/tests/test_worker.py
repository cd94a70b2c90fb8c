"""The background worker outlasts a busy database; the scheduler does not lose a job it could not enqueue."""

import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection

from delivery.models import EmailStatus, OutboundEmail
from delivery.services import queue_email
from jobs.management.commands.scheduler import make_jobs_patient
from jobs.patience import Backoff, retrying

# Generous: a loaded two-core machine starts Django slowly. Nothing waits this long when all is well.
PATIENCE_SECONDS = 120


class Output:
    """The lines a child process prints, read as they come."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + PATIENCE_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.5)
            except queue.Empty:
                assert self.process.poll() is None, "the worker exited:\n" + "".join(self.lines)
                continue
            self.lines.append(line)
            if text in line:
                return
        pytest.fail(f"the worker never said {text!r}:\n" + "".join(self.lines))


def wait_until(condition, output: Output) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        assert output.process.poll() is None, "the worker exited:\n" + "".join(output.lines)
        assert time.monotonic() < deadline, "gave up waiting:\n" + "".join(output.lines)
        time.sleep(0.2)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a database file shared by two processes is SQLite's case")
def test_a_worker_waits_out_a_locked_database_then_delivers_the_queued_email(
    transactional_db, settings, smtp_server, mailbox, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    email = queue_email(
        to="duty@csirt.mx.example.org",
        template="delivery/email/test_message",
        context={"name": "Lucía"},
        language="en",
        purpose="test",
    )
    # The worker is another process: it gets a file holding what the test database holds.
    database = tmp_path / "enlace.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    copy.close()
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("BEGIN IMMEDIATE")  # another process's long write (an import), held past the busy timeout
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "EMAIL_HOST": smtp_server.hostname,
        "EMAIL_PORT": str(smtp_server.port),
        "PYTHONUNBUFFERED": "1",
    }
    command = ["worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"]
    worker = subprocess.Popen(
        [sys.executable, str(django_settings.BASE_DIR / "manage.py"), *command],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = Output(worker)
        output.wait_for("the database is busy")
        writer.execute("COMMIT")
        wait_until(lambda: mailbox.messages, output)
        [message] = mailbox.messages
        assert message["To"] == "duty@csirt.mx.example.org"
        assert worker.poll() is None
        reader = sqlite3.connect(database)
        [(status,)] = reader.execute("SELECT status FROM delivery_outboundemail WHERE id = ?", [email.pk])
        reader.close()
        assert status == EmailStatus.SENT
    finally:
        writer.close()
        worker.terminate()
        worker.wait(timeout=30)
    assert OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.QUEUED  # the test's own copy is untouched


def test_a_job_the_database_refused_to_enqueue_is_enqueued_again(db):
    calls, delays = [], []

    def enqueue():
        calls.append(1)
        if len(calls) < 4:
            raise OperationalError("database is locked")
        return "enqueued"

    assert retrying(enqueue, what="Scheduling a job", sleep=delays.append)() == "enqueued"
    assert len(calls) == 4
    assert delays == [0.5, 1.0, 2.0]


def test_the_backoff_grows_to_its_limit_and_starts_again_when_reset():
    backoff = Backoff(initial=1, maximum=5)
    assert [backoff.next() for _ in range(5)] == [1, 2, 4, 5, 5]
    backoff.reset()
    assert backoff.next() == 1


def test_every_periodic_job_of_the_scheduler_retries_its_enqueue():
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    scheduler = BackgroundScheduler()
    scheduler.add_job(func=lambda: None, trigger=IntervalTrigger(minutes=5), name="pings.send_due_reminders")
    scheduler.add_job(func=lambda: None, trigger=IntervalTrigger(minutes=1), name="delivery.deliver_due_emails")
    make_jobs_patient(scheduler)
    assert all(getattr(job.func, "is_patient", False) for job in scheduler.get_jobs())
