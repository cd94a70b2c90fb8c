"""A working group's discussion: posts in the group's own thread and in each product's thread, and how each
person of the group's member States wants to hear of them by e-mail.

A product's thread lives in its group's space (``group`` is the plan's group, kept on the post so a group's
threads are one question); the thread of a product of a directory's own plan has no group. A post goes into
exactly one daily digest: the job marks it ``digested_at`` when it sends the digests that hold it.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from access.restriction import RestrictedQuerySet
from directory.models import Timestamped

# How long after writing a post its author may still correct it.
EDIT_WINDOW = timedelta(minutes=15)
POST_MAX_LENGTH = 10000


class Notify(models.TextChoices):
    EVERY_POST = "every_post", pgettext_lazy("discussion e-mails", "An e-mail for every post")
    DAILY_DIGEST = "daily_digest", pgettext_lazy("discussion e-mails", "One daily digest")
    NONE = "none", pgettext_lazy("discussion e-mails", "No e-mail")


class DiscussionPostQuerySet(RestrictedQuerySet):
    def of_group_thread(self, group) -> "DiscussionPostQuerySet":
        return self.filter(group=group, product=None)

    def of_product_thread(self, product) -> "DiscussionPostQuerySet":
        return self.filter(product=product)

    def awaiting_digest(self, until: datetime) -> "DiscussionPostQuerySet":
        """Posts of a group's space written by ``until`` that no digest has carried yet."""
        return self.filter(digested_at__isnull=True, group__isnull=False, created__lte=until)

    def oldest_first(self) -> "DiscussionPostQuerySet":
        return self.order_by("created", "pk")


class DiscussionPost(Timestamped):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        "working_groups.WorkingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discussion_posts",
        editable=False,
    )
    product = models.ForeignKey(
        "working_groups.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discussion_posts",
        editable=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    text = models.TextField(pgettext_lazy("discussion post", "message"), max_length=POST_MAX_LENGTH)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the daily digest carried it (None: not yet, or the thread has no group to send digests for).
    digested_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DiscussionPostQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("discussion post")
        verbose_name_plural = _("discussion posts")
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False) | Q(product__isnull=False), name="discussion_post_in_a_thread"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "product", "created"], name="discussion_post_thread"),
            models.Index(fields=["product", "created"], name="discussion_post_product"),
            # The digest job's question: what no digest has carried yet.
            models.Index(fields=["created"], condition=Q(digested_at__isnull=True), name="discussion_post_undigested"),
        ]

    def __str__(self) -> str:
        return f"{self.author} – {self.created:%Y-%m-%d %H:%M}"

    def thread_url(self) -> str:
        if self.product_id is not None:
            return reverse("working_groups:product_discussion", args=[self.product.code])
        return reverse("working_groups:group_discussion", args=[self.group.code])

    def may_be_edited_by(self, user_id: int | None, now: datetime) -> bool:
        return user_id is not None and self.author_id == user_id and now - self.created <= EDIT_WINDOW


class DiscussionPreference(Timestamped):
    """How one person hears of one group's discussion. Without a row: an e-mail for every post."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        "working_groups.WorkingGroup", on_delete=models.CASCADE, related_name="discussion_preferences"
    )
    notify = models.CharField(
        pgettext_lazy("discussion e-mails", "e-mails"), max_length=12, choices=Notify.choices, default=Notify.EVERY_POST
    )

    class Meta:
        verbose_name = _("discussion e-mail preference")
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="discussion_preference_once"),
            models.CheckConstraint(condition=Q(notify__in=Notify.values), name="discussion_preference_known"),
        ]
        indexes = [models.Index(fields=["group", "notify"], name="discussion_preference_group")]

    def __str__(self) -> str:
        return f"{self.user} – {self.group}"
