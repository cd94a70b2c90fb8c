from crontask import cron
from django.tasks import task

from mail import services


@task
def deliver_email(email_id: int) -> str | None:
    status = services.deliver(email_id)
    return status.value if status else None


@task
def deliver_queued_emails() -> int:
    """Send everything that is due, batch after batch (bulk senders start this)."""
    sent = 0
    while tried := services.deliver_batch():
        sent += tried
    return sent


@cron("* * * * *")
@task
def deliver_due_emails() -> int:
    """Every minute: send what is due (retries, and anything whose enqueue was lost)."""
    services.release_abandoned_claims()
    return deliver_queued_emails.call()
