"""Background jobs of the ping tests. Each is idempotent and safe on several workers."""

from crontask import cron
from django.tasks import task

from pings import services


@task
def send_round(round_id: int) -> int:
    return services.send_round(round_id)


@cron("7 * * * *")
@task
def start_due_rounds() -> int:
    """Hourly: start a round in every directory whose ping interval has passed."""
    return len(services.start_due_rounds())


@cron("*/10 * * * *")
@task
def send_due_reminders() -> int:
    return services.send_reminders()


@cron("*/10 * * * *")
@task
def close_due_rounds() -> int:
    return len(services.close_due_rounds())


@cron("*/5 * * * *")
@task
def resume_unsent_rounds() -> int:
    """A worker killed while sending leaves its round "sending": carry on where it stopped."""
    return services.resume_unsent_rounds()
