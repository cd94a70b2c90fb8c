"""Send the events' due reminders once, now or as of another time (``--now``), and deliver them."""

from events import services
from mail.tasks import deliver_queued_emails
from processes.clock import AsOfCommand


class Command(AsOfCommand):
    help = "E-mail the reminders of the events starting soon, as of now or of --now (each reminder once)."
    example = "2026-12-01T09:00"

    def run_as_of(self, moment):
        sent = services.send_due_reminders(moment)
        delivered = deliver_queued_emails.call()
        self.stdout.write(
            f"As of {moment:%Y-%m-%d %H:%M %Z}: {sent} reminder(s) queued, {delivered} e-mail(s) delivered."
        )
