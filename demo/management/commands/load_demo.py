"""Load a deterministic, clearly fictional demo data set (once), and print its sign-ins.

Every name is invented and every address is under example.org; phone numbers are
libphonenumber's own example numbers. Running it again keeps what users changed:
it only creates the data when the demo directories do not exist yet.
"""

import random
import tempfile
from datetime import timedelta
from pathlib import Path

import gnupg
import phonenumbers
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from babel.core import get_global
from django.conf import settings
from django.core.management import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, RoleAssignment, User
from cbm.models import Catalogue
from demo import transparency
from demo.ping_history import record_past_round
from directory.choices import (
    ContactKind,
    EmailUsage,
    InstitutionKind,
    NominationSource,
    PhoneUsage,
    Region,
    RoleKind,
)
from directory.models import (
    Contact,
    ContactEmail,
    ContactLanguage,
    ContactPhone,
    Directory,
    DirectoryRole,
    Institution,
    Nomination,
    Participation,
    State,
)
from directory.reference_data import load_states
from enlace.app_modules import each_app_module
from mail import openpgp
from working_groups import demo_data as working_groups_demo

DEMO_PASSWORD = "enlace-demo-password"  # noqa: S105  (printed by design: fictional demo accounts)
SEED = 20261123

FIRST_NAMES = [
    "Amara",
    "Bruno",
    "Camila",
    "Dario",
    "Elena",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kalani",
    "Lucia",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Samir",
    "Tala",
    "Ugo",
    "Vera",
    "Wanjiru",
    "Ximena",
    "Yusuf",
    "Zofia",
    "Aiko",
    "Beno",
    "Chiara",
    "Dmitri",
    "Esi",
    "Faisal",
    "Ilse",
    "Joaquin",
    "Keira",
    "Leilani",
]
LAST_NAMES = [
    "Arbelo",
    "Brandt",
    "Castellan",
    "Dovrin",
    "Esparto",
    "Folau",
    "Gradin",
    "Halvorsen",
    "Ibarreta",
    "Jurado",
    "Kestrel",
    "Lindqvist",
    "Moravec",
    "Nakamura-Ortiz",
    "Okonjo",
    "Pellegrin",
    "Quiroga",
    "Rasmundo",
    "Solberg",
    "Tavares",
    "Umberti",
    "Valdivieso",
    "Wexley",
    "Yarrow",
    "Zelenko",
    "Abernath",
    "Belmonte",
    "Corvalan",
]

UN_DIRECTORY = "un-global"
OAS_CBM_DIRECTORY = "oas-cicte"
OAS_247_DIRECTORY = "oas-terrorism-24-7"
DEMO_DIRECTORIES = [UN_DIRECTORY, OAS_CBM_DIRECTORY, OAS_247_DIRECTORY]
# States with coordinator and point-of-contact demo accounts, one per region.
DEMO_STATES = ["MEX", "KEN", "EST", "IDN", "FJI"]
# States whose CSIRT duty desk also has a demo account (a technical point of contact), with a key.
TECHNICAL_DEMO_STATES = ["MEX", "KEN"]
UN_NOMINATED_STATE_COUNT = 120


