"""Background jobs of the repository. Each is idempotent and safe on several workers."""

from crontask import cron
from django.tasks import task

from repository import services


@task
def extract_text(document_id: int) -> bool:
    """Read an uploaded PDF's text into the search index (kept out of the request: it can be slow)."""
    return services.extract_text(document_id)


@cron("30 6 * * *")
@task
def send_review_reminders() -> int:
    """Daily: remind coordinators of documents not reviewed for a year (each document at most yearly)."""
    return services.send_review_reminders()
