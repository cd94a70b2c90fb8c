"""The exercises' one periodic job: start, send and end what an exercise's clock has made due."""

from crontask import cron
from django.tasks import task

from exercises import services


@cron("* * * * *")
@task
def run_due() -> int:
    """Every minute, so that injects go out on time; each step is claimed once, safe on several workers."""
    return sum(services.run_due().values())
