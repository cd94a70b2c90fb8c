"""Fixtures for the accounts tests: a small cast in Mexico and Argentina, and a clean cache."""

from dataclasses import dataclass

from enlace.testing import built_once
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    coordinator_of,
    manager_of,
    state,
)


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


@built_once
def cast() -> Cast:
    """Mexico and Argentina take part in one directory; each has a coordinator and contacts without accounts."""
    mex, arg = state("MEX"), state("ARG")
    directory = DirectoryFactory(states=[mex, arg])
    institution_mex = InstitutionFactory(state=mex, name="Secretaría de Prueba")
    return Cast(
        mex=mex,
        arg=arg,
        directory=directory,
        contact_mex=ContactFactory(institution=institution_mex, name="Rosa Invitada Martínez"),
        other_contact_mex=ContactFactory(institution=institution_mex, name="Pedro Segundo López"),
        contact_arg=ContactFactory(institution=InstitutionFactory(state=arg), name="Lucía Argentina Pérez"),
        coordinator_mex=coordinator_of(mex, name="Carmen Coordinadora", email="coord.mex@enlace.test"),
        coordinator_arg=coordinator_of(arg, name="Diego Coordinador", email="coord.arg@enlace.test"),
        manager=manager_of(directory, name="Mara Manager", email="manager@enlace.test"),
    )
