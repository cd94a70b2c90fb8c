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
from working_groups.choices import COUNTED, STEERING
from working_groups.models import (
    DiscussionPost,
    GroupMembership,
    Product,
    ProgressUpdate,
    WorkingGroup,
    WorkPlan,
)


def _member_of_group(principal: Principal, group_field: str, roles: list[str] | None = None) -> Q:
    """The reader's States are members of the group at ``group_field`` (an OuterRef path), in one of ``roles``
    if given."""
    member = GroupMembership.objects.filter(group_id=OuterRef(group_field), state_id__in=principal.member_state_ids)
    if roles is not None:
        member = member.filter(role__in=roles)
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


# The discussion: its readers are those of the group's space (or of the product); observers read, never post.


@rule(WorkingGroup, "discuss")
def groups_discussed_in(principal: Principal):
    return _managers_or_participants(principal, _member_of_group(principal, "pk", COUNTED))


@rule(Product, "discuss")
def products_discussed(principal: Principal):
    """A directory's own plan: whoever reads it; a group's plan: the group's managers and counted members."""
    if not principal.is_authenticated:
        return False
    managed = Q(plan__directory_id__in=principal.managed_directory_ids)
    if not principal.member_state_ids:
        return managed
    members = Q(plan__group__isnull=True) | _member_of_group(principal, "plan__group_id", COUNTED)
    return managed | (Q(plan__directory_id__in=principal.participating_directory_ids) & members)


@rule(DiscussionPost, "view")
def posts_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    in_group_thread = Q(product__isnull=True, group__in=WorkingGroup.objects.restrict(principal, "work").values("pk"))
    in_product_thread = Q(product__in=Product.objects.restrict(principal, "view").values("pk"))
    return in_group_thread | in_product_thread


@rule(DiscussionPost, "change")
def posts_written(principal: Principal):
    """Its author corrects a post (for a short while: ``discussion.edit_post``)."""
    if not principal.is_authenticated:
        return False
    return Q(author_id=principal.user_id)


@rule(DiscussionPost, "delete")
def posts_removable(principal: Principal):
    """Its author, or a manager of the directory (moderation)."""
    if not principal.is_authenticated:
        return False
    managed = principal.managed_directory_ids
    return (
        Q(author_id=principal.user_id) | Q(group__directory_id__in=managed) | Q(product__plan__directory_id__in=managed)
    )
