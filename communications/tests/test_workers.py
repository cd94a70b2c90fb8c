"""Several workers running the job at the same moment take each step exactly once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from communications import services
from communications.models import EventKind, Recipient
from communications.tests.conftest import SENT_AT, incident_draft

WORKERS = 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL's row locks")
def test_workers_racing_on_the_same_due_steps_do_each_step_once(network, transactional_db, mailbox):
    communication = services.send(incident_draft(network), user=network.poc_mx, now=SENT_AT)
    start = threading.Barrier(WORKERS)
    errors = []

    def worker():
        try:
            start.wait()
            services.run_due_actions(SENT_AT + timedelta(hours=96))
        except Exception as error:  # a thread cannot fail the test itself: report it below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    kinds = list(communication.events.exclude(kind=EventKind.SENT).values_list("kind", flat=True))
    assert kinds == [EventKind.ESCALATED, EventKind.ESCALATED]
    assert Recipient.objects.filter(communication=communication, reason="escalation").count() == 2
    assert len(mailbox.to("wk@mfa.ke.example.org")) == 1
    assert len(mailbox.to("coord@ke.example.org")) == 1
