"""Running periodic jobs "as of" another time: the ``--now`` option of the run_*_jobs commands."""

from datetime import UTC, datetime

from django.core.management import BaseCommand, CommandError
from django.utils import timezone


class AsOfCommand(BaseCommand):
    """A command that acts as of now, or as of ``--now`` (to demonstrate, test or catch up)."""

    example = "2026-12-05T09:00"

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help=f"ISO date and time to act as of, e.g. {self.example} (UTC if no zone is given)."
        )

    def handle(self, *args, now: str | None = None, **options):
        self.run_as_of(as_of(now, example=self.example))

    def run_as_of(self, moment: datetime) -> None:
        raise NotImplementedError


def as_of(text: str | None, *, example: str = "2026-12-05T09:00") -> datetime:
    """The moment ``text`` names (UTC when it names no zone), or now when it is empty."""
    if not text:
        return timezone.now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--now must be an ISO date and time, e.g. {example}, not {text!r}.") from None
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment
