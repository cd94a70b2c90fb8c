"""What the tests of a group's space build on the shared network: PROSUR's cyber group, Mexico coordinating and
Argentina a member, Chile taking part in the directory but not in the group; each State's people with accounts."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enlace.testing.factories import ContactFactory, InstitutionFactory, coordinator_of, point_of_contact
from repository.pdf import make_pdf
from working_groups.choices import GroupRole
from working_groups.models import GroupRules, WorkingGroup
from working_groups.tests.plans import Security, new_group, security_network


@dataclass
class Cyber:
    prosur: Security
    group: WorkingGroup
    mexican: object  # Mexico's national coordinator
    argentine: object  # Argentina's point of contact
    chilean: object  # Chile's national coordinator: its State is not a member


def cyber_group(network) -> Cyber:
    prosur = security_network(network)
    GroupRules.objects.create(directory=prosur.directory, minimum_member_states=2)
    group = new_group(
        prosur.directory, "Cyber", {prosur.mexico: GroupRole.COORDINATOR, prosur.argentina: GroupRole.MEMBER}
    )
    return Cyber(
        prosur=prosur,
        group=group,
        mexican=network.coordinator_mex,
        argentine=network.poc_arg,
        chilean=coordinator_of(prosur.chile, email="coord@cl.example.org", language="es"),
    )


def chilean_point_of_contact(cyber: Cyber, **fields):
    return point_of_contact(ContactFactory(institution=InstitutionFactory(state=cyber.prosur.chile)), **fields)


def a_pdf(text: str = "Terms of reference of the cyber group", name: str = "terms.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf([text]), content_type="application/pdf")


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
