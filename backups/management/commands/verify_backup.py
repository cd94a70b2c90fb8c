from pathlib import Path

from django.core.management import BaseCommand, CommandError

from backups.archive import verify_backup


class Command(BaseCommand):
    help = "Check a backup: every member against its SHA-256, and that the database copy can be read."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", type=Path, help="A backup directory made by `manage.py backup`.")

    def handle(self, *args, backup: Path, **options) -> None:
        check = verify_backup(backup)
        if not check.ok:
            raise CommandError(f"{backup} fails its check:\n" + "\n".join(check.problems))
        self.stdout.write(f"OK {backup}")
