"""The repository's tests start from the shared network (``enlace.testing.world``): Mexico and Argentina
share the OAS network, Kenya takes part only in the AU's."""

import pytest

from repository.pdf import make_pdf


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder, so a test can see exactly what was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
