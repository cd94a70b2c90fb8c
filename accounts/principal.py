"""A user's rights as the permission layer reads them: its roles, resolved once per request into a Principal.

The roles live here (``RoleAssignment``, ``User.contact``), so here they are read; ``access`` only applies
the Principal (``AccountsConfig.ready`` installs ``principal_for`` as its reader).
"""

import json
from collections.abc import Sequence
from dataclasses import replace

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from access.principal import PUBLIC, Principal
from accounts.models import Role
from directory.models import Participation
from enlace.prepared_statements import prepared_cursor


def principal_for(user, *, directory_id: int | None = None, role_rows: Sequence[Sequence] | None = None) -> Principal:
    """The user's rights, read in one query (every signed-in page starts with this); with ``directory_id``,
    the same rights within that directory only (an API token limited to it).

    ``role_rows``: the user's rows as ``role_rows_column`` read them with the user itself, in the same
    statement (the API's token), so they need no query of their own.
    """
    principal = _rights_of(user, role_rows)
    return principal if directory_id is None else _limited_to_directory(principal, directory_id)


def _rights_of(user, role_rows: Sequence[Sequence] | None) -> Principal:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return PUBLIC
    managed, coordinated, member_states, participations, second_factor = set(), set(), set(), [], False
    for kind, directory_id, state_id in _role_rows(user) if role_rows is None else role_rows:
        if kind == Role.MANAGER:
            managed.add(directory_id)
        elif kind == Role.COORDINATOR:
            coordinated.add(state_id)
            member_states.add(state_id)
        elif kind == _CONTACT_STATE:
            member_states.add(state_id)
        elif kind == _PARTICIPATION:
            participations.append((directory_id, state_id))
        elif kind == _SECOND_FACTOR:
            second_factor = True
    return Principal(
        user_id=user.pk,
        managed_directory_ids=frozenset(managed),
        coordinated_state_ids=frozenset(coordinated),
        contact_id=user.contact_id,
        member_state_ids=frozenset(member_states),
        participating_directory_ids=frozenset(d for d, state in participations if state in member_states),
        managed_state_ids=frozenset(state for d, state in participations if d in managed),
        has_second_factor=second_factor,
    )


def _limited_to_directory(principal: Principal, directory_id: int) -> Principal:
    """The same rights within one directory only (an API token scoped to it)."""
    managed = principal.managed_directory_ids & {directory_id}
    return replace(
        principal,
        directory_scope=directory_id,
        managed_directory_ids=managed,
        participating_directory_ids=principal.participating_directory_ids & {directory_id},
        managed_state_ids=frozenset(
            Participation.objects.filter(directory_id__in=managed).values_list("state_id", flat=True)
        ),
    )


# The kinds of row _ROLE_ROWS_SQL returns besides a role assignment's role (as it spells them).
_CONTACT_STATE, _PARTICIPATION, _SECOND_FACTOR = "contact_state", "participation", "second_factor"

# Every signed-in request reads this, so it is one statement written out: built by the ORM, the same union
# cost ten times the database's time in Python (accounts.RoleAssignment, directory.Participation, Contact and
# Institution, allauth's mfa.Authenticator).
_ROLE_ROWS_SQL = """
SELECT role, directory_id, state_id FROM accounts_roleassignment WHERE user_id = %(user)s
UNION ALL
SELECT 'participation', participation.directory_id, participation.state_id
  FROM directory_participation participation
 WHERE participation.directory_id IN (
           SELECT directory_id FROM accounts_roleassignment WHERE user_id = %(user)s AND role = %(manager)s)
    OR participation.state_id IN (
           SELECT state_id FROM accounts_roleassignment WHERE user_id = %(user)s AND role = %(coordinator)s)
    OR participation.state_id IN (
           SELECT institution.state_id FROM directory_contact contact
             JOIN directory_institution institution ON institution.id = contact.institution_id
            WHERE contact.id = %(contact)s)
UNION ALL
SELECT 'contact_state', NULL, institution.state_id FROM directory_contact contact
  JOIN directory_institution institution ON institution.id = contact.institution_id
 WHERE contact.id = %(contact)s
UNION ALL
SELECT 'second_factor', NULL, NULL FROM mfa_authenticator
 WHERE user_id = %(user)s AND type IN (%(totp)s, %(webauthn)s)
"""


def role_rows_column(vendor: str, user_id: str, contact_id: str) -> str:
    """A column of a statement that reads a user: the user's ``_role_rows`` as one JSON array of
    [kind, directory id, State id] arrays, read in that statement instead of a query of their own.

    ``user_id`` and ``contact_id``: the statement's (quoted) columns of the user's id and contact. The
    statement's parameters must then be named and include ``role_rows_parameters()``; read the value with
    ``read_role_rows``.
    """
    rows = _ROLE_ROWS_SQL.replace("%(user)s", user_id).replace("%(contact)s", contact_id)
    if vendor == "postgresql":
        row = "json_agg(json_build_array(roles.role, roles.directory_id, roles.state_id))"
    else:
        row = "json_group_array(json_array(roles.role, roles.directory_id, roles.state_id))"
    return f"(SELECT {row} FROM ({rows}) roles)"  # noqa: S608 (columns and the module's own SQL only)


def role_rows_parameters() -> dict:
    """The named parameters ``role_rows_column``'s text takes besides the user's columns."""
    return {
        "manager": Role.MANAGER.value,
        "coordinator": Role.COORDINATOR.value,
        "totp": Authenticator.Type.TOTP.value,
        "webauthn": Authenticator.Type.WEBAUTHN.value,
    }


def read_role_rows(value) -> list[tuple[str, int | None, int | None]]:
    """The rows of a ``role_rows_column`` value as read (PostgreSQL's driver gives the JSON parsed, SQLite text)."""
    if value is None:  # PostgreSQL's json_agg of no rows
        return []
    if isinstance(value, str):
        value = json.loads(value)
    return [tuple(row) for row in value]


def _role_rows(user) -> list[tuple[str, int | None, int | None]]:
    """(kind, directory id, State id) rows: the user's roles, its contact's State, the participations of the
    directories it manages and of the States it acts for, and a row if it has a second factor."""
    parameters = {"user": user.pk, "contact": user.contact_id, **role_rows_parameters()}
    with prepared_cursor(connection) as cursor:
        cursor.execute(_ROLE_ROWS_SQL, parameters)
        return cursor.fetchall()
