"""The surveys' one periodic job: the reminder before a survey closes, sent once to each who has not answered."""

from crontask import cron
from django.tasks import task

from surveys import services


@cron("17 * * * *")
@task
def send_reminders() -> int:
    """Every hour (a reminder is days ahead); each is claimed once, safe on several workers."""
    return services.send_due_reminders()
