from django.core.management import BaseCommand, CommandError

from audit.chain import verify_chain


class Command(BaseCommand):
    help = (
        "Check the change log's hash chain from its first entry: prints OK and the head hash, or names the first "
        "entry changed, moved or deleted (and exits with a non-zero status)."
    )

    def handle(self, *args, **options) -> None:
        verdict = verify_chain()
        if not verdict.ok:
            raise CommandError(verdict.message)
        self.stdout.write(verdict.message)
        if verdict.unlinked:
            self.stdout.write(
                f"{verdict.unlinked} entries written since are not chained yet (the scheduler links them)."
            )
