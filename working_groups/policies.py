"""Who sees a working group, its plans and their products, and who reports progress.

A directory's managers run its groups and plans. The points of contact and national coordinators of a group's
member States see the group and its plans; the other readers of the directory see a group the directory
published (its name, purpose, lead and members), never its plans. A directory's own plan (of no group) is read
by every reader of the directory. Progress on a product is reported by the members of the States responsible
for it and by those of the group's coordinating and leading States.
"""

from django.db.models import Exists, OuterRef, Q

from access.principal import Principal
from access.restriction import rule
from working_groups.choices import STEERING
from working_groups.models import GroupMembership, Product, ProgressUpdate, WorkingGroup, WorkPlan


def _member_of_group(principal: Principal, group_field: str) -> Q:
    """The reader's States are members of the group at ``group_field`` (an OuterRef path)."""
    member = GroupMembership.objects.filter(group_id=OuterRef(group_field), state_id__in=principal.member_state_ids)
    return Q(Exists(member))


def _managers_or_participants(principal: Principal, participants: Q):
    """A directory's managers always; the people of its participating States where ``participants`` holds."""
    if not principal.is_authenticated:
        return False
    managed = Q(directory_id__in=principal.managed_directory_ids)
    if not principal.member_state_ids:
        return managed
    return managed | (Q(directory_id__in=principal.participating_directory_ids) & participants)


@rule(WorkingGroup, "view")
def groups_visible(principal: Principal):
    return _managers_or_participants(principal, Q(is_public=True) | _member_of_group(principal, "pk"))


@rule(WorkingGroup, "work")
def groups_worked_in(principal: Principal):
    """The group's own space (its plans): its managers and its member States' people."""
    return _managers_or_participants(principal, _member_of_group(principal, "pk"))


@rule(WorkingGroup, "change")
def groups_managed(principal: Principal):
    return Q(directory_id__in=principal.managed_directory_ids)


@rule(WorkPlan, "view")
def plans_visible(principal: Principal):
    return _managers_or_participants(principal, Q(group__isnull=True) | _member_of_group(principal, "group_id"))


@rule(WorkPlan, "change")
def plans_managed(principal: Principal):
    return Q(directory_id__in=principal.managed_directory_ids)


@rule(Product, "view")
def products_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(plan__in=WorkPlan.objects.restrict(principal, "view").values("pk"))


@rule(Product, "report")
def products_reported_on(principal: Principal):
    if not principal.is_authenticated:
        return False
    managed = Q(plan__directory_id__in=principal.managed_directory_ids)
    if not principal.member_state_ids:
        return managed
    responsible = Product.responsible_states.through.objects.filter(
        product_id=OuterRef("pk"), state_id__in=principal.member_state_ids
    )
    steering = GroupMembership.objects.filter(
        group_id=OuterRef("plan__group_id"), state_id__in=principal.member_state_ids, role__in=STEERING
    )
    visible = Q(plan__in=WorkPlan.objects.restrict(principal, "view").values("pk"))
    return managed | (visible & (Q(Exists(responsible)) | Q(Exists(steering))))


@rule(Product, "change")
def products_managed(principal: Principal):
    return Q(plan__directory_id__in=principal.managed_directory_ids)


@rule(ProgressUpdate, "view")
def updates_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(product__plan__in=WorkPlan.objects.restrict(principal, "view").values("pk"))
