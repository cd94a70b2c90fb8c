"""A principal's restriction of a whole table is built once per process and handed out as a fresh copy."""

import pytest

from access import restriction
from accounts.principal import principal_for
from directory.models import Contact, Institution


@pytest.fixture
def rule_calls(monkeypatch):
    """How many times the contact view rule is asked, with the kept restrictions forgotten first."""
    restriction._restricted_table.cache_clear()
    calls = []
    rule = restriction._rules[(Contact, "view")]

    def counted(principal):
        calls.append(principal)
        return rule(principal)

    monkeypatch.setitem(restriction._rules, (Contact, "view"), counted)
    yield calls
    restriction._restricted_table.cache_clear()  # nothing built with the counting rule outlives the test


def test_the_same_principal_asks_the_rule_once(world, rule_calls):
    principal = principal_for(world.users["manager_d1"])

    first = set(Contact.objects.restrict(principal).values_list("pk", flat=True))
    second = set(Contact.objects.restrict(principal).values_list("pk", flat=True))

    assert len(rule_calls) == 1
    assert first == second
    assert first == set(
        Contact.objects.filter(restriction.condition_for(Contact, "view", principal)).values_list("pk", flat=True)
    )


def test_a_principal_with_other_rights_is_asked_again(world, rule_calls):
    Contact.objects.restrict(principal_for(world.users["manager_d1"])).count()
    Contact.objects.restrict(principal_for(world.users["manager_d2"])).count()

    assert len(rule_calls) == 2


def test_a_filtered_queryset_is_restricted_afresh(world, rule_calls):
    principal = principal_for(world.users["manager_d1"])

    Contact.objects.filter(name__startswith="P").restrict(principal).count()
    Contact.objects.filter(name__startswith="P").restrict(principal).count()

    assert len(rule_calls) == 2


def test_row_by_row_is_kept_apart_from_the_whole_set(world, rule_calls):
    principal = principal_for(world.users["manager_d1"])

    whole = str(Contact.objects.restrict(principal).query)
    row_by_row = str(Contact.objects.restrict(principal, row_by_row=True).query)

    assert "EXISTS" in whole and "EXISTS" not in row_by_row
    # An institution's rule restricts contacts inside a row-by-row restriction: that one is row by row too.
    assert "EXISTS" not in str(Institution.objects.restrict(principal, row_by_row=True).query)


def test_each_caller_gets_a_copy_it_may_filter_and_evaluate(world, rule_calls):
    principal = principal_for(world.users["manager_d1"])
    everything = set(Contact.objects.restrict(principal).values_list("pk", flat=True))
    one = sorted(everything)[0]

    narrowed = Contact.objects.restrict(principal).filter(pk=one)
    assert [contact.pk for contact in narrowed] == [one]

    assert set(Contact.objects.restrict(principal).values_list("pk", flat=True)) == everything
    assert len(rule_calls) == 1


def test_no_rights_is_kept_as_no_rows(world, rule_calls):
    from access.principal import PUBLIC

    assert list(Contact.objects.restrict(PUBLIC)) == []
    assert list(Contact.objects.restrict(PUBLIC)) == []
    assert len(rule_calls) == 1
