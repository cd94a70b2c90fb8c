"""Background jobs of the directory. Each is idempotent and safe on several workers."""

from crontask import cron
from django.tasks import task

from directory import services


@cron("5 * * * *")
@task
def retire_due_nominations() -> int:
    """Hourly: retire the nominations whose scheduled end date has come (hourly, so a missed run catches up)."""
    return services.retire_due_nominations()
