"""The events' one periodic job: the reminder before an event, sent once to each registered person."""

from crontask import cron
from django.tasks import task

from events import services


@cron("*/5 * * * *")
@task
def send_reminders() -> int:
    """Every five minutes (a reminder is hours ahead); each is claimed once, safe on several workers."""
    return services.send_due_reminders()
