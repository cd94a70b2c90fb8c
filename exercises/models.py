"""Exercises of a directory: communication checks and scenarios that run through the real channels.

An exercise tests the path a real incident would take. A *communication check* e-mails each
participating point of contact a short message (encrypted when the contact has a key) with a link to
acknowledge it within the controller's deadline; a controller may record a second stage by
telephone. A *scenario* (table-top or functional) is a timeline of *injects*: each is sent, at its
moment, as a real communication marked as an exercise, built from one of the directory's
communication templates, to the States it addresses; the recipients acknowledge and answer it through
the communications' own pages, and the inject's expectations are scored against what they did.

Everything an exercise sends is marked EXERCISE and stays out of the real statistics
(``Communication.is_exercise``). Inject content is kept (so that a scenario can be run again, copied and
shared), which is why injects carry TLP:CLEAR or TLP:GREEN only.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.restriction import RestrictedQuerySet
from communication_templates.models import CommunicationTemplate
from communications.models import TLP_CONTENT_KEPT, Audience, Communication, Tlp
from directory.models import Contact, Directory, State, Timestamped
from exercises.choices import (
    MARKED_OUTCOMES,
    CheckChannel,
    ExerciseKind,
    ExerciseStatus,
    InjectStatus,
)

INJECT_TLPS = [(tlp.value, tlp.label) for tlp in TLP_CONTENT_KEPT]


class ExerciseQuerySet(RestrictedQuerySet):
    def of_directory(self, directory: Directory) -> "ExerciseQuerySet":
        return self.filter(directory=directory)

    def running(self) -> "ExerciseQuerySet":
        return self.filter(status=ExerciseStatus.RUNNING, paused_at__isnull=True)

    def due_to_start(self, now) -> "ExerciseQuerySet":
        return self.filter(status=ExerciseStatus.SCHEDULED, starts_at__lte=now)

    def due_to_end(self, now) -> "ExerciseQuerySet":
        return self.filter(status=ExerciseStatus.RUNNING, ends_at__lte=now)

    def templates(self) -> "ExerciseQuerySet":
        return self.filter(is_template=True)

    def exercises(self) -> "ExerciseQuerySet":
        return self.filter(is_template=False)


class Exercise(Timestamped):
    """One exercise of a directory, or a scenario kept in its library as a template (``is_template``)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directory = models.ForeignKey(
        Directory, on_delete=models.PROTECT, related_name="exercises", verbose_name=_("directory")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ExerciseKind.choices)
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("objectives"), blank=True)
    # Interface languages (codes) the exercise is played in; its mail goes in each recipient's own language.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    all_states = models.BooleanField(_("every participating State takes part"), default=True)
    states = models.ManyToManyField(State, blank=True, related_name="+", verbose_name=_("participating States"))
    # Roles addressed (technical, diplomatic): who in each State receives a communication check.
    roles = models.JSONField(_("roles addressed"), default=list)
    controllers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="controlled_exercises", verbose_name=_("controllers")
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ExerciseStatus.choices, default=ExerciseStatus.DRAFT)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # A communication check: hours each point of contact has to acknowledge.
    acknowledgement_hours = models.PositiveSmallIntegerField(
        _("acknowledge within (hours)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    report_published = models.BooleanField(_("anonymised report published to participants"), default=False)
    is_template = models.BooleanField(_("kept in the library as a template"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-created"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ExerciseKind.values), name="exercise_known_kind"),
            models.CheckConstraint(condition=Q(status__in=ExerciseStatus.values), name="exercise_known_status"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="exercise_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status=ExerciseStatus.DRAFT) | Q(starts_at__isnull=False, ends_at__isnull=False),
                name="exercise_scheduled_has_times",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[ExerciseStatus.DRAFT, ExerciseStatus.SCHEDULED]) | Q(started_at__isnull=False),
                name="exercise_started_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ExerciseStatus.ENDED, ExerciseStatus.REPORTED]) | Q(ended_at__isnull=False),
                name="exercise_ended_has_time",
            ),
            models.CheckConstraint(
                condition=Q(paused_at__isnull=True) | Q(status=ExerciseStatus.RUNNING),
                name="exercise_paused_only_while_running",
            ),
            models.CheckConstraint(
                condition=Q(is_template=False) | Q(status=ExerciseStatus.DRAFT), name="exercise_template_is_draft"
            ),
            models.CheckConstraint(
                condition=Q(acknowledgement_hours__gte=1), name="exercise_acknowledgement_hours_positive"
            ),
        ]
        indexes = [
            # The worker's questions: which scheduled exercise starts now, which running one ends now.
            models.Index(fields=["status", "starts_at"], name="exercise_status_start"),
            models.Index(fields=["directory", "-starts_at"], name="exercise_directory"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exercises:detail", args=[self.code])

    @property
    def is_check(self) -> bool:
        return self.kind == ExerciseKind.COMMUNICATION_CHECK

    @property
    def is_running(self) -> bool:
        return self.status == ExerciseStatus.RUNNING

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def has_ended(self) -> bool:
        return self.status in (ExerciseStatus.ENDED, ExerciseStatus.REPORTED)

    def participating_states(self) -> models.QuerySet:
        """The States that play: every State of the directory, or those chosen (still in the directory)."""
        states = State.objects.filter(participations__directory_id=self.directory_id)
        if not self.all_states:
            states = states.filter(pk__in=self.states.values("pk"))
        return states.order_by("english_name")


class CheckMessageQuerySet(RestrictedQuerySet):
    def acknowledged(self) -> "CheckMessageQuerySet":
        return self.filter(acknowledged_at__isnull=False)


class CheckMessage(Timestamped):
    """A communication check's message to one point of contact, and whether and how it was acknowledged."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="check_messages")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    # Denormalised: results are read per State, and a State's members see its own.
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    # SHA-256 of the acknowledgement link's token (the token is derived from the code, never stored).
    token_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=10)
    encrypted = models.BooleanField(_("sent encrypted"), default=False)
    sent_at = models.DateTimeField(_("sent"))
    acknowledge_by = models.DateTimeField(_("acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=CheckChannel.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    emails = models.ManyToManyField("delivery.OutboundEmail", blank=True, related_name="+")

    objects = CheckMessageQuerySet.as_manager()

    class Meta:
        ordering = ["state__english_name", "contact__name", "pk"]
        verbose_name = _("communication check message")
        constraints = [
            models.UniqueConstraint(fields=["exercise", "contact"], name="check_message_one_per_contact"),
            models.UniqueConstraint(fields=["token_hash"], name="check_message_token_hash_unique"),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, channel="")
                | Q(acknowledged_at__isnull=False, channel__in=CheckChannel.values),
                name="check_message_acknowledged_has_channel",
            ),
        ]
        indexes = [models.Index(fields=["exercise", "state"], name="check_message_state")]

    def __str__(self) -> str:
        return f"{self.exercise} – {self.contact}"

    @property
    def minutes_to_acknowledge(self) -> float | None:
        if self.acknowledged_at is None:
            return None
        return (self.acknowledged_at - self.sent_at).total_seconds() / 60


class InjectQuerySet(RestrictedQuerySet):
    def pending(self) -> "InjectQuerySet":
        return self.filter(status=InjectStatus.PENDING)

    def due(self, now) -> "InjectQuerySet":
        """Pending injects whose moment has come, in exercises running and not paused."""
        return (
            self.pending()
            .filter(due_at__lte=now, exercise__status=ExerciseStatus.RUNNING, exercise__paused_at__isnull=True)
            .order_by("due_at", "position", "pk")
        )


class Inject(Timestamped):
    """One message of a scenario's timeline, and what it expects of the States it reaches."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="injects")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    # When it goes out: minutes after the start, or minutes after another inject went out.
    offset_minutes = models.PositiveIntegerField(_("minutes after the start"), null=True, blank=True)
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("after the inject")
    )
    delay_minutes = models.PositiveIntegerField(_("minutes after that inject"), null=True, blank=True)
    # The States it addresses: none chosen means every participating State but the sender.
    states = models.ManyToManyField(State, blank=True, related_name="+", verbose_name=_("addressed States"))
    audience = models.CharField(_("addressed to"), max_length=20, choices=Audience.choices)
    # The State the inject comes from, played by the exercise's controllers.
    sender_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    template = models.ForeignKey(
        CommunicationTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    tlp = models.CharField(_("TLP"), max_length=12, choices=INJECT_TLPS, default=Tlp.GREEN)
    language = models.CharField(_("language of the free text"), max_length=10)
    # The template's field values, as the communication form serialises them.
    values = models.JSONField(default=dict, blank=True)
    acknowledge_within_hours = models.PositiveSmallIntegerField(
        _("acknowledge within (hours)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    answer_within_hours = models.PositiveSmallIntegerField(
        _("answer within (hours)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    expected_action = models.CharField(_("expected action (marked by a controller)"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InjectStatus.choices, default=InjectStatus.PENDING)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    added_while_running = models.BooleanField(_("added during the exercise"), default=False)

    objects = InjectQuerySet.as_manager()

    class Meta:
        ordering = ["exercise", "position", "pk"]
        verbose_name = _("inject")
        verbose_name_plural = _("injects")
        constraints = [
            models.UniqueConstraint(fields=["exercise", "position"], name="inject_unique_position"),
            models.CheckConstraint(
                condition=Q(offset_minutes__isnull=False, follows__isnull=True, delay_minutes__isnull=True)
                | Q(offset_minutes__isnull=True, follows__isnull=False, delay_minutes__isnull=False),
                name="inject_timed_by_offset_or_follows",
            ),
            models.CheckConstraint(condition=Q(tlp__in=[tlp for tlp, _label in INJECT_TLPS]), name="inject_tlp_kept"),
            models.CheckConstraint(condition=Q(audience__in=Audience.values), name="inject_known_audience"),
            models.CheckConstraint(
                condition=Q(status=InjectStatus.PENDING, sent_at__isnull=True)
                | Q(status=InjectStatus.SENT, sent_at__isnull=False),
                name="inject_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(status=InjectStatus.PENDING), name="inject_due"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def expectations(self) -> list[str]:
        """The kinds of expectation this inject has ("acknowledge", "answer", "action")."""
        kinds = []
        if self.acknowledge_within_hours:
            kinds.append("acknowledge")
        if self.answer_within_hours:
            kinds.append("answer")
        if self.expected_action:
            kinds.append("action")
        return kinds

    def acknowledge_deadline(self, sent_at):
        return sent_at + timedelta(hours=self.acknowledge_within_hours) if self.acknowledge_within_hours else None

    def answer_deadline(self, sent_at):
        return sent_at + timedelta(hours=self.answer_within_hours) if self.answer_within_hours else None


class InjectDelivery(Timestamped):
    """An inject as one State received it: the exercise communication it went out as, and the controller's
    mark for an expected action."""

    inject = models.ForeignKey(Inject, on_delete=models.CASCADE, related_name="deliveries")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    # None when the State had no one to receive it (no contact in the role addressed).
    communication = models.OneToOneField(
        Communication, on_delete=models.PROTECT, null=True, blank=True, related_name="exercise_delivery"
    )
    action_outcome = models.CharField(
        _("expected action"), max_length=10, choices=[(o.value, o.label) for o in MARKED_OUTCOMES], blank=True
    )
    action_note = models.CharField(_("note"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["inject", "state__english_name"]
        verbose_name = _("inject delivery")
        verbose_name_plural = _("inject deliveries")
        constraints = [
            models.UniqueConstraint(fields=["inject", "state"], name="inject_delivery_once_per_state"),
        ]

    def __str__(self) -> str:
        return f"{self.inject} → {self.state}"


class Lesson(Timestamped):
    """A lesson of the after-action report, and what will be done about it, by whom and when."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="lessons")
    text = models.TextField(_("lesson"))
    action = models.TextField(_("action"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["exercise", "created", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.text[:60]