class Command(BaseCommand):
    help = "Create the demo data set if it is not there yet, then print the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--print-sign-ins", action="store_true", help="Print the demo accounts afterwards.")

    def handle(self, *args, print_sign_ins: bool = False, **options):
        if Directory.objects.filter(slug=UN_DIRECTORY).exists():
            self.stdout.write("Demo data already loaded; keeping what is there.")
        else:
            with transaction.atomic():
                DemoBuilder().build()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        oas = Directory.objects.filter(slug=OAS_CBM_DIRECTORY).first()
        if oas is not None and not Catalogue.objects.filter(directory=oas).exists():
            # Demo databases made before the repository and the CBM tracker get their data too.
            with transaction.atomic():
                transparency.build(oas, timezone.localdate(), random.Random(SEED))
            self.stdout.write(self.style.SUCCESS("Demo policy documents and CBMs loaded."))
        un = Directory.objects.filter(slug=UN_DIRECTORY).first()
        if un is not None and not working_groups_demo.is_built():
            # Demo databases made before the working groups get PROSUR's group and the CICTE plan too.
            working_groups_demo.build(un, timezone.now(), random.Random(SEED))
            self.stdout.write(self.style.SUCCESS("Demo working groups and work plans loaded."))
        demo_directories = Directory.objects.filter(slug__in=DEMO_DIRECTORIES, ping_rounds__isnull=True)
        for directory in demo_directories:
            # Demo databases made before the demo had a past round get one too: nothing starts on its own.
            record_past_round(directory, timezone.now(), random.Random(SEED))
        if print_sign_ins or options.get("verbosity", 1) > 1:
            self.print_sign_ins()

    def print_sign_ins(self) -> None:
        out = self.stdout.write
        out("")
        out(self.style.MIGRATE_HEADING("Demo sign-ins (all fictional)"))
        out(f"  Password for every demo account: {DEMO_PASSWORD}")
        out(f"  The demo points of contact have OpenPGP keys; their private keys are in {settings.DEMO_KEYS_DIR}")
        out("  Managers and coordinators must pass multi-factor authentication: add the TOTP secret")
        out("  to an authenticator app, or type one of the recovery codes (each works once).")
        out("")
        mfa = get_mfa_adapter()
        users = (
            User.objects.filter(email__endswith="@enlace.example.org")
            .select_related("contact__institution__state")
            .prefetch_related("role_assignments")
        )
        for user in sorted(users, key=lambda user: user.email):
            roles = ", ".join(str(assignment) for assignment in user.role_assignments.all())
            if user.contact_id:
                roles = f"Point of contact: {user.contact.name}, {user.contact.institution.state.english_name}"
            out(f"  {user.email:<42} {roles}")
            totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
            if totp:
                out(f"      TOTP secret: {mfa.decrypt(totp.data['secret'])}")
            codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
            if codes:
                out(f"      recovery codes: {' '.join(RecoveryCodes(codes).get_unused_codes())}")
        out("")


