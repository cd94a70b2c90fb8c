"""The working groups' one periodic job: the reminder before a product's last day, sent once."""

from crontask import cron
from django.tasks import task

from working_groups import services


@cron("15 6 * * *")
@task
def send_reminders() -> int:
    """Every morning (a reminder is days ahead); each product is claimed once, safe on several workers."""
    return services.send_due_reminders()
