"""The worlds every app's tests share, built once (``enlace.testing.plugin``): the fixtures ``network`` and ``world``.

``network`` (``build_network``): the States, directories and people in their roles that the features' tests
start from. Mexico and Argentina take part in the OAS network ("oas"); Kenya only in the AU's ("au"); Estonia
in neither. Each of Mexico, Argentina and Kenya has a coordinator, the OAS network a manager, and an
Argentine contact has an account (a point of contact). What a feature's tests need besides (their contacts,
another directory) they make with the factories (``enlace.testing.factories``), on top of it.

``world`` (``build_world``): every role around State A's records, for the authorisation tests, built on the
same network: State A is Mexico, B Argentina, C Kenya; directory D1 is the OAS network, D2 the AU's, and
the network's coordinators of Mexico and Kenya and the OAS manager are A's and C's coordinators and D1's
manager. The target of every URL is a record of State A in D1. Outsiders are D2's manager, C's coordinator
and C's point of contact; B's point of contact shares D1 with A and may read A's nominated contacts,
nothing more.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Invitation, Role
from api.models import ApiToken
from cbm.services import install_oas_catalogue
from communications import services as communications
from communications.models import Communication
from directory.choices import RoleKind
from directory.models import Directory, State
from enlace.app_modules import each_app_module
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    DocumentFactory,
    InstitutionFactory,
    NominationFactory,
    coordinator_of,
    manager_of,
    point_of_contact,
    state,
)
from import_export.models import ImportJob
from pings.models import Ping, PingRound
from pings.services import link_token, start_round
from repository.choices import Visibility
from repository.pdf import make_pdf
from tokens.links import issue_token

# Text that appears only on pages showing these contacts: a page leaks if a role outside the set sees it.
UNNOMINATED_A = "Pointperson Unnominated Alpha"
SECRET_C = "Pointperson Charlie Secret"
# The content of a TLP:GREEN communication from A to B: only A's and B's members may read it.
EXCHANGE_A_B = "Exchange Marker Alpha Bravo"
# A contact of A nominated only to D3 (which A also takes part in): D1's manager must not see it.
ONLY_D3_A = "Pointperson Delta Three Alpha"


@dataclass
class Network:
    """The shared States, directories and people (``build_network``)."""

    mexico: State
    argentina: State
    kenya: State
    estonia: State
    oas: Directory
    au: Directory
    coordinator_mex: object
    coordinator_arg: object
    coordinator_ken: object
    poc_arg: object
    manager: object


def build_network() -> Network:
    mexico, argentina, kenya, estonia = state("MEX"), state("ARG"), state("KEN"), state("EST")
    oas = DirectoryFactory(
        slug="oas",
        name="OAS network",
        states=[mexico, argentina],
        roles=[RoleKind.DIPLOMATIC, RoleKind.TECHNICAL, RoleKind.POLITICAL, RoleKind.FOREIGN_AFFAIRS],
    )
    au = DirectoryFactory(slug="au", name="AU network", states=[kenya])
    return Network(
        mexico=mexico,
        argentina=argentina,
        kenya=kenya,
        estonia=estonia,
        oas=oas,
        au=au,
        coordinator_mex=coordinator_of(mexico, name="Carmen Coordinadora", email="coord@mx.example.org"),
        coordinator_arg=coordinator_of(argentina, name="Diego Coordinador", email="coord@ar.example.org"),
        coordinator_ken=coordinator_of(kenya, email="coord@ke.example.org"),
        poc_arg=point_of_contact(ContactFactory(institution=InstitutionFactory(state=argentina))),
        manager=manager_of(oas, name="Mara Manager", email="manager@oas.example.org"),
    )


@dataclass
class World:
    objects: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def __getattr__(self, name):
        if name.startswith("__"):
            # Copying a world (each test has its own) looks up special methods before the fields exist.
            raise AttributeError(name)
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world(network: Network) -> World:
    world = World()
    a, b, c = network.mexico, network.argentina, network.kenya
    d1, d2 = network.oas, network.au
    institution_a = InstitutionFactory(state=a, name="Ministerio Alfa")
    empty_institution_a = InstitutionFactory(state=a, name="Agencia Vacía")
    contact_a = ContactFactory(institution=institution_a, name="Pointperson Alpha")
    hidden_a = ContactFactory(institution=institution_a, name=UNNOMINATED_A)
    own_a = ContactFactory(institution=institution_a, name="Pointperson Alpha Own")
    contact_b = ContactFactory(institution=InstitutionFactory(state=b), name="Pointperson Bravo")
    contact_c = ContactFactory(institution=InstitutionFactory(state=c), name=SECRET_C)
    nomination_a = NominationFactory(directory=d1, contact=contact_a)
    NominationFactory(directory=d1, contact=own_a, role=d1.roles.get(kind=RoleKind.TECHNICAL))
    NominationFactory(directory=d1, contact=contact_b)
    NominationFactory(directory=d2, contact=contact_c)

    world.users = {
        "public": None,
        "poc_a": point_of_contact(own_a),
        "poc_b": point_of_contact(contact_b),
        "poc_c": point_of_contact(contact_c),
        "coord_a": network.coordinator_mex,
        "coord_c": network.coordinator_ken,
        "manager_d1": network.manager,
        "manager_d2": manager_of(d2),
    }
    target_user = point_of_contact(contact_a, email="second.poc@enlace.test")
    token = issue_token()
    invitation = Invitation.objects.create(
        email="invited@enlace.test", role=Role.POINT_OF_CONTACT, state=a, contact=hidden_a, token_hash=token.digest
    )
    # A ping round under way in D1 (its sending task has not run: nothing is e-mailed here).
    ping_round = start_round(d1, trigger="manual")
    ping_a = Ping.objects.get(round=ping_round, contact=contact_a)
    own_ping = Ping.objects.get(round=ping_round, contact=own_a)
    # A closed round of D2 whose anonymised report is published to D2's participants.
    opened = timezone.now() - timedelta(days=30)
    PingRound.objects.create(
        directory=d2,
        trigger="manual",
        status="closed",
        started_at=opened,
        closes_at=opened + timedelta(days=14),
        closed_at=opened + timedelta(days=14),
        report_published=True,
    )
    api_token_a, _secret = ApiToken.issue(
        user=world.users["poc_a"],
        name="Script",
        access="read",
        directory=None,
        expires_at=timezone.now() + timedelta(days=30),
    )
    # A TLP:GREEN incident notification from A to B's diplomatic PoCs (its e-mail is not delivered here).
    notification = d1.communication_templates.get(kind="incident_notification")
    communication = communications.send(
        communications.Draft(
            directory=d1,
            version=notification.current_version,
            sender_state=a,
            recipient_state=b,
            audience=RoleKind.DIPLOMATIC,
            tlp="green",
            urgency="high",
            language="en",
            values={"systems_concerned": EXCHANGE_A_B, "incident_type": "ddos"},
        ),
        user=world.users["poc_a"],
    )
    # A TLP:AMBER communication from A to B's technical PoCs, who are none: B's PoC was not sent it (envelope only).
    amber_communication = Communication.objects.create(
        directory=d1,
        template_version=notification.current_version,
        sender_state=a,
        recipient_state=b,
        sent_by=world.users["poc_a"],
        audience=RoleKind.TECHNICAL,
        tlp="amber",
        language="en",
        sent_at=timezone.now(),
        acknowledge_by=timezone.now() + timedelta(hours=72),
        answer_by=timezone.now() + timedelta(days=15),
    )
    # State A's policy documents: one public, one for the participants of its directories only (with a PDF).
    public_document_a = DocumentFactory(state=a, name="Estrategia Alfa")
    reserved_document_a = DocumentFactory(state=a, name="Plan Reservado Alfa", visibility=Visibility.PARTICIPANTS)
    reserved_document_a.file.save("plan.pdf", ContentFile(make_pdf(["Plan reservado"])), save=False)
    reserved_document_a.file_type = "pdf"
    reserved_document_a.save()
    install_oas_catalogue(d1)
    # A third directory that A takes part in, with a contact of A shared with it alone.
    d3 = DirectoryFactory(slug="d3", name="Directory Three", states=[a])
    only_d3_a = ContactFactory(institution=institution_a, name=ONLY_D3_A)
    NominationFactory(directory=d3, contact=only_d3_a)
    # A spreadsheet A's coordinator checked (a dry run) and has not applied yet.
    import_job_a = ImportJob.objects.create(
        owner=world.users["coord_a"],
        directory=d1,
        kind=ImportJob.Kind.SPREADSHEET,
        data=b"state,role,name,institution,emails,languages\nMEX,technical,Importada,Ministerio Alfa,ia@a.test,es\n",
        status=ImportJob.Status.CHECKED,
        total=1,
        checked=1,
        report={"applied": False, "outcomes": []},
    )
    world.objects = {
        "api_token_a": api_token_a,
        "a": a,
        "b": b,
        "c": c,
        "d1": d1,
        "d2": d2,
        "institution_a": institution_a,
        "empty_institution_a": empty_institution_a,
        "contact_a": contact_a,
        "hidden_a": hidden_a,
        "own_a": own_a,
        "contact_c": contact_c,
        "nomination_a": nomination_a,
        "target_user": target_user,
        "invitation": invitation,
        "invitation_token": token.token,
        "ping_round": ping_round,
        "ping_a": ping_a,
        "own_ping": own_ping,
        "ping_token": link_token(ping_a),
        "communication": communication,
        "amber_communication": amber_communication,
        "acknowledgement_token": communications.acknowledgement_token(communication.recipients.get()),
        "public_document_a": public_document_a,
        "reserved_document_a": reserved_document_a,
        "d3": d3,
        "only_d3_a": only_d3_a,
        "import_job_a": import_job_a,
    }
    _add_apps_records(world)
    return world


def _add_apps_records(world: World) -> None:
    """The records each app's own access rows need, from its ``tests/access_table.py`` (``add_to_world``),
    so that a new app adds its records without editing this world."""
    for module in each_app_module("tests.access_table"):
        add_to_world = getattr(module, "add_to_world", None)
        if add_to_world is not None:
            world.objects.update(add_to_world(world))
