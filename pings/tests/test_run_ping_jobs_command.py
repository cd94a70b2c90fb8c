"""The clock can be moved forward from the command line (for demonstrations and catching up)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pings.models import Ping, PingStatus, RoundStatus


def test_moving_the_clock_sends_reminders_then_closes_the_round(network, start, mailbox):
    ping_round = start(network.directory)
    mailbox.clear()
    out = StringIO()
    call_command("run_ping_jobs", now=(ping_round.started_at + timedelta(days=3, hours=1)).isoformat(), stdout=out)
    assert "3 reminder(s) sent" in out.getvalue()
    assert len(mailbox.messages) == 4
    call_command("run_ping_jobs", now=(ping_round.closes_at + timedelta(hours=1)).isoformat(), stdout=out)
    ping_round.refresh_from_db()
    assert ping_round.status == RoundStatus.CLOSED
    assert set(Ping.objects.values_list("status", flat=True)) == {PingStatus.UNREACHABLE}


def test_a_malformed_time_is_refused(db):
    with pytest.raises(CommandError, match="--now must be an ISO date and time"):
        call_command("run_ping_jobs", now="next tuesday")
