from crontask import cron
from django.tasks import task
from django.utils import timezone

from delivery import services
from delivery.models import OutboundEmail


@task
def deliver_email(email_id: int) -> str | None:
    status = services.deliver(email_id)
    return status.value if status else None


@cron("* * * * *")
@task
def deliver_due_emails() -> int:
    """Every minute: send what is due (retries, and anything whose enqueue was lost)."""
    services.release_abandoned_claims()
    sent = 0
    for email_id in OutboundEmail.objects.due(timezone.now()).values_list("pk", flat=True)[:500]:
        if services.deliver(email_id) is not None:
            sent += 1
    return sent