class DemoBuilder:
    def __init__(self):
        self.random = random.Random(SEED)
        self.today = timezone.localdate()

    def build(self) -> None:
        load_states()
        un = self.directory(
            UN_DIRECTORY,
            "UN Global PoC Directory",
            "UN Office for Disarmament Affairs",
            [RoleKind.DIPLOMATIC, RoleKind.TECHNICAL],
            "Global intergovernmental directory of diplomatic and technical points of contact for ICT security.",
        )
        cbm = self.directory(
            OAS_CBM_DIRECTORY,
            "OAS CICTE cyber CBM network",
            "OAS CICTE Secretariat",
            [RoleKind.DIPLOMATIC, RoleKind.TECHNICAL, RoleKind.POLITICAL, RoleKind.FOREIGN_AFFAIRS],
            "Points of contact of the Inter-American cyber confidence-building measures.",
        )
        network = self.directory(
            OAS_247_DIRECTORY,
            "OAS Inter-American Network against Terrorism (24/7)",
            "OAS CICTE Secretariat",
            [RoleKind.LAW_ENFORCEMENT, RoleKind.DIPLOMATIC],
            "Round-the-clock points of contact for counter-terrorism cooperation.",
        )
        members = list(State.objects.un_members().order_by("iso3"))
        americas = [state for state in members if state.region == Region.AMERICAS]
        self.participate(un, members)
        self.participate(cbm, americas)
        self.participate(network, americas)

        nominated = set(DEMO_STATES) | {state.iso3 for state in americas}
        others = [state for state in members if state.iso3 not in nominated]
        self.random.shuffle(others)
        un_states = [state for state in members if state.iso3 in nominated]
        un_states += others[: UN_NOMINATED_STATE_COUNT - len(un_states)]

        for state in sorted(un_states, key=lambda state: state.iso3):
            diplomatic, technical = self.national_contacts(state)
            self.nominate(un, RoleKind.DIPLOMATIC, diplomatic)
            self.nominate(un, RoleKind.TECHNICAL, technical)
            if state.region == Region.AMERICAS:
                # One contact, many nominations: the same people serve the OAS network.
                self.nominate(cbm, RoleKind.DIPLOMATIC, diplomatic)
                self.nominate(cbm, RoleKind.TECHNICAL, technical)
                self.nominate(cbm, RoleKind.FOREIGN_AFFAIRS, diplomatic)
                police = self.contact(
                    self.institution(state, "National Police Cyber Unit", "NPCU", InstitutionKind.POLICE),
                    ContactKind.FUNCTIONAL,
                    "24/7 Operations Room",
                    "Counter-terrorism duty officer",
                    is_24_7=True,
                )
                self.nominate(network, RoleKind.LAW_ENFORCEMENT, police)
                self.nominate(network, RoleKind.DIPLOMATIC, diplomatic)
        self.accounts(un, cbm, network)
        self.communications(un)
        # Each feature app's own demo records in the UN directory (``<app>/demo_data.py``: ``build(un, now, rng)``).
        for module in each_app_module("demo_data"):
            module.build(un, timezone.now(), random.Random(SEED))
        for directory in (un, cbm, network):
            record_past_round(directory, timezone.now(), self.random)

    # --- building blocks ---------------------------------------------------------

    def directory(self, slug, name, body, roles, description) -> Directory:
        directory = Directory.objects.create(slug=slug, name=name, managing_body=body, description=description)
        DirectoryRole.objects.bulk_create(
            DirectoryRole(directory=directory, kind=kind, position=position) for position, kind in enumerate(roles)
        )
        return directory

    def participate(self, directory: Directory, states) -> None:
        Participation.objects.bulk_create(Participation(directory=directory, state=state) for state in states)

    def institution(self, state, name, acronym, kind) -> Institution:
        return Institution.objects.create(
            state=state,
            name=name,
            acronym=acronym,
            kind=kind,
            website=f"https://{acronym.lower()}.{state.iso2.lower()}.example.org/",
        )

    def person_name(self) -> str:
        return f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}"

    def national_contacts(self, state: State) -> tuple[Contact, Contact]:
        mfa = self.institution(state, "Ministry of Foreign Affairs", "MFA", InstitutionKind.FOREIGN_AFFAIRS)
        csirt = self.institution(
            state, "National Computer Security Incident Response Team", "CSIRT", InstitutionKind.CSIRT
        )
        diplomatic = self.contact(mfa, ContactKind.PERSON, self.person_name(), "Director, International Cyber Policy")
        technical = self.contact(
            csirt, ContactKind.FUNCTIONAL, "CSIRT Duty Desk", "Incident coordination", is_24_7=True
        )
        return diplomatic, technical

    def contact(self, institution, kind, name, title, is_24_7=False) -> Contact:
        state = institution.state
        zones = get_global("territory_zones").get(state.iso2) or ["UTC"]
        # A third of the contacts were verified over a year ago: they show as stale.
        age = self.random.choice([30, 90, 200, 400, 500, None])
        contact = Contact.objects.create(
            institution=institution,
            kind=kind,
            name=name,
            title=title,
            is_24_7=is_24_7,
            time_zone=sorted(zones)[0],
            opens_at=None if is_24_7 else timezone.datetime(2000, 1, 1, 9).time(),
            closes_at=None if is_24_7 else timezone.datetime(2000, 1, 1, 17).time(),
            last_verified=None if age is None else self.today - timedelta(days=age),
        )
        local = name.lower().replace(" ", ".").replace("/", "").replace("24.7.", "")
        domain = f"{institution.acronym.lower()}.{state.iso2.lower()}.example.org"
        ContactEmail.objects.create(contact=contact, address=f"{local}@{domain}", usage=EmailUsage.OFFICE)
        if is_24_7:
            ContactEmail.objects.create(contact=contact, address=f"duty@{domain}", usage=EmailUsage.DUTY, position=1)
        self.phones(contact, state, is_24_7)
        for position, code in enumerate(self.languages(state)):
            ContactLanguage.objects.create(contact=contact, code=code, position=position)
        return contact

    def phones(self, contact: Contact, state: State, is_24_7: bool) -> None:
        kinds = [(PhoneUsage.OFFICE, phonenumbers.PhoneNumberType.FIXED_LINE)]
        kinds.append(
            (PhoneUsage.EMERGENCY, phonenumbers.PhoneNumberType.MOBILE)
            if is_24_7
            else (PhoneUsage.MOBILE, phonenumbers.PhoneNumberType.MOBILE)
        )
        for position, (usage, number_type) in enumerate(kinds):
            example = phonenumbers.example_number_for_type(state.iso2, number_type)
            if example is not None and phonenumbers.is_valid_number(example):
                number = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
                ContactPhone.objects.get_or_create(
                    contact=contact, number=number, usage=usage, defaults={"position": position}
                )

    def languages(self, state: State) -> list[str]:
        spoken = get_global("territory_languages").get(state.iso2, {})
        ranked = sorted(spoken.items(), key=lambda item: -(item[1].get("population_percent") or 0))
        codes = [code for code, _info in ranked if len(code) == 2][:1]
        for code in ("en",):
            if code not in codes:
                codes.append(code)
        return codes

    def nominate(self, directory: Directory, kind: str, contact: Contact) -> Nomination:
        source = self.random.choice([NominationSource.STATE, NominationSource.STATE, NominationSource.NOTE_VERBALE])
        return Nomination.objects.create(
            directory=directory,
            role=directory.roles.get(kind=kind),
            contact=contact,
            state=contact.institution.state,
            source=source,
            note_verbale_reference=f"NV/{self.today.year}/{self.random.randint(100, 999)}"
            if source == NominationSource.NOTE_VERBALE
            else "",
            starts_on=self.today - timedelta(days=self.random.randint(30, 900)),
        )

    def accounts(self, un: Directory, cbm: Directory, network: Directory) -> None:
        for directory, local in ((un, "un.manager"), (cbm, "oas.manager"), (network, "oas247.manager")):
            user = self.user(f"{local}@enlace.example.org", f"{directory.managing_body} (demo manager)")
            RoleAssignment.objects.create(user=user, role=Role.MANAGER, directory=directory)
            self.enrol_mfa(user)
        for iso3 in DEMO_STATES:
            state = State.objects.get(iso3=iso3)
            coordinator = self.user(
                f"coordinator.{iso3.lower()}@enlace.example.org", f"{self.person_name()} ({iso3} coordinator)"
            )
            RoleAssignment.objects.create(user=coordinator, role=Role.COORDINATOR, state=state)
            self.enrol_mfa(coordinator)
            contact = Contact.objects.filter(institution__state=state, kind=ContactKind.PERSON).order_by("pk").first()
            poc = self.user(f"poc.{iso3.lower()}@enlace.example.org", contact.name)
            poc.contact = contact
            poc.save(update_fields=["contact"])
            self.give_key(contact)

        for iso3 in TECHNICAL_DEMO_STATES:
            desk = Contact.objects.get(institution__state__iso3=iso3, institution__kind=InstitutionKind.CSIRT)
            poc = self.user(f"tech.{iso3.lower()}@enlace.example.org", f"{desk.name} ({iso3})")
            poc.contact = desk
            poc.save(update_fields=["contact"])
            self.give_key(desk)

    def communications(self, un: Directory) -> None:
        """A thread answered, a notification about to escalate, and a TLP:RED one delivered encrypted."""
        from communications import services
        from communications.models import Audience

        mexico, kenya, estonia = (State.objects.get(iso3=iso3) for iso3 in ("MEX", "KEN", "EST"))
        notification = un.communication_templates.get(kind="incident_notification").current_version
        now = timezone.now()
        incident = {
            "incident_start": (now - timedelta(hours=75)).strftime("%Y-%m-%dT%H:00:00Z"),
            "detected_at": (now - timedelta(hours=74)).strftime("%Y-%m-%dT%H:00:00Z"),
            "incident_type": "ddos",
            "affected_sectors": ["finance"],
            "systems_concerned": "Servicios de banca en línea del banco central, intermitentes desde la mañana.",
            "link_to_recipient": "Una parte del tráfico procede de direcciones asignadas a su país.",
            "technical_indicators": "Tráfico UDP/443 desde 203.0.113.0/24 (demostración).",
            "requested_action": "Investigar y, si procede, bloquear el origen del tráfico.",
        }
        sender = User.objects.get(email="tech.mex@enlace.example.org")

        def draft(**fields) -> services.Draft:
            return services.Draft(
                **{
                    "directory": un,
                    "version": notification,
                    "sender_state": mexico,
                    "recipient_state": kenya,
                    "audience": Audience.TECHNICAL,
                    "tlp": "green",
                    "urgency": "high",
                    "language": "es",
                    "values": incident,
                    **fields,
                }
            )

        answered = services.send(draft(), user=sender, now=now - timedelta(days=4))
        services.acknowledge(
            answered, user=User.objects.get(email="tech.ken@enlace.example.org"), now=now - timedelta(days=3, hours=20)
        )
        services.send(
            services.Draft(
                **services.answer_draft(answered, sender_state=kenya),
                audience=Audience.TECHNICAL,
                tlp="green",
                urgency="high",
                language="en",
                values={
                    "request_status": "met",
                    "answer": "The sources were traced to a compromised hosting provider and blocked.",
                    "actions_taken": "Provider notified; traffic filtered at the national exchange point.",
                    "follow_up_contact": "",
                },
            ),
            user=User.objects.get(email="poc.ken@enlace.example.org"),
            now=now - timedelta(days=2),
        )
        # Unacknowledged: it escalates to Kenya's diplomatic PoCs once its 72 hours pass (within the hour).
        services.send(draft(urgency="critical"), user=sender, now=now - timedelta(hours=71))
        # TLP:RED from Estonia to Mexico's technical PoC (its CSIRT desk has a key): delivered encrypted, not kept.
        services.send(
            draft(
                sender_state=estonia,
                recipient_state=mexico,
                tlp="red",
                language="en",
                values={**incident, "systems_concerned": "Government e-mail relays (demonstration)."},
            ),
            user=User.objects.get(email="poc.est@enlace.example.org"),
            now=now - timedelta(minutes=30),
        )

    def give_key(self, contact: Contact) -> None:
        """An OpenPGP key made for the demo, so its pings arrive encrypted; the private key is written
        to DEMO_KEYS_DIR (never served) for whoever runs the demo to decrypt them."""
        address = contact.emails.order_by("position").first().address
        with tempfile.TemporaryDirectory() as home:
            gpg = gnupg.GPG(gpgbinary=settings.GPG_BINARY, gnupghome=home)
            key = gpg.gen_key(
                gpg.gen_key_input(
                    name_real=contact.name,
                    name_email=address,
                    key_type="EDDSA",
                    key_curve="ed25519",
                    subkey_type="ECDH",
                    subkey_curve="cv25519",
                    expire_date="2y",
                    no_protection=True,
                )
            )
            public = gpg.export_keys(key.fingerprint)
            private = gpg.export_keys(key.fingerprint, secret=True, expect_passphrase=False)
        keys_dir = Path(settings.DEMO_KEYS_DIR)
        keys_dir.mkdir(parents=True, exist_ok=True)
        (keys_dir / f"{address}.private.asc").write_text(private)
        info = openpgp.read_public_key(public)
        contact.pgp_key, contact.pgp_fingerprint, contact.pgp_expires = public, info.fingerprint, info.expires
        contact.save(update_fields=["pgp_key", "pgp_fingerprint", "pgp_expires", "updated"])

    def user(self, email: str, name: str) -> User:
        return User.objects.create_user(email, DEMO_PASSWORD, name=name)

    def enrol_mfa(self, user: User) -> None:
        # A fixed secret per account, so the printed sign-in stays valid across runs.
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        secret = "".join(self.random.choice(alphabet) for _ in range(32))
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
