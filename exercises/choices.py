"""The words of an exercise: its kind, where it stands, how an expectation came out."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExerciseKind(models.TextChoices):
    COMMUNICATION_CHECK = "communication_check", _("Communication check")
    SCENARIO = "scenario", _("Scenario (table-top)")
    FUNCTIONAL = "functional", _("Functional exercise")


class ExerciseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("exercise status", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("exercise status", "Scheduled")
    RUNNING = "running", pgettext_lazy("exercise status", "Running")
    ENDED = "ended", pgettext_lazy("exercise status", "Ended")
    REPORTED = "reported", pgettext_lazy("exercise status", "Reported")


class CheckChannel(models.TextChoices):
    LINK = "link", _("E-mailed link")
    DASHBOARD = "dashboard", _("Signed in to Enlace")
    PHONE = "phone", _("Telephone (recorded by a controller)")
    OTHER = "other", _("Other channel (recorded by a controller)")


CONTROLLER_CHANNELS = [CheckChannel.PHONE, CheckChannel.OTHER]


class InjectStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("inject status", "Not yet sent")
    SENT = "sent", pgettext_lazy("inject status", "Sent")


class Outcome(models.TextChoices):
    """How one expectation of one State came out."""

    WAITING = "waiting", pgettext_lazy("expectation outcome", "Waiting")
    ON_TIME = "on_time", pgettext_lazy("expectation outcome", "Met on time")
    LATE = "late", pgettext_lazy("expectation outcome", "Met late")
    PARTLY = "partly", pgettext_lazy("expectation outcome", "Partly met")
    NOT_MET = "not_met", pgettext_lazy("expectation outcome", "Not met")


# What a controller may mark an action expectation as.
MARKED_OUTCOMES = [Outcome.ON_TIME, Outcome.LATE, Outcome.PARTLY, Outcome.NOT_MET]
