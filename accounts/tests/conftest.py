"""The accounts tests start from the shared network (``enlace.testing.world``): Mexico and Argentina in the
OAS network, each with a coordinator; this adds contacts without accounts, to invite."""

from dataclasses import dataclass

from enlace.testing import built_once
from enlace.testing.factories import ContactFactory, InstitutionFactory
from enlace.testing.world import Network, build_network


@dataclass
class Cast:
    mex: object
    arg: object
    directory: object
    contact_mex: object
    other_contact_mex: object
    contact_arg: object
    coordinator_mex: object
    coordinator_arg: object
    manager: object


@built_once(on=[build_network])
def cast(network: Network) -> Cast:
    """The network's Mexico, Argentina, OAS network and their people, and contacts of each State without accounts."""
    institution_mex = InstitutionFactory(state=network.mexico, name="Secretaría de Prueba")
    return Cast(
        mex=network.mexico,
        arg=network.argentina,
        directory=network.oas,
        contact_mex=ContactFactory(institution=institution_mex, name="Rosa Invitada Martínez"),
        other_contact_mex=ContactFactory(institution=institution_mex, name="Pedro Segundo López"),
        contact_arg=ContactFactory(
            institution=InstitutionFactory(state=network.argentina), name="Lucía Argentina Pérez"
        ),
        coordinator_mex=network.coordinator_mex,
        coordinator_arg=network.coordinator_arg,
        manager=network.manager,
    )
