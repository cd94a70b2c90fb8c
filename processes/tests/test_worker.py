"""The background worker outlasts a busy database; the scheduler does not lose a job it could not enqueue."""

import sqlite3

import pytest
from django.db import OperationalError, connection

from mail.models import EmailStatus, OutboundEmail
from mail.services import queue_email
from processes.management.commands.scheduler import make_jobs_patient
from processes.patience import Backoff, retrying
from processes.tests.processes import Output, copy_of_test_database, environment_for, start_worker, stop, wait_until


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a database file shared by two processes is SQLite's case")
def test_a_worker_waits_out_a_locked_database_then_delivers_the_queued_email(
    transactional_db, settings, smtp_server, mailbox, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    email = queue_email(
        to="duty@csirt.mx.example.org",
        template="mail/email/test_message",
        context={"name": "Lucía"},
        language="en",
        purpose="test",
    )
    # The worker is another process: it gets a file holding what the test database holds.
    database = copy_of_test_database(tmp_path)
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("BEGIN IMMEDIATE")  # another process's long write (an import), held past the busy timeout
    worker = start_worker(environment_for(database, smtp_server))
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
        stop(worker)
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
