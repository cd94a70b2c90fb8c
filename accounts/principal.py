"""A user's rights as the permission layer reads them: its roles, resolved once per request into a Principal.

The roles live here (``RoleAssignment``, ``User.contact``), so here they are read; ``access`` only applies
the Principal (``AccountsConfig.ready`` installs ``principal_for`` as its reader).
"""

from dataclasses import replace

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from access.principal import PUBLIC, Principal
from accounts.models import Role
from directory.models import Participation


def principal_for(user, *, directory_id: int | None = None) -> Principal:
    """The user's rights, read in one query (every signed-in page starts with this); with ``directory_id``,
    the same rights within that directory only (an API token limited to it)."""
    principal = _rights_of(user)
    return principal if directory_id is None else _limited_to_directory(principal, directory_id)


def _rights_of(user) -> Principal:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return PUBLIC
    managed, coordinated, member_states, participations, second_factor = set(), set(), set(), [], False
    for kind, directory_id, state_id in _role_rows(user):
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


def _role_rows(user) -> list[tuple[str, int | None, int | None]]:
    """(kind, directory id, State id) rows: the user's roles, its contact's State, the participations of the
    directories it manages and of the States it acts for, and a row if it has a second factor."""
    parameters = {
        "user": user.pk,
        "contact": user.contact_id,
        "manager": Role.MANAGER.value,
        "coordinator": Role.COORDINATOR.value,
        "totp": Authenticator.Type.TOTP.value,
        "webauthn": Authenticator.Type.WEBAUTHN.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(_ROLE_ROWS_SQL, parameters)
        return cursor.fetchall()
