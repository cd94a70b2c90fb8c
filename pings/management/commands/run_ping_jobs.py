"""Run the ping tests' periodic jobs once, optionally as of another time (to demonstrate or catch up).

The scheduler (`manage.py crontask`) runs the same jobs on its own; this command
lets an operator run them now, or a demonstration move the clock forward:
`manage.py run_ping_jobs --now 2026-12-05T09:00` sends the reminders and closes
the rounds that would be due then.
"""

from django.db import transaction

from mail.tasks import deliver_queued_emails
from pings import services
from processes.clock import AsOfCommand


class Command(AsOfCommand):
    help = "Start due rounds, send due reminders and close due rounds, as of now or of --now."

    def run_as_of(self, moment):
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
