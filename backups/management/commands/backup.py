from pathlib import Path

from django.core.management import BaseCommand, CommandError

from backups.archive import BackupError, create_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files, taken at one moment, into a new directory with a manifest "
        "(SHA-256 of each member, rows per table, migrations, Enlace version). Secrets are not included."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("destination", type=Path, help="Folder the backup directory is created in.")

    def handle(self, *args, destination: Path, **options) -> None:
        try:
            backup = create_backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        check = verify_backup(backup)
        if not check.ok:
            raise CommandError(f"{backup} was written but fails its check:\n" + "\n".join(check.problems))
        self.stdout.write(str(backup))
