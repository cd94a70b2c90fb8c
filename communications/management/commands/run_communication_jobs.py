"""Run the communications' due reminders and escalation steps once, optionally as of another time.

The scheduler runs the same job every five minutes; this command lets an operator
catch up, or a demonstration move the clock: ``manage.py run_communication_jobs
--now 2026-12-01T10:00`` escalates what would be unacknowledged by then.
"""

from datetime import UTC, datetime

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from communications import services
from delivery.tasks import deliver_queued_emails


class Command(BaseCommand):
    help = "Send the due communication reminders and take the due escalation steps, as of now or of --now."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO date and time to act as of, e.g. 2026-12-01T10:00 (UTC if no zone).")

    def handle(self, *args, now: str | None = None, **options):
        moment = timezone.now()
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now must be an ISO date and time, e.g. 2026-12-01T10:00, not {now!r}.") from None
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, UTC)
        done = services.run_due_actions(moment)
        delivered = deliver_queued_emails.call()
        self.stdout.write(
            f"As of {moment:%Y-%m-%d %H:%M %Z}: {done} reminder(s) or escalation step(s), "
            f"{delivered} e-mail(s) delivered."
        )
