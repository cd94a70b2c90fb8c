"""The exchange tests start from the shared network (``enlace.testing.world``), with directories of their own."""

from dataclasses import dataclass

from directory.choices import EmailUsage, PhoneUsage, RoleKind
from directory.models import ContactEmail, ContactPhone
from enlace.testing import built_once
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    manager_of,
    point_of_contact,
)
from enlace.testing.world import Network as SharedNetwork
from enlace.testing.world import build_network


@dataclass
class Network:
    directory: object
    other_directory: object
    desk: object
    diplomat: object
    kenyan: object
    estonian: object
    manager: object
    coordinator_mex: object
    poc_ken: object


@built_once(on=[build_network], name="network")
def un_network(shared: SharedNetwork) -> Network:
    """The shared network's Mexico and Kenya share one more directory, "un"; its Estonia is only in "osce".
    Mexico's desk holds two roles."""
    mexico, kenya, estonia = shared.mexico, shared.kenya, shared.estonia
    directory = DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[mexico, kenya])
    other = DirectoryFactory(slug="osce", name="OSCE Directory", states=[estonia])
    desk = ContactFactory(
        institution=InstitutionFactory(state=mexico, name="CSIRT MX, Guardia"),
        name="Mesa de Guardia",
        kind="functional",
        title="Centro de respuesta; 24/7",
        email="guardia@csirt.mx.example.org",
        languages=["es", "en"],
        is_24_7=True,
        time_zone="America/Mexico_City",
    )
    ContactEmail.objects.create(contact=desk, address="cert@csirt.mx.example.org", usage=EmailUsage.DUTY, position=1)
    ContactPhone.objects.create(contact=desk, number="+525512345678", usage=PhoneUsage.EMERGENCY)
    diplomat = ContactFactory(
        institution=InstitutionFactory(
            state=mexico, name="Secretaría de Relaciones Exteriores", kind="foreign_affairs"
        ),
        name="Lucía Quiroga",
        email="lq@sre.mx.example.org",
        languages=["es"],
    )
    kenyan = ContactFactory(
        institution=InstitutionFactory(state=kenya, name="KE-CIRT"), name="Wanjiru Otieno", languages=["en", "sw"]
    )
    estonian = ContactFactory(institution=InstitutionFactory(state=estonia, name="CERT-EE"), name="Kadri Tamm")
    NominationFactory(directory=directory, contact=desk, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    NominationFactory(directory=directory, contact=desk)
    NominationFactory(directory=directory, contact=diplomat)
    NominationFactory(directory=directory, contact=kenyan, role=directory.roles.get(kind=RoleKind.TECHNICAL))
    NominationFactory(directory=other, contact=estonian)
    return Network(
        directory=directory,
        other_directory=other,
        desk=desk,
        diplomat=diplomat,
        kenyan=kenyan,
        estonian=estonian,
        manager=manager_of(directory),
        coordinator_mex=shared.coordinator_mex,
        poc_ken=point_of_contact(kenyan),
    )
