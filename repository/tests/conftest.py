from dataclasses import dataclass

import pytest

from directory.models import Directory, State
from enlace.testing import built_once
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    coordinator_of,
    manager_of,
    point_of_contact,
    state,
)
from repository.pdf import make_pdf


@dataclass
class Region:
    """Mexico and Argentina share the OAS network; Kenya takes part only in another directory."""

    oas: Directory
    other: Directory
    mexico: State
    argentina: State
    kenya: State
    coordinator_mex: object
    coordinator_ken: object
    poc_arg: object
    manager: object


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder, so a test can see exactly what was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@built_once(also=["media"])
def region() -> Region:
    mexico, argentina, kenya = state("MEX"), state("ARG"), state("KEN")
    oas = DirectoryFactory(slug="oas", name="OAS network", states=[mexico, argentina])
    other = DirectoryFactory(slug="au", name="AU network", states=[kenya])
    poc_arg = point_of_contact(ContactFactory(institution=InstitutionFactory(state=argentina)))
    return Region(
        oas=oas,
        other=other,
        mexico=mexico,
        argentina=argentina,
        kenya=kenya,
        coordinator_mex=coordinator_of(mexico, email="coord@mx.example.org"),
        coordinator_ken=coordinator_of(kenya, email="coord@ke.example.org"),
        poc_arg=poc_arg,
        manager=manager_of(oas),
    )


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def strategy_pdf() -> bytes:
    return make_pdf(
        [
            "Estrategia Nacional de Ciberseguridad 2026-2030",
            "Protección de las infraestructuras críticas de información.",
            "Cooperación internacional y diplomacia digital.",
        ],
        title="Estrategia",
    )
