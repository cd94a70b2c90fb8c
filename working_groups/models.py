"""Working groups of a directory and the work plans they follow.

A group gathers member States (each with its role: coordinator, leader, member, observer) under a lead State;
a directory may require a minimum number of member States per group (``GroupRules``). A work plan belongs to the
directory or to one group and covers a period; its lines of action hold products and activities, each with the
States responsible, its deadline as people wrote it ("first two months of 2021") and the dates that text means,
its status and its progress updates.

"Late" is never stored: a product is late on a day after its last day while neither done nor dropped
(``ProductQuerySet.late``, ``Product.is_late_on``), so moving the clock is enough to see it appear.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.restriction import RestrictedQuerySet
from directory.models import Directory, State, Timestamped
from enlace.translated_texts import WrittenInLanguages, original_language_field, translations_field
from working_groups.choices import COUNTED, FINISHED, GroupRole, GroupStatus, ItemKind, ProductStatus

# How long before a product's last day its responsible States' coordinators are reminded.
REMIND_DAYS_BEFORE = 14


class GroupRules(Timestamped):
    """A directory's rules for its working groups. One per directory; a directory without one follows the
    defaults until its manager saves its settings, which creates it."""

    directory = models.OneToOneField(
        Directory,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="working_group_rules",
        verbose_name=_("directory"),
    )
    minimum_member_states = models.PositiveSmallIntegerField(
        _("minimum member States of a working group"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("Coordinators, leaders and members count; observers do not."),
    )

    class Meta:
        verbose_name = _("working group rules")
        constraints = [
            models.CheckConstraint(condition=Q(minimum_member_states__gte=1), name="group_rules_minimum_positive"),
        ]

    def __str__(self) -> str:
        return str(self.directory)

    @classmethod
    def of(cls, directory: Directory) -> "GroupRules":
        """The directory's rules, or the defaults (unsaved) if it has none."""
        try:
            return directory.working_group_rules
        except cls.DoesNotExist:
            return cls(directory=directory)


class WorkingGroupQuerySet(RestrictedQuerySet):
    def of_directory(self, directory: Directory) -> "WorkingGroupQuerySet":
        return self.filter(directory=directory)

    def active(self) -> "WorkingGroupQuerySet":
        return self.filter(status=GroupStatus.ACTIVE)


class WorkingGroup(WrittenInLanguages, Timestamped):
    translated_fields = ("name", "purpose")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directory = models.ForeignKey(
        Directory, on_delete=models.PROTECT, related_name="working_groups", verbose_name=_("directory")
    )
    # A sub-group's parent (PROSUR's security group splits into sub-groups); a group of the same directory.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_groups",
        verbose_name=_("part of the group"),
    )
    original_language = original_language_field()
    name = models.CharField(_("name"), max_length=200)
    name_translations = translations_field()
    purpose = models.TextField(_("purpose"), blank=True)
    purpose_translations = translations_field()
    lead_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lead State")
    )
    status = models.CharField(_("status"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.ACTIVE)
    is_public = models.BooleanField(
        _("published to the directory"),
        default=False,
        help_text=_("Every reader of the directory sees its name, purpose, lead and members; never its plans."),
    )
    states = models.ManyToManyField(State, through="GroupMembership", related_name="+")

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GroupStatus.values), name="working_group_known_status"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="working_group_not_its_own_parent"),
            models.UniqueConstraint(fields=["directory", "name"], name="working_group_unique_name"),
        ]
        indexes = [models.Index(fields=["directory", "status"], name="working_group_directory")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("working_groups:group", args=[self.code])


class GroupMembershipQuerySet(RestrictedQuerySet):
    def counted(self) -> "GroupMembershipQuerySet":
        return self.filter(role__in=COUNTED)


class GroupMembership(Timestamped):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("State"))
    role = models.CharField(_("role"), max_length=12, choices=GroupRole.choices, default=GroupRole.MEMBER)

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "state__english_name", "pk"]
        verbose_name = _("member State")
        constraints = [
            models.UniqueConstraint(fields=["group", "state"], name="group_membership_once_per_state"),
            models.CheckConstraint(condition=Q(role__in=GroupRole.values), name="group_membership_known_role"),
        ]
        indexes = [models.Index(fields=["state", "group"], name="group_membership_state")]

    def __str__(self) -> str:
        return f"{self.state} – {self.group}"


class WorkPlanQuerySet(RestrictedQuerySet):
    def of_directory(self, directory: Directory) -> "WorkPlanQuerySet":
        return self.filter(directory=directory)


class WorkPlan(WrittenInLanguages, Timestamped):
    translated_fields = ("title",)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directory = models.ForeignKey(
        Directory, on_delete=models.PROTECT, related_name="work_plans", verbose_name=_("directory")
    )
    # None: the directory's own plan (the CICTE work plan); else the plan of one group.
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="plans", verbose_name=_("group")
    )
    original_language = original_language_field()
    title = models.CharField(_("title"), max_length=200)
    title_translations = translations_field()
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_meeting = models.CharField(_("approved at (meeting)"), max_length=200, blank=True)
    approval_document = models.URLField(_("approval document (link)"), max_length=500, blank=True)

    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title", "pk"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="work_plan_period_order"),
        ]
        indexes = [
            models.Index(fields=["directory", "period_start"], name="work_plan_directory"),
            models.Index(fields=["group", "period_start"], name="work_plan_group"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("working_groups:plan", args=[self.code])


class LineOfAction(WrittenInLanguages, Timestamped):
    """A line of action (the CICTE plan's programmes), its title and purpose written in the plan's languages."""

    translated_fields = ("title", "purpose")

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"))
    original_language = original_language_field()
    title = models.CharField(_("line of action"), max_length=300)
    title_translations = translations_field()
    purpose = models.TextField(_("purpose"), blank=True)
    purpose_translations = translations_field()

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("line of action")
        verbose_name_plural = _("lines of action")
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="line_of_action_position"),
        ]

    def __str__(self) -> str:
        return self.title


