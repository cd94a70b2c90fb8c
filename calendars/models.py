"""A person's private calendar feed: the secret address a calendar program subscribes to.

The address carries a token derived from a random key of the feed and the site's secret (``tokens.links``), so
"My calendar" can show the address again whenever the person asks; the database keeps only the key and the
token's SHA-256 hash, and a feed is found by the hash. Resetting draws a new key: the old address then finds
no feed (404), and only the new one works.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Timestamped
from tokens.links import derived_token, hash_token

PURPOSE = "calendar.feed"


def new_key() -> str:
    return secrets.token_hex(16)


class CalendarFeed(Timestamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("user")
    )
    key = models.CharField(max_length=64, default=new_key)
    token_hash = models.CharField(max_length=64, unique=True)
    reset_at = models.DateTimeField(_("last reset"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"{self.user}"

    @property
    def token(self) -> str:
        return derived_token(PURPOSE, f"{self.user_id}.{self.key}")

    def save(self, *args, **kwargs) -> None:
        self.token_hash = hash_token(self.token)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "token_hash"}
        super().save(*args, **kwargs)
