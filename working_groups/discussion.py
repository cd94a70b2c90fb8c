"""What happens in a working group's discussion: a post is written (and e-mailed at once to the people of the
group's member States who asked for every post), corrected by its author for a short while, removed by its
author or a manager; once a day the digest collects, for those who asked for it, what was written since.

Who hears of a group's discussion: the points of contact and national coordinators of its member States
(observers included: they follow the group), never the author of the post, each in the language they read
Enlace in, as they chose for the group (``DiscussionPreference``; without a choice, every post). The threads of
a directory's own plan have no group and send no e-mail.

The digest claims posts (``enlace.row_claims``) and marks them carried: run twice, or on two workers at once,
each post goes into exactly one digest.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from enlace.row_claims import skipping_locked
from mail.services import queue_email_to_account
from working_groups.discussion_models import DiscussionPost, DiscussionPreference, Notify
from working_groups.models import GroupMembership, Product, WorkingGroup


class TooLate(ValueError):
    """The post can no longer be corrected."""


def people_of_group(group_ids: Iterable[int]) -> QuerySet:
    """Active accounts acting for a member State of one of the groups: its coordinators and its points of
    contact (the accounts of its contacts)."""
    states = GroupMembership.objects.filter(group_id__in=list(group_ids)).values("state_id")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(role_assignments__role="coordinator", role_assignments__state_id__in=states)
            | Q(contact__institution__state_id__in=states)
        )
        .distinct()
    )


def _choosing(group: WorkingGroup, notify: str) -> Q:
    """The account's choice for ``group`` is ``notify`` (no choice counts as every post)."""
    chose = DiscussionPreference.objects.filter(user_id=OuterRef("pk"), group=group)
    if notify == Notify.EVERY_POST:
        return ~Q(Exists(chose.exclude(notify=Notify.EVERY_POST)))
    return Q(Exists(chose.filter(notify=notify)))


def preference_of(user, group: WorkingGroup) -> str:
    chosen = DiscussionPreference.objects.filter(user=user, group=group).values_list("notify", flat=True).first()
    return chosen or Notify.EVERY_POST


def set_preference(user, group: WorkingGroup, notify: str) -> None:
    DiscussionPreference.objects.update_or_create(user=user, group=group, defaults={"notify": notify})


def write_post(
    *, author, text: str, group: WorkingGroup | None = None, product: Product | None = None
) -> DiscussionPost:
    """Write a post in the group's thread or in the product's, and e-mail those who asked for every post. The
    caller has checked that the author may post there (``discuss``)."""
    if product is not None:
        group = product.plan.group
    post = DiscussionPost(group=group, product=product, author=author, text=text.strip())
    with transaction.atomic():
        post.save()
        if group is not None:
            _notify_now(post)
    return post


def _notify_now(post: DiscussionPost) -> None:
    group = post.group
    recipients = people_of_group([group.pk]).exclude(pk=post.author_id).filter(_choosing(group, Notify.EVERY_POST))
    link = post.thread_url()
    settings_link = reverse("working_groups:discussion_settings", args=[group.code])
    for user in recipients:
        queue_email_to_account(
            user,
            template="working_groups/email/discussion_post",
            context={
                "post": post,
                "group": group,
                "product": post.product,
                "author": str(post.author) if post.author else "",
                "link": link,
                "settings_link": settings_link,
                "site_url": settings.SITE_URL,
            },
            purpose="work_group_discussion_post",
        )


def edit_post(post: DiscussionPost, text: str, now: datetime | None = None) -> DiscussionPost:
    """Correct the post's text; raises ``TooLate`` once its time for corrections is over. The caller has
    checked that the reader is its author."""
    now = now or timezone.now()
    if not post.may_be_edited_by(post.author_id, now):
        raise TooLate
    post.text = text.strip()
    post.edited_at = now
    post.save(update_fields=["text", "edited_at", "updated"])
    return post


def delete_post(post: DiscussionPost) -> None:
    post.delete()


@dataclass
class DigestThread:
    group: WorkingGroup
    product: Product | None
    link: str
    posts: list = field(default_factory=list)


def send_digests(now: datetime | None = None) -> int:
    """E-mail each person who asked for a group's daily digest what was written in the group's threads since
    the last digest (not their own posts); each post is carried once, whatever the number of runs or workers.
    Returns how many posts were carried."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = list(skipping_locked(DiscussionPost.objects.awaiting_digest(now)).values_list("pk", flat=True))
        if not claimed:
            return 0
        # On SQLite there are no row locks: the conditional update below is the claim.
        posts = list(
            DiscussionPost.objects.awaiting_digest(now)
            .filter(pk__in=claimed)
            .select_related("group", "product", "author")
            .oldest_first()
        )
        DiscussionPost.objects.filter(pk__in=[post.pk for post in posts]).update(digested_at=now)
        by_group: dict[int, list[DiscussionPost]] = defaultdict(list)
        for post in posts:
            by_group[post.group_id].append(post)
        letters: dict[int, tuple] = {}
        for group_posts in by_group.values():
            group = group_posts[0].group
            for user in people_of_group([group.pk]).filter(_choosing(group, Notify.DAILY_DIGEST)):
                letter = letters.setdefault(user.pk, (user, {}))
                for post in group_posts:
                    if post.author_id == user.pk:
                        continue
                    key = (post.group_id, post.product_id)
                    thread = letter[1].setdefault(key, DigestThread(post.group, post.product, post.thread_url()))
                    thread.posts.append(post)
        for user, threads in letters.values():
            if threads:
                _send_digest(user, list(threads.values()))
    return len(posts)


def _send_digest(user, threads: list[DigestThread]) -> None:
    groups = {}
    for thread in threads:
        group = thread.group
        groups[group.pk] = (group, reverse("working_groups:discussion_settings", args=[group.code]))
    queue_email_to_account(
        user,
        template="working_groups/email/discussion_digest",
        context={
            "threads": threads,
            "post_count": sum(len(thread.posts) for thread in threads),
            "thread_count": len(threads),
            "groups": list(groups.values()),
            "site_url": settings.SITE_URL,
        },
        purpose="work_group_discussion_digest",
    )
