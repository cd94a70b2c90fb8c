"""Run the whole product on one machine: web server, task worker, scheduler, demo mailbox.

This is what `make run` starts. Production runs the same pieces as separate
services (see docs/operations.md); here they are child processes of one
command, stopped together with Ctrl+C.
"""

import os
import signal
import sys

from django.conf import settings
from django.core.management import BaseCommand, call_command

from processes.supervisor import Supervisor


class Command(BaseCommand):
    help = "Load the demo data (once), then serve Enlace with its background worker and scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo data.")
        parser.add_argument(
            "--no-mailbox",
            action="store_true",
            help="Do not start the local SMTP sink (use when EMAIL_HOST points at a real server).",
        )

    def handle(self, *args, port: int, no_demo: bool, no_mailbox: bool, **options):
        if not no_demo:
            call_command("load_demo", print_sign_ins=True)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        # A plain `kill` (SIGTERM) stops everything too, like Ctrl+C: without this the worker,
        # scheduler and mailbox would outlive the server. Ctrl+C is handled explicitly as well: started
        # from a script, SIGINT may arrive ignored, and the children (which do stop on it) would
        # otherwise be restarted by the supervisor instead of stopping with it.
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGINT, _interrupt)
        children = {
            "worker": [*manage, "worker", "--interval", "1", "--no-reload"],
            "scheduler": [*manage, "scheduler"],
        }
        if not no_mailbox:
            children["demo mailbox"] = [*manage, "demo_mailbox"]
            self.stdout.write(f"E-mail is caught by the demo mailbox: {settings.DEMO_MAILBOX_DIR}")
        children["web server"] = [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"]
        # A child that exits (the worker, say, on an error) is started again, and the output says so.
        supervisor = Supervisor(children, write=lambda line: self.stdout.write(self.style.WARNING(line)))
        self.stdout.write(self.style.SUCCESS(f"Enlace is at http://127.0.0.1:{port}/  (Ctrl+C stops everything)"))
        try:
            supervisor.start()
            supervisor.run(until=lambda: False)
        except KeyboardInterrupt:
            pass
        finally:
            supervisor.stop()


def _interrupt(signum, frame):
    raise KeyboardInterrupt
