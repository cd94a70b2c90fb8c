"""Invite a directory's manager by e-mail: how the first account of a new deployment is made."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from accounts.services import invite_manager
from directory.models import Directory


class Command(BaseCommand):
    help = "E-mail an invitation to become manager of a directory, and print its link."

    def add_arguments(self, parser):
        parser.add_argument("--directory", required=True, help="The directory's slug.")
        parser.add_argument("--email", required=True)
        parser.add_argument("--language", default="en", help="Language of the e-mail (en, es, ...).")

    def handle(self, *args, directory: str, email: str, language: str, **options):
        found = Directory.objects.filter(slug=directory).first()
        if found is None:
            raise CommandError(f"No directory has the slug {directory!r}.")
        try:
            invitation, link = invite_manager(directory=found, email=email, language=language)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Invitation sent to {invitation.email}."))
        self.stdout.write(f"Its link (valid until {invitation.expires_at:%Y-%m-%d}): {settings.SITE_URL}{link}")
