"""Create a directory from the command line (an operator's first step on a new deployment)."""

from django.core.management import BaseCommand, CommandError
from django.db import transaction

from directory.choices import Region, RoleKind
from directory.models import Directory, DirectoryRole, Participation, State


class Command(BaseCommand):
    help = "Create a directory with its roles and participating States."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="Short name used in addresses, e.g. un-global.")
        parser.add_argument("--name", required=True)
        parser.add_argument("--managing-body", required=True, help="The secretariat that runs it.")
        parser.add_argument(
            "--roles",
            default="diplomatic,technical",
            help=f"Comma-separated roles among: {', '.join(RoleKind.values)}.",
        )
        parser.add_argument(
            "--states",
            default="",
            help=f"Comma-separated ISO 3166-1 alpha-3 codes, 'un-members', or a region ({', '.join(Region.values)}).",
        )

    @transaction.atomic
    def handle(self, *args, slug, name, managing_body, roles, states, **options):
        if Directory.objects.filter(slug=slug).exists():
            raise CommandError(f"A directory with the slug {slug!r} already exists.")
        kinds = [kind.strip() for kind in roles.split(",") if kind.strip()]
        unknown = [kind for kind in kinds if kind not in RoleKind.values]
        if unknown:
            raise CommandError(f"Unknown role(s): {', '.join(unknown)}. Use: {', '.join(RoleKind.values)}.")
        members = self.resolve_states(states)
        directory = Directory.objects.create(slug=slug, name=name, managing_body=managing_body)
        DirectoryRole.objects.bulk_create(
            DirectoryRole(directory=directory, kind=kind, position=position) for position, kind in enumerate(kinds)
        )
        Participation.objects.bulk_create(Participation(directory=directory, state=state) for state in members)
        self.stdout.write(self.style.SUCCESS(f"Created {name} ({slug}) with {len(members)} participating States."))

    def resolve_states(self, text: str) -> list[State]:
        text = text.strip()
        if not text:
            return []
        if text == "un-members":
            return list(State.objects.un_members())
        if text in Region.values:
            return list(State.objects.un_members().filter(region=text))
        codes = [code.strip().upper() for code in text.split(",") if code.strip()]
        found = {state.iso3: state for state in State.objects.filter(iso3__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise CommandError(f"Unknown ISO 3166-1 alpha-3 code(s): {', '.join(missing)}.")
        return [found[code] for code in codes]
