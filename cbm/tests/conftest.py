from dataclasses import dataclass

from accounts.tests.factories import coordinator_of, manager_of, point_of_contact
from cbm.models import Catalogue
from cbm.services import install_oas_catalogue
from directory.choices import RoleKind
from directory.models import Directory, State
from directory.tests.factories import ContactFactory, DirectoryFactory, InstitutionFactory, state
from enlace.testing import built_once


@dataclass
class Network:
    """An OAS network of Mexico and Argentina with the six OAS cyber CBMs; Kenya is elsewhere."""

    oas: Directory
    catalogue: Catalogue
    mexico: State
    argentina: State
    kenya: State
    coordinator_mex: object
    coordinator_ken: object
    poc_arg: object
    manager: object


@built_once
def network() -> Network:
    mexico, argentina, kenya = state("MEX"), state("ARG"), state("KEN")
    oas = DirectoryFactory(
        slug="oas",
        name="OAS network",
        states=[mexico, argentina],
        roles=[RoleKind.DIPLOMATIC, RoleKind.TECHNICAL, RoleKind.POLITICAL, RoleKind.FOREIGN_AFFAIRS],
    )
    DirectoryFactory(slug="au", states=[kenya])
    return Network(
        oas=oas,
        catalogue=install_oas_catalogue(oas),
        mexico=mexico,
        argentina=argentina,
        kenya=kenya,
        coordinator_mex=coordinator_of(mexico),
        coordinator_ken=coordinator_of(kenya),
        poc_arg=point_of_contact(ContactFactory(institution=InstitutionFactory(state=argentina))),
        manager=manager_of(oas),
    )
