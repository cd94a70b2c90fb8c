"""The surveys' one periodic job: a survey past its closing time is closed, those who joined an open survey's
audience since it opened are invited, and the reminder before a survey closes is sent once to each who has not
answered."""

from crontask import cron
from django.tasks import task

from surveys import services


@cron("17 * * * *")
@task
def send_reminders() -> int:
    """Every hour (a reminder is days ahead); each is claimed once, safe on several workers."""
    services.close_due_surveys()
    services.invite_newcomers()
    return services.send_due_reminders()
