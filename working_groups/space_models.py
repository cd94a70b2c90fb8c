"""A working group's own space: the documents its members share, and its meetings with their minutes.

A document is a file checked by its content when uploaded (``repository.files``), kept under a random name, with
the title, language and description its uploader gave. A meeting is an event of the group's directory
(``events.Event``) whose invited States are the group's member States, so it reaches their calendars as every
event does; the group keeps the link and, once the meeting has taken place, its minutes (a text, a file, or both).
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.restriction import RestrictedQuerySet
from directory.models import Timestamped
from events.models import Event
from repository.files import KINDS
from working_groups.models import WorkingGroup


def _random_name(folder: str, filename: str) -> str:
    """A random name under ``folder``: the uploader's file name is never used for storage."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def group_document_path(document: "GroupDocument", filename: str) -> str:
    return _random_name(f"working_groups/{document.group.code}/documents", filename)


def minutes_path(meeting: "GroupMeeting", filename: str) -> str:
    return _random_name(f"working_groups/{meeting.group.code}/minutes", filename)


class GroupDocumentQuerySet(RestrictedQuerySet):
    def of_group(self, group: WorkingGroup) -> "GroupDocumentQuerySet":
        return self.filter(group=group)

    def in_language(self, code: str) -> "GroupDocumentQuerySet":
        return self.filter(language=code)

    def titled_like(self, words: str) -> "GroupDocumentQuerySet":
        return self.filter(Q(title__icontains=words) | Q(description__icontains=words))


class GroupDocument(Timestamped):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to=group_document_path, max_length=200)
    file_type = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = GroupDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("group document")
        verbose_name_plural = _("group documents")
        constraints = [
            models.CheckConstraint(condition=Q(file_type__in=list(KINDS)), name="group_document_known_type"),
        ]
        indexes = [models.Index(fields=["group", "created"], name="group_document_group")]

    def __str__(self) -> str:
        return self.title

    @property
    def file_name(self) -> str:
        """The name a download is saved under: the title, never the uploader's file name."""
        return f"{self.title[:80]}.{self.file_type}"

    def get_download_url(self) -> str:
        return reverse("working_groups:document_file", args=[self.code])


class GroupMeetingQuerySet(RestrictedQuerySet):
    def of_group(self, group: WorkingGroup) -> "GroupMeetingQuerySet":
        return self.filter(group=group)

    def upcoming(self, now: datetime) -> "GroupMeetingQuerySet":
        return self.filter(event__ends_at__gt=now).order_by("event__starts_at", "pk")

    def past(self, now: datetime) -> "GroupMeetingQuerySet":
        return self.filter(event__ends_at__lte=now).order_by("-event__starts_at", "-pk")


class GroupMeeting(Timestamped):
    """A meeting of the group: its event (times, place, invited States) and, afterwards, its minutes."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="group_meeting")
    minutes_text = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(_("minutes (file)"), upload_to=minutes_path, max_length=200, blank=True)
    minutes_file_type = models.CharField(max_length=10, blank=True)
    # When the minutes were (last) made available, and by whom.
    minutes_at = models.DateTimeField(null=True, blank=True)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = GroupMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["event__starts_at", "pk"]
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_file_type="") | Q(minutes_file_type__in=list(KINDS)),
                name="group_meeting_known_minutes_type",
            ),
        ]
        indexes = [models.Index(fields=["group", "event"], name="group_meeting_group")]

    def __str__(self) -> str:
        return self.event.title

    def get_absolute_url(self) -> str:
        return reverse("working_groups:meeting", args=[self.code])

    @property
    def has_minutes(self) -> bool:
        return bool(self.minutes_text or self.minutes_file)

    @property
    def minutes_file_name(self) -> str:
        return f"minutes-{self.event.starts_at.date().isoformat()}.{self.minutes_file_type}"
