"""The words of an event: its kind, where it stands, where a person stands on its list."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    MEETING = "meeting", _("Meeting of the network")
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    EXERCISE = "exercise", pgettext_lazy("event kind", "Exercise")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Announced")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("registration status", "Registered")
    WAITING = "waiting", pgettext_lazy("registration status", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


# What a person's registration still holds a place for (or a place in the queue for).
ACTIVE_REGISTRATION = [RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]
# What readers other than the managers see: an announced event, or one called off after it was announced.
ANNOUNCED = [EventStatus.PUBLISHED, EventStatus.CANCELLED]
