"""Run the ping tests' periodic jobs once, optionally as of another time (to demonstrate or catch up).

The scheduler (`manage.py crontask`) runs the same jobs on its own; this command
lets an operator run them now, or a demonstration move the clock forward:
`manage.py run_ping_jobs --now 2026-12-05T09:00` sends the reminders and closes
the rounds that would be due then.
"""

from datetime import UTC, datetime

from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from delivery.tasks import deliver_queued_emails
from pings import services


class Command(BaseCommand):
    help = "Start due rounds, send due reminders and close due rounds, as of now or of --now."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO date and time to act as of, e.g. 2026-12-05T09:00 (UTC if no zone).")

    def handle(self, *args, now: str | None = None, **options):
        moment = timezone.now()
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now must be an ISO date and time, e.g. 2026-12-05T09:00, not {now!r}.") from None
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, UTC)
        with transaction.atomic():
            started = services.start_due_rounds(moment)
            for ping_round in started:
                services.send_round(ping_round.pk, moment)
            reminded = services.send_reminders(moment)
            closed = services.close_due_rounds(moment)
        delivered = deliver_queued_emails.call()
        self.stdout.write(
            f"As of {moment:%Y-%m-%d %H:%M %Z}: {len(started)} round(s) started, {reminded} reminder(s) sent, "
            f"{len(closed)} round(s) closed, {delivered} e-mail(s) delivered."
        )