class ProductQuerySet(RestrictedQuerySet):
    def open(self) -> "ProductQuerySet":
        """Still to be delivered: neither done nor dropped."""
        return self.exclude(status__in=FINISHED)

    def late(self, today: date) -> "ProductQuerySet":
        """Past their last day on ``today`` and neither done nor dropped."""
        return self.open().filter(due_until__lt=today)

    def due_within(self, today: date, days: int) -> "ProductQuerySet":
        """Still open and ending between ``today`` and ``days`` later."""
        return self.open().filter(due_until__gte=today, due_until__lte=today + timedelta(days=days))

    def in_plan_order(self) -> "ProductQuerySet":
        return self.order_by("line__position", "position", "pk")

    def due_reminders(self, today: date) -> "ProductQuerySet":
        """Open products whose reminder day has come, before their last day has passed, not yet reminded of
        this last day (a deadline moved later is reminded again)."""
        return (
            self.open()
            .filter(remind_on__lte=today, due_until__gte=today)
            .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("due_until")))
        )


class Product(Timestamped):
    """A product or an activity of a line of action, due within a date range."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The line's plan, kept on the product so that a plan's products, and everyone's deadlines, are one question.
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="products", editable=False)
    line = models.ForeignKey(LineOfAction, on_delete=models.CASCADE, related_name="products")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("product or activity"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices, default=ItemKind.PRODUCT)
    responsible_states = models.ManyToManyField(
        State, blank=True, related_name="+", verbose_name=_("responsible States")
    )
    deadline_text = models.CharField(
        _("deadline (as written)"), max_length=200, blank=True, help_text=_("For example: first two months of 2021.")
    )
    due_from = models.DateField(_("from"))
    due_until = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=12, choices=ProductStatus.choices, default=ProductStatus.NOT_STARTED
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, through="ProductDependency", related_name="needed_by"
    )
    # When the reminder goes (``due_until`` less the days above), kept so the job asks one indexed question.
    remind_on = models.DateField(editable=False)
    # The last day the responsible States were reminded of.
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["line__position", "position", "pk"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ProductStatus.values), name="product_known_status"),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="product_known_kind"),
            models.CheckConstraint(condition=Q(due_until__gte=F("due_from")), name="product_dates_in_order"),
            models.UniqueConstraint(fields=["line", "position"], name="product_position"),
        ]
        indexes = [
            models.Index(fields=["plan", "status", "due_until"], name="product_plan_due"),
            # The reminder job's question: which open products are coming due.
            models.Index(fields=["status", "remind_on"], name="product_reminder"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.plan_id = self.line.plan_id
        self.remind_on = self.due_until - timedelta(days=REMIND_DAYS_BEFORE)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "remind_on", "plan"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("working_groups:product", args=[self.code])

    def is_late_on(self, today: date) -> bool:
        return self.due_until < today and self.status not in FINISHED

    @property
    def is_late(self) -> bool:
        return self.is_late_on(timezone.localdate())

    @property
    def uid(self) -> str:
        """The deadline's identity in every calendar it reaches."""
        return f"work-product-{self.code}@enlace"


class ProductDependency(models.Model):
    """A product that cannot be finished before another of the same plan (``services.set_dependencies``)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    requires = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("product dependency")
        constraints = [
            models.UniqueConstraint(fields=["product", "requires"], name="product_dependency_once"),
            models.CheckConstraint(condition=~Q(product=F("requires")), name="product_dependency_not_itself"),
        ]


class ProgressUpdateQuerySet(RestrictedQuerySet):
    pass


def progress_file_path(update: "ProgressUpdate", filename: str) -> str:
    """A random name under the product's folder: the uploader's file name is never used for storage."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"working_groups/{update.product.code}/{uuid.uuid4().hex}.{extension}"


class ProgressUpdate(Timestamped):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("progress"))
    attachment = models.FileField(_("attachment"), upload_to=progress_file_path, max_length=200, blank=True)
    file_type = models.CharField(max_length=10, blank=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("progress update")
        indexes = [models.Index(fields=["product", "on"], name="progress_update_product")]

    def __str__(self) -> str:
        return f"{self.product} – {self.on}"

    @property
    def file_name(self) -> str:
        return f"progress-{self.on.isoformat()}.{self.file_type}"


# The group's discussion (its threads and who hears of them) is kept in its own module.
from working_groups.discussion_models import DiscussionPost, DiscussionPreference  # noqa: E402, F401

# The group's documents and meetings live in their own module; imported here so Django knows them as this app's.
from working_groups.space_models import GroupDocument, GroupMeeting  # noqa: E402, F401
