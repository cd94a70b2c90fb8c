"""Who is asking: a user's roles, resolved once per request into sets of ids.

Every permission rule reads a Principal, never the user's role rows directly,
so the rules stay plain set logic and the role queries run once per request.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Principal:
    user_id: int | None = None
    # Directories this user manages (directory manager role).
    managed_directory_ids: frozenset[int] = field(default_factory=frozenset)
    # States whose national coordinator this user is.
    coordinated_state_ids: frozenset[int] = field(default_factory=frozenset)
    # The contact record this user is (point of contact role), if any.
    contact_id: int | None = None
    # States this user acts for: coordinated States and its own contact's State.
    member_state_ids: frozenset[int] = field(default_factory=frozenset)
    # Directories in which one of the member States participates.
    participating_directory_ids: frozenset[int] = field(default_factory=frozenset)
    # States that take part in a directory this user manages.
    managed_state_ids: frozenset[int] = field(default_factory=frozenset)
    # The one directory an API token is limited to (None: every directory the user may read). The rules
    # of directory records read the narrowed sets above; State-wide roles (a coordinator's) cannot be
    # narrowed that way, so the API also filters every directory-bound list by this id.
    directory_scope: int | None = None
    # Whether the user has a second factor (an authenticator app or a security key): managers and
    # coordinators must, before they use Enlace (accounts.middleware). Read with the roles, in the same query.
    has_second_factor: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_manager(self) -> bool:
        return bool(self.managed_directory_ids)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinated_state_ids)

    @property
    def is_point_of_contact(self) -> bool:
        return self.contact_id is not None

    @property
    def readable_directory_ids(self) -> frozenset[int]:
        """Directories whose member pages (with nominated contacts) this user may read."""
        return self.managed_directory_ids | self.participating_directory_ids

    @property
    def administered_state_ids(self) -> frozenset[int]:
        """States whose records this user may change: as their coordinator or as a manager."""
        return self.coordinated_state_ids | self.managed_state_ids

    @property
    def requires_mfa(self) -> bool:
        return self.is_manager or self.is_coordinator


PUBLIC = Principal()


class PrincipalReader(Protocol):
    def __call__(
        self, user, *, directory_id: int | None = None, role_rows: Sequence[Sequence] | None = None
    ) -> Principal: ...


# The mechanism reads no role rows itself: the app that keeps users and their roles (accounts) gives the
# function that turns a user into a Principal when Django starts, as every app gives its rules.
_reader: PrincipalReader | None = None


def read_principals_with(reader: PrincipalReader) -> None:
    """Install how a user becomes a Principal (``reader(user, directory_id=None, role_rows=None)``)."""
    global _reader
    _reader = reader


def principal_of(user, *, directory_id: int | None = None, role_rows: Sequence[Sequence] | None = None) -> Principal:
    """The user's rights, as the installed reader computes them; with ``directory_id``, within that directory.

    ``role_rows``: the user's role rows when the statement that read the user read them too (the API's token).
    """
    if _reader is None:
        raise ImproperlyConfigured("No app installed a principal reader (accounts does, when Django starts).")
    return _reader(user, directory_id=directory_id, role_rows=role_rows)
