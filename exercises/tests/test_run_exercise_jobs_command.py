"""A controller plays a short scenario at an accelerated clock: ``run_exercise_jobs --now``."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from exercises.choices import ExerciseStatus, InjectStatus
from exercises.tests.players import build_players, three_inject_scenario

__all__ = ["build_players"]  # the fixture ``players``


def run(moment) -> str:
    out = StringIO()
    call_command("run_exercise_jobs", now=moment.isoformat(), stdout=out)
    return out.getvalue()


def test_moving_the_clock_plays_the_scenario_and_delivers_its_mail(players, mailbox):
    start = timezone.now() + timedelta(days=7)
    exercise = three_inject_scenario(players, starts_at=start)
    assert "0 exercise(s) started" in run(start - timedelta(minutes=1))

    said = run(start)
    assert "1 exercise(s) started, 1 inject(s) sent, 0 exercise(s) ended, 5 e-mail(s) delivered" in said
    assert mailbox.to(players.desk_address("KEN"))
    assert "1 inject(s) sent" in run(start + timedelta(minutes=30))
    assert "1 inject(s) sent" in run(start + timedelta(hours=2))
    assert not exercise.injects.filter(status=InjectStatus.PENDING).exists()

    assert "1 exercise(s) ended" in run(start + timedelta(days=3))
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.ENDED


def test_a_malformed_time_is_refused(db):
    with pytest.raises(CommandError, match="--now must be an ISO date and time"):
        call_command("run_exercise_jobs", now="after lunch")
