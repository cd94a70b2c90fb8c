"""The working groups' periodic jobs: the reminder before a product's last day, sent once, and the daily digest
of their discussions."""

from crontask import cron
from django.tasks import task

from working_groups import discussion, services


@cron("15 6 * * *")
@task
def send_reminders() -> int:
    """Every morning (a reminder is days ahead); each product is claimed once, safe on several workers."""
    return services.send_due_reminders()


@cron("0 7 * * *")
@task
def send_discussion_digests() -> int:
    """Every morning, the daily digest of the groups' discussions; each post is carried once, safe on several
    workers."""
    return discussion.send_digests()
