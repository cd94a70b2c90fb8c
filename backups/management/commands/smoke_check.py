import json
import os
from getpass import getpass
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from backups.archive import read_manifest
from backups.smoke import compare, observe


class Command(BaseCommand):
    help = (
        "Check a running (or just restored) instance through the application: sign in as --email (the password "
        "from ENLACE_SMOKE_PASSWORD, or asked for), open every directory, download every document that person "
        "may read. With --against BACKUP, fail unless the rows and the documents' bytes are those of the backup."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help="A person's sign-in address (a point of contact will do).")
        parser.add_argument("--against", type=Path, help="A backup directory the instance was restored from.")

    def handle(self, *args, email: str, against: Path | None, **options) -> None:
        password = os.environ.get("ENLACE_SMOKE_PASSWORD") or getpass(f"Password of {email}: ")
        observation = observe(email, password)
        self.stdout.write(json.dumps(observation.as_dict(), indent=2, sort_keys=True))
        problems = compare(observation, read_manifest(against)) if against else []
        if not against and not observation.signed_in:
            problems.append("Signing in failed.")
        if problems:
            raise CommandError("The smoke check failed:\n" + "\n".join(problems))
