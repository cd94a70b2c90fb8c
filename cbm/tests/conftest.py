"""The CBM tests start from the shared network (``enlace.testing.world``), the OAS network's six cyber CBMs
installed on it."""

from cbm.models import Catalogue
from cbm.services import install_oas_catalogue
from enlace.testing import built_once
from enlace.testing.world import Network, build_network


@built_once(on=[build_network])
def catalogue(network: Network) -> Catalogue:
    """The six OAS cyber CBMs, the OAS network's catalogue."""
    return install_oas_catalogue(network.oas)
