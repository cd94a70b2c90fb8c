"""Who is asking: a user's roles, resolved once per request into sets of ids.

Every permission rule reads a Principal, never the user's role rows directly,
so the rules stay plain set logic and the role queries run once per request.
"""

from dataclasses import dataclass, field, replace

from django.contrib.auth.models import AnonymousUser


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

    def limited_to_directory(self, directory_id: int) -> "Principal":
        """The same rights within one directory only (an API token scoped to it)."""
        from directory.models import Participation

        managed = self.managed_directory_ids & {directory_id}
        return replace(
            self,
            directory_scope=directory_id,
            managed_directory_ids=managed,
            participating_directory_ids=self.participating_directory_ids & {directory_id},
            managed_state_ids=frozenset(
                Participation.objects.filter(directory_id__in=managed).values_list("state_id", flat=True)
            ),
        )


PUBLIC = Principal()


def principal_for(user) -> Principal:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return PUBLIC
    from accounts.models import Role, RoleAssignment
    from directory.models import Contact, Participation

    managed, coordinated = set(), set()
    for role, directory_id, state_id in RoleAssignment.objects.filter(user=user).values_list(
        "role", "directory_id", "state_id"
    ):
        if role == Role.MANAGER:
            managed.add(directory_id)
        elif role == Role.COORDINATOR:
            coordinated.add(state_id)
    member_states = set(coordinated)
    if user.contact_id:
        member_states.update(Contact.objects.filter(pk=user.contact_id).values_list("institution__state_id", flat=True))
    # Most people hold one kind of role: no query for the other kind's sets (a query costs even when empty).
    participating = (
        set(Participation.objects.filter(state_id__in=member_states).values_list("directory_id", flat=True))
        if member_states
        else set()
    )
    managed_states = (
        set(Participation.objects.filter(directory_id__in=managed).values_list("state_id", flat=True))
        if managed
        else set()
    )
    return Principal(
        user_id=user.pk,
        managed_directory_ids=frozenset(managed),
        coordinated_state_ids=frozenset(coordinated),
        contact_id=user.contact_id,
        member_state_ids=frozenset(member_states),
        participating_directory_ids=frozenset(participating),
        managed_state_ids=frozenset(managed_states),
    )
