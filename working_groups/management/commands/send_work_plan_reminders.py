"""Send the work plans' due reminders once, as of today or of another day (``--now``), and deliver them."""

from django.utils import timezone

from mail.tasks import deliver_queued_emails
from processes.clock import AsOfCommand
from working_groups import services


class Command(AsOfCommand):
    help = "E-mail the responsible States' coordinators of the products coming due, as of now or of --now (once each)."
    example = "2031-01-17T09:00"

    def run_as_of(self, moment):
        sent = services.send_due_reminders(timezone.localdate(moment))
        delivered = deliver_queued_emails.call()
        self.stdout.write(f"As of {moment:%Y-%m-%d}: {sent} product(s) reminded of, {delivered} e-mail(s) delivered.")
