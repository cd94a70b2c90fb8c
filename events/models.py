"""Events of a directory: the network's meetings (the yearly meeting of its points of contact), trainings,
workshops and exercises, with their audience, agenda, documents and registrations.

An event's moments are kept in UTC (``starts_at``, ``ends_at``) with the IANA name of the zone it takes place
in (``time_zone``): it is shown in that zone and in the reader's, and its calendar file names the zone, so a
meeting at 10:00 in New York stays at 10:00 there across a change of daylight saving time.

Registration fills the places (``capacity``; none: no limit) in the order people register; beyond it they
wait, in the same order, and the first waiting moves up when someone registered cancels.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.restriction import RestrictedQuerySet
from directory.models import Directory, DirectoryRole, State, Timestamped
from events.choices import ACTIVE_REGISTRATION, ANNOUNCED, EventKind, EventStatus, RegistrationStatus
from repository.models import Document


class EventQuerySet(RestrictedQuerySet):
    def of_directory(self, directory: Directory) -> "EventQuerySet":
        return self.filter(directory=directory)

    def announced(self) -> "EventQuerySet":
        return self.filter(status__in=ANNOUNCED)

    def published_to_everyone(self) -> "EventQuerySet":
        """What a directory's public calendar lists: announced events its managers made public."""
        return self.announced().filter(is_public=True)

    def upcoming(self, now: datetime) -> "EventQuerySet":
        return self.filter(ends_at__gt=now)

    def with_counts(self) -> "EventQuerySet":
        """``registered_count`` and ``waiting_count``, counted by the database (no query per event)."""
        return self.annotate(
            registered_count=models.Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            ),
            waiting_count=models.Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        )

    def with_registration_of(self, user_id: int | None) -> "EventQuerySet":
        """``my_status``: the reader's own standing on each event's list ("" when none)."""
        own = Registration.objects.filter(event_id=OuterRef("pk"), user_id=user_id).values("status")[:1]
        return self.annotate(my_status=models.Subquery(own))


class Event(Timestamped):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directory = models.ForeignKey(
        Directory, on_delete=models.PROTECT, related_name="events", verbose_name=_("directory")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone of the event"), max_length=64, default="UTC")
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    all_states = models.BooleanField(_("every participating State is invited"), default=True)
    states = models.ManyToManyField(State, blank=True, related_name="+", verbose_name=_("invited States"))
    # None chosen: every role. Otherwise the points of contact nominated in one of them (coordinators always).
    roles = models.ManyToManyField(DirectoryRole, blank=True, related_name="+", verbose_name=_("invited roles"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    is_public = models.BooleanField(_("listed on the directory's public calendar"), default=False)
    remind_hours_before = models.PositiveSmallIntegerField(
        _("reminder (hours before)"), default=24, validators=[MaxValueValidator(24 * 30)]
    )
    # When the reminder goes out (``starts_at`` less the hours above), kept so the job asks one indexed question.
    remind_at = models.DateTimeField(editable=False)
    # Bumped on every change a calendar should notice (iCalendar's SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("documents of the repository")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_known_kind"),
            models.CheckConstraint(condition=Q(status__in=EventStatus.values), name="event_known_status"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="event_capacity"),
        ]
        indexes = [
            models.Index(fields=["directory", "starts_at"], name="event_directory_start"),
            # The reminder job's question: which announced events start soon.
            models.Index(fields=["status", "remind_at"], name="event_status_remind"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.remind_at = self.starts_at - timedelta(hours=self.remind_hours_before)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "remind_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.code])

    @property
    def is_announced(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def uid(self) -> str:
        """The event's identity in every calendar it reaches: stable across changes (SEQUENCE counts them)."""
        return f"event-{self.code}@enlace"


class EventDocumentQuerySet(RestrictedQuerySet):
    pass


def event_file_path(document: "EventDocument", filename: str) -> str:
    """A random name under the event's folder: the uploader's file name is never used for storage."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"events/{document.event.code}/{uuid.uuid4().hex}.{extension}"


class EventDocument(Timestamped):
    """A file attached to an event (its programme, a presentation): checked by content when uploaded."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=event_file_path, max_length=200)
    file_type = models.CharField(max_length=10)

    objects = EventDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("event document")

    def __str__(self) -> str:
        return self.title

    @property
    def file_name(self) -> str:
        return f"{self.title[:80]}.{self.file_type}"


class RegistrationQuerySet(RestrictedQuerySet):
    def active(self) -> "RegistrationQuerySet":
        return self.filter(status__in=ACTIVE_REGISTRATION)

    def registered(self) -> "RegistrationQuerySet":
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waiting_in_order(self) -> "RegistrationQuerySet":
        return self.filter(status=RegistrationStatus.WAITING).order_by("queued_at", "pk")

    def due_reminders(self, now: datetime) -> "RegistrationQuerySet":
        """Registered people not yet reminded of an announced event whose reminder time has come, before it starts."""
        return self.registered().filter(
            reminded_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__remind_at__lte=now,
            event__starts_at__gt=now,
        )


class Registration(Timestamped):
    """A person's place on an event's list: registered, waiting (in ``queued_at`` order) or cancelled."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    # When the person (last) asked for a place: the waiting list's order.
    queued_at = models.DateTimeField()
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("registration")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_once_per_person"),
            models.CheckConstraint(condition=Q(status__in=RegistrationStatus.values), name="registration_known_status"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="registration_queue"),
            models.Index(fields=["status", "reminded_at"], name="registration_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event}"
