"""Who may see and manage user accounts and invitations.

A coordinator supervises the access credentials of its own State's points of
contact; a manager, those of the coordinators and points of contact of its
participating States.
"""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from accounts.models import Invitation, Role, User
from directory.models import Contact


def _users_of_states(state_ids: frozenset[int], include_coordinators: bool) -> Q:
    condition = Q(contact__institution__state_id__in=state_ids)
    if include_coordinators:
        condition |= Q(role_assignments__role=Role.COORDINATOR, role_assignments__state_id__in=state_ids)
    return condition


@rule(User, "manage")
def users_manageable(principal: Principal):
    if not (principal.is_manager or principal.is_coordinator):
        return False
    managed = User.objects.filter(
        _users_of_states(principal.coordinated_state_ids, include_coordinators=False)
        | _users_of_states(principal.managed_state_ids, include_coordinators=True)
    ).exclude(pk=principal.user_id)
    return Q(pk__in=managed.values("pk"))


@rule(Invitation, "manage")
def invitations_manageable(principal: Principal):
    if not (principal.is_manager or principal.is_coordinator):
        return False
    by_role = Q(state_id__in=principal.coordinated_state_ids, role=Role.POINT_OF_CONTACT) | Q(
        state_id__in=principal.managed_state_ids, role__in=[Role.POINT_OF_CONTACT, Role.COORDINATOR]
    )
    # An invitation names its contact: only those who may see the contact manage it (a manager does not
    # see a State's contacts that were never shared with its directories).
    visible_contact = Q(contact__isnull=True) | Q(contact__in=Contact.objects.restrict(principal, "view").values("pk"))
    return by_role & visible_contact
