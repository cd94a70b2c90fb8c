"""A local SMTP server that keeps every message it receives as a .eml file.

The demo sends real SMTP to it, so what a user would receive (invitations,
pings, communications, reminders) can be opened in any mail reader.
"""

import time
from datetime import UTC, datetime

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import BaseCommand


class MaildirHandler:
    def __init__(self, directory):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        recipient = envelope.rcpt_tos[0].replace("@", "_at_").replace("/", "_")
        (self.directory / f"{stamp}-{recipient}.eml").write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class Command(BaseCommand):
    help = "Run a loopback SMTP server that saves incoming mail to DEMO_MAILBOX_DIR."

    def handle(self, *args, **options):
        directory = settings.DEMO_MAILBOX_DIR
        directory.mkdir(parents=True, exist_ok=True)
        smtp = settings.MAILERS["default"]["OPTIONS"]
        controller = Controller(MaildirHandler(directory), hostname=smtp["host"], port=smtp["port"])
        controller.start()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
