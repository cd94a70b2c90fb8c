"""Data built once for many tests: each test starts from it as built, and only the tests that ask see it."""

import pytest

from directory.models import Directory
from enlace.testing import built_once
from enlace.testing.factories import DirectoryFactory, state


@built_once
def network() -> Directory:
    """A directory of Mexico, built once for the tests below."""
    return DirectoryFactory(slug="built-once", name="Built once", states=[state("MEX")])


@pytest.mark.parametrize("turn", ["first", "second"])
def test_each_test_starts_from_the_data_as_built_whatever_the_one_before_changed(network, turn):
    assert network.name == "Built once"
    assert Directory.objects.get(slug="built-once").name == "Built once"
    network.name = f"Changed by the {turn} test"
    network.save()


def test_a_test_that_does_not_ask_for_the_data_does_not_see_it(db):
    assert not Directory.objects.filter(slug="built-once").exists()


@pytest.mark.django_db(transaction=True)
def test_a_test_in_real_transactions_gets_the_data_built_in_its_own_database(network):
    assert Directory.objects.get(slug="built-once").pk == network.pk


@built_once(on=[network.built_once])
def member(directory: Directory):
    """A second State in the directory above: data built once on top of other built-once data."""
    directory.participations.create(state=state("ARG"))
    return directory


@pytest.mark.parametrize("turn", ["first", "second"])
def test_data_built_on_other_data_sees_the_same_objects(network, member, turn):
    assert member is network
    assert sorted(network.participations.values_list("state__iso3", flat=True)) == ["ARG", "MEX"]
    network.participations.filter(state__iso3="ARG").delete()


@pytest.mark.django_db(transaction=True)
def test_data_built_on_other_data_in_real_transactions_builds_each_once(network, member):
    assert member is network
    assert Directory.objects.filter(slug="built-once").count() == 1
