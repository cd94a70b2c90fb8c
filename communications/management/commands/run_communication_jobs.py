"""Run the communications' due reminders and escalation steps once, optionally as of another time.

The scheduler runs the same job every five minutes; this command lets an operator
catch up, or a demonstration move the clock: ``manage.py run_communication_jobs
--now 2026-12-01T10:00`` escalates what would be unacknowledged by then.
"""

from communications import services
from mail.tasks import deliver_queued_emails
from processes.clock import AsOfCommand


class Command(AsOfCommand):
    help = "Send the due communication reminders and take the due escalation steps, as of now or of --now."
    example = "2026-12-01T10:00"

    def run_as_of(self, moment):
        done = services.run_due_actions(moment)
        delivered = deliver_queued_emails.call()
        self.stdout.write(
            f"As of {moment:%Y-%m-%d %H:%M %Z}: {done} reminder(s) or escalation step(s), "
            f"{delivered} e-mail(s) delivered."
        )
