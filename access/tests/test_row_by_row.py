"""A rule asked row by row (what a search does) finds exactly the rows it finds when asked for all of them."""

import pytest

from access.restriction import restrict
from accounts.principal import principal_for
from directory.models import Contact, ContactEmail, ContactPhone, Institution, Nomination
from enlace.testing.world import World

SIGNED_IN_ROLES = ("poc_a", "poc_b", "poc_c", "coord_a", "coord_c", "manager_d1", "manager_d2")
# Every rule that asks whether a related row exists, directly or through another model's rule.
RESTRICTED = [
    (Contact, "view"),
    (Contact, "change"),
    (Institution, "view"),
    (ContactEmail, "view"),
    (ContactPhone, "change"),
    (Nomination, "view"),
]


def _ids(world: World, role: str, model, action: str, *, row_by_row: bool) -> set[int]:
    principal = principal_for(world.users[role])
    return set(restrict(model.objects.all(), principal, action, row_by_row=row_by_row).values_list("pk", flat=True))


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_row_by_row_and_whole_set_give_the_same_rows(world, role):
    for model, action in RESTRICTED:
        whole = _ids(world, role, model, action, row_by_row=False)
        assert _ids(world, role, model, action, row_by_row=True) == whole, f"{role}: {model.__name__}.{action}"


def test_the_comparison_is_not_empty(world):
    """Each role sees some contacts and not others: the equality above compares real choices."""
    for role in SIGNED_IN_ROLES:
        visible = _ids(world, role, Contact, "view", row_by_row=True)
        assert visible, role
        assert visible != set(Contact.objects.values_list("pk", flat=True)), role


def test_row_by_row_asks_a_subquery_per_row_that_cannot_become_a_hash_of_every_nomination(world):
    # PostgreSQL may answer an EXISTS under an OR by first hashing every related row; a scalar subquery it
    # runs for each row that reaches it, which is what a search wants for the few rows the index found.
    principal = principal_for(world.users["manager_d1"])
    row_by_row = str(restrict(Contact.objects.all(), principal, row_by_row=True).query)
    assert "EXISTS" not in row_by_row
    assert "IS NOT NULL" in row_by_row
    assert "EXISTS" in str(restrict(Contact.objects.all(), principal).query)


def test_a_rules_own_restrict_inside_a_row_by_row_one_stays_row_by_row(world):
    # Institutions are visible through their visible contacts: that inner rule must not hash either.
    principal = principal_for(world.users["coord_c"])
    assert "EXISTS" not in str(restrict(Institution.objects.all(), principal, row_by_row=True).query)


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_a_principal_is_read_in_one_query(world, role, django_assert_num_queries):
    user = world.users[role]
    with django_assert_num_queries(1):
        principal = principal_for(user)
    assert principal.user_id == user.pk
    assert principal.has_second_factor == role.startswith(("coord", "manager"))
