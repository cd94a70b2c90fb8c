"""A person's feed: made when first asked for, reset on request, found by the token of its address."""

from django.utils import timezone

from calendars.models import CalendarFeed, new_key
from tokens.links import hash_token


def feed_of(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset(user) -> CalendarFeed:
    """A new address; the old one stops working at once."""
    feed = feed_of(user)
    feed.key, feed.reset_at = new_key(), timezone.now()
    feed.save(update_fields=["key", "reset_at", "updated"])
    return feed


def find(token: str) -> CalendarFeed | None:
    """The feed of that address, with its (active) person; None for an unknown, reset or deactivated one."""
    return (
        CalendarFeed.objects.select_related("user").filter(token_hash=hash_token(token), user__is_active=True).first()
    )
