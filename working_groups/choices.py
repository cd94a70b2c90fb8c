"""The words of a working group and its plans: a group's standing, a member State's role, a product's kind and
where it stands."""

from django.db import models
from django.utils.translation import pgettext_lazy


class GroupStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("working group status", "Active")
    CLOSED = "closed", pgettext_lazy("working group status", "Closed")


class GroupRole(models.TextChoices):
    COORDINATOR = "coordinator", pgettext_lazy("role in a working group", "Coordinator")
    LEADER = "leader", pgettext_lazy("role in a working group", "Leader")
    MEMBER = "member", pgettext_lazy("role in a working group", "Member")
    OBSERVER = "observer", pgettext_lazy("role in a working group", "Observer")


class ItemKind(models.TextChoices):
    PRODUCT = "product", pgettext_lazy("item of a work plan", "Product")
    ACTIVITY = "activity", pgettext_lazy("item of a work plan", "Activity")


class ProductStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("product status", "Not started")
    UNDER_WAY = "under_way", pgettext_lazy("product status", "Under way")
    DONE = "done", pgettext_lazy("product status", "Done")
    DROPPED = "dropped", pgettext_lazy("product status", "Dropped")


# Never stored: read from the dates (a product past its last day and neither done nor dropped).
LATE_LABEL = pgettext_lazy("product status", "Late")
# What is no longer due: never late, never reminded.
FINISHED = [ProductStatus.DONE, ProductStatus.DROPPED]
# Roles that steer a group's work: besides the responsible States, they report progress on every product.
STEERING = [GroupRole.COORDINATOR, GroupRole.LEADER]
# Members who take part (an observer follows the group's work without being counted among its States).
COUNTED = [GroupRole.COORDINATOR, GroupRole.LEADER, GroupRole.MEMBER]
