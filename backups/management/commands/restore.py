from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup into this instance's database (DATABASE_URL) and uploaded files' storage (MEDIA_ROOT). "
        "Both must be empty unless --replace is given. Run it with the SECRET_KEY of the instance backed up."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", type=Path, help="A backup directory made by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Write over a database and storage that are not empty (what they hold is lost).",
        )

    def handle(self, *args, backup: Path, replace: bool, **options) -> None:
        try:
            manifest = restore_backup(backup, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {backup} (made {manifest['created_at']} by Enlace {manifest['enlace_version']}): "
            f"{sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables, "
            f"{len(manifest['files'])} files."
        )
        connection = connections["default"]
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(f"{len(pending)} migrations of this code are not applied yet: run `manage.py migrate`.")
