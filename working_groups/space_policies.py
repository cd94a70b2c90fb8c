"""Who reads and adds to a working group's space: its documents and its meetings.

Whoever works in the group (its directory's managers, the points of contact and national coordinators of its
member States, observers included) reads its documents and meetings. The people of its coordinating, leading and
member States share documents; an observer State's people read only. A document is deleted by whoever uploaded it
or by a manager of the directory. The directory's managers and the people of the group's coordinating and
leading States schedule its meetings and attach their minutes.
"""

from django.db.models import Exists, OuterRef, Q

from access.principal import Principal
from access.restriction import rule
from working_groups.choices import COUNTED, STEERING
from working_groups.models import GroupMembership, WorkingGroup
from working_groups.policies import _managers_or_participants
from working_groups.space_models import GroupDocument, GroupMeeting


def _member_in_roles(principal: Principal, roles: list[str]) -> Q:
    member = GroupMembership.objects.filter(
        group_id=OuterRef("pk"), state_id__in=principal.member_state_ids, role__in=roles
    )
    return Q(Exists(member))


@rule(WorkingGroup, "share")
def groups_shared_in(principal: Principal):
    """Who uploads documents to the group's space (observers do not)."""
    return _managers_or_participants(principal, _member_in_roles(principal, COUNTED))


@rule(WorkingGroup, "convene")
def groups_convened(principal: Principal):
    """Who schedules the group's meetings and attaches their minutes."""
    return _managers_or_participants(principal, _member_in_roles(principal, STEERING))


def _in_groups_worked_in(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(group__in=WorkingGroup.objects.restrict(principal, "work").values("pk"))


@rule(GroupDocument, "view")
def documents_visible(principal: Principal):
    return _in_groups_worked_in(principal)


@rule(GroupDocument, "delete")
def documents_deletable(principal: Principal):
    if not principal.is_authenticated:
        return False
    managed = Q(group__directory_id__in=principal.managed_directory_ids)
    return managed | (Q(uploaded_by_id=principal.user_id) & _in_groups_worked_in(principal))


@rule(GroupMeeting, "view")
def meetings_visible(principal: Principal):
    return _in_groups_worked_in(principal)


@rule(GroupMeeting, "minute")
def meetings_minuted(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(group__in=WorkingGroup.objects.restrict(principal, "convene").values("pk"))
