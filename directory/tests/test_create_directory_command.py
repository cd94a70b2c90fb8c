"""Operators create a directory from the command line; a bad argument says what is wrong and creates nothing."""

import pytest
from django.core.management import CommandError, call_command

from directory.models import Directory
from enlace.testing.factories import state


@pytest.fixture
def states(db):
    return state("MEX")


def test_it_creates_a_directory_with_roles_and_a_regions_states(states):
    call_command(
        "create_directory",
        slug="arf",
        name="ARF points of contact",
        managing_body="ASEAN Regional Forum Unit",
        roles="diplomatic,technical,political",
        states="asia",
    )
    directory = Directory.objects.get(slug="arf")
    assert list(directory.roles.values_list("kind", flat=True)) == ["diplomatic", "technical", "political"]
    assert directory.participants.filter(iso3="IDN").exists()
    assert not directory.participants.filter(iso3="MEX").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"states": "MEX,XXX"}, "Unknown ISO 3166-1 alpha-3 code(s): XXX."),
        ({"roles": "diplomatic,spy"}, "Unknown role(s): spy."),
    ],
)
def test_a_bad_argument_is_named_and_nothing_is_created(states, options, message):
    arguments = {"slug": "x", "name": "X", "managing_body": "Y", **options}
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("create_directory", **arguments)
    assert not Directory.objects.filter(slug="x").exists()
