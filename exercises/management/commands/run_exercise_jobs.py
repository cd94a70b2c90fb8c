"""Run the exercises' due steps once, optionally as of another time.

The scheduler runs the same job every minute; with ``--now`` a controller plays a short scenario at an
accelerated clock: ``manage.py run_exercise_jobs --now 2026-12-01T10:30`` starts what is scheduled by
then, sends the injects due by then and ends what should have ended.
"""

from exercises import services
from mail.tasks import deliver_queued_emails
from processes.clock import AsOfCommand


class Command(AsOfCommand):
    help = "Start the due exercises, send their due injects and end them, as of now or of --now."
    example = "2026-12-01T10:30"

    def run_as_of(self, moment):
        done = services.run_due(moment)
        delivered = deliver_queued_emails.call()
        self.stdout.write(
            f"As of {moment:%Y-%m-%d %H:%M %Z}: {done['started']} exercise(s) started, "
            f"{done['injects']} inject(s) sent, {done['ended']} exercise(s) ended, {delivered} e-mail(s) delivered."
        )
