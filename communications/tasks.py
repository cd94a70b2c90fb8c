"""The communications' one periodic job: do the reminders and escalation steps that are due now."""

from crontask import cron
from django.tasks import task

from communications import services


@cron("*/5 * * * *")
@task
def run_due_actions() -> int:
    """Every five minutes: each due step is claimed by a conditional update, so it is safe on several workers."""
    return services.run_due_actions()
