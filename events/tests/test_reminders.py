"""The reminder goes out once to each registered person when its time comes, however many times (or workers) the
job runs; not to those waiting or cancelled, not before its time."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from events import services
from events.tests.gathering import build_gathering, new_event

__all__ = ["build_gathering"]  # the fixture ``gathering``


def _registered_event(gathering, *, hours_ahead: int):
    event = new_event(gathering.network.oas, starts_at=timezone.now() + timedelta(hours=hours_ahead), capacity=1)
    registered, waiting = services.register(event, gathering.pocs[0]), services.register(event, gathering.pocs[1])
    return event, registered, waiting


def test_the_reminder_is_sent_once_even_when_the_job_runs_twice(gathering, mailbox, background):
    _event, registered, waiting = _registered_event(gathering, hours_ahead=10)
    assert background(services.send_due_reminders) == 1
    assert background(services.send_due_reminders) == 0
    [message] = mailbox.to(registered.user.email)
    assert "Reminder" in message["Subject"]
    assert not mailbox.to(waiting.user.email)


def test_no_reminder_before_its_time(gathering, mailbox, background):
    _registered_event(gathering, hours_ahead=48)  # reminded 24 hours before
    assert background(services.send_due_reminders) == 0
    assert not mailbox.messages


def test_the_reminder_comes_when_its_time_has_come(gathering, mailbox, background):
    _registered_event(gathering, hours_ahead=48)
    assert background(services.send_due_reminders, timezone.now() + timedelta(hours=25)) == 1


def test_the_command_sends_the_due_reminders_now_and_not_again(gathering, mailbox, capsys):
    _event, registered, _waiting = _registered_event(gathering, hours_ahead=2)
    call_command("send_event_reminders")
    call_command("send_event_reminders")
    assert len(mailbox.to(registered.user.email)) == 1
    assert "1 reminder(s) queued" in capsys.readouterr().out
