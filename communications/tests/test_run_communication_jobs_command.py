"""The clock can be moved forward from the command line (demonstrations, catching up after an outage)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from communications.models import EventKind
from communications.tests.conftest import SENT_AT


def test_moving_the_clock_past_the_deadline_escalates(network, send, mailbox):
    communication = send()
    mailbox.clear()
    out = StringIO()
    call_command("run_communication_jobs", now=(SENT_AT + timedelta(hours=72)).isoformat(), stdout=out)
    assert "e-mail(s) delivered" in out.getvalue()
    assert mailbox.to("wk@mfa.ke.example.org")
    assert communication.events.filter(kind=EventKind.ESCALATED).exists()


def test_a_malformed_time_is_refused(db):
    with pytest.raises(CommandError, match="--now must be an ISO date and time"):
        call_command("run_communication_jobs", now="after lunch")
