"""Communications between the points of contact of two States: the envelope, its recipients and timeline.

Enlace keeps the *envelope* of every communication (who, which template
version, TLP, urgency, language, deadlines, status, events) and its *content*
only when the TLP label allows it (CLEAR, GREEN): the directory holds no
confidential information. AMBER and above are delivered encrypted to each
recipient's OpenPGP key and never stored: a database constraint holds
``content`` empty for them.

Deadlines are columns and every future step (reminder, escalation) is a
``ScheduledAction`` row with a due time, so the periodic job only asks "what is
due now" and claims each row with a conditional update (safe on several workers).
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from access.restriction import RestrictedQuerySet
from communication_templates.models import TemplateVersion
from directory.choices import RoleKind
from directory.models import Contact, Directory, State, Timestamped, parse_reminder_days, validate_reminder_days


class Tlp(models.TextChoices):
    """Traffic Light Protocol 2.0 labels (FIRST)."""

    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    AMBER_STRICT = "amber_strict", "TLP:AMBER+STRICT"
    RED = "red", "TLP:RED"


# Content under these labels may be kept by Enlace; anything else is delivered encrypted and forgotten.
TLP_CONTENT_KEPT = (Tlp.CLEAR, Tlp.GREEN)


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Audience(models.TextChoices):
    """Whom in the recipient State a communication is addressed to (a nominated role)."""

    TECHNICAL = RoleKind.TECHNICAL.value, _("Technical points of contact")
    DIPLOMATIC = RoleKind.DIPLOMATIC.value, _("Diplomatic points of contact")


class CommunicationStatus(models.TextChoices):
    SENT = "sent", _("Awaiting acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", pgettext_lazy("communication status", "Answered")


class EscalationTarget(models.TextChoices):
    DIPLOMATIC = "diplomatic", _("The recipient State's diplomatic points of contact")
    TECHNICAL = "technical", _("The recipient State's technical points of contact")
    COORDINATOR = "coordinator", _("The recipient State's national coordinator")


class EscalationStep(Timestamped):
    """One rung of a directory's escalation ladder: whom to tell, how long after the previous step."""

    directory = models.ForeignKey(Directory, on_delete=models.CASCADE, related_name="escalation_steps")
    position = models.PositiveSmallIntegerField(_("position in the list"))
    target = models.CharField(_("escalate to"), max_length=20, choices=EscalationTarget.choices)
    delay_hours = models.PositiveSmallIntegerField(
        _("delay (hours)"),
        help_text=_("Hours after the acknowledgement deadline (first step) or after the previous step."),
    )

    class Meta:
        verbose_name = _("escalation step")
        ordering = ["directory", "position"]
        constraints = [
            models.UniqueConstraint(fields=["directory", "position"], name="escalation_step_unique_position"),
            models.CheckConstraint(
                condition=Q(target__in=EscalationTarget.values), name="escalation_step_known_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_target_display()} (+{self.delay_hours} h)"


class ReminderSchedule(Timestamped):
    """When a directory reminds recipients of the deadlines; a directory without one uses these defaults."""

    directory = models.OneToOneField(Directory, on_delete=models.CASCADE, related_name="reminder_schedule")
    acknowledgement_at_half_time = models.BooleanField(
        _("remind at half time of the acknowledgement deadline"), default=True
    )
    acknowledgement_hours_before = models.PositiveSmallIntegerField(
        _("remind this many hours before the acknowledgement deadline"),
        default=2,
        help_text=_("0 for no such reminder."),
    )
    answer_reminder_days = models.CharField(
        _("answer reminders (days after sending)"),
        max_length=50,
        default="5,12",
        blank=True,
        validators=[validate_reminder_days],
        help_text=_("Whole days after sending, separated by commas, e.g. 5,12. Empty for none."),
    )

    class Meta:
        verbose_name = _("reminder schedule")

    @classmethod
    def of(cls, directory: Directory) -> "ReminderSchedule":
        """The directory's schedule, or the defaults (unsaved) if it has none."""
        return cls.objects.filter(directory=directory).first() or cls(directory=directory)

    @property
    def answer_days(self) -> list[int]:
        return parse_reminder_days(self.answer_reminder_days) if self.answer_reminder_days.strip() else []


class Deadlines(Timestamped):
    """A directory's deadlines for the communications sent in it: to acknowledge, and to answer.

    One per directory; a directory without one (created since) has these defaults until its manager saves its
    settings, which creates it. A communication copies them when it is sent (``acknowledge_by``, ``answer_by``).
    """

    directory = models.OneToOneField(
        Directory, on_delete=models.CASCADE, primary_key=True, related_name="deadlines", verbose_name=_("directory")
    )
    acknowledgement_hours = models.PositiveSmallIntegerField(
        _("acknowledgement deadline (hours)"), default=72, validators=[MinValueValidator(1)]
    )
    answer_days = models.PositiveSmallIntegerField(
        _("answer deadline (days)"), default=15, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("communication deadlines")
        verbose_name_plural = _("communication deadlines")
        constraints = [
            models.CheckConstraint(condition=Q(acknowledgement_hours__gte=1), name="deadlines_ack_hours_positive"),
            models.CheckConstraint(condition=Q(answer_days__gte=1), name="deadlines_answer_days_positive"),
        ]

    def __str__(self) -> str:
        return str(self.directory)

    @classmethod
    def of(cls, directory: Directory) -> "Deadlines":
        """The directory's deadlines, or the defaults (unsaved) if it has none; read with
        ``select_related("deadlines")``, this asks no query."""
        try:
            return directory.deadlines
        except cls.DoesNotExist:
            return cls(directory=directory)


class CommunicationQuerySet(RestrictedQuerySet):
    def received_by_states(self, state_ids) -> "CommunicationQuerySet":
        return self.filter(recipient_state_id__in=state_ids)

    def sent_by_states(self, state_ids) -> "CommunicationQuerySet":
        return self.filter(sender_state_id__in=state_ids)

    def received_by_contact(self, contact_id) -> "CommunicationQuerySet":
        """Delivered to this contact (as an addressee or by escalation)."""
        return self.filter(
            models.Exists(Recipient.objects.filter(communication=models.OuterRef("pk"), contact_id=contact_id))
        )

    def expecting_reply(self) -> "CommunicationQuerySet":
        """Originals (answers expect no acknowledgement or answer)."""
        return self.filter(in_reply_to__isnull=True)

    def needing_action(self, state_ids) -> "CommunicationQuerySet":
        """Received and not yet acknowledged, or acknowledged and not yet answered."""
        return (
            self.received_by_states(state_ids)
            .expecting_reply()
            .filter(status__in=[CommunicationStatus.SENT, CommunicationStatus.ACKNOWLEDGED])
        )

    def overdue(self, now) -> "CommunicationQuerySet":
        """Past a deadline it still awaits: not acknowledged by ``acknowledge_by``, or not answered by ``answer_by``."""
        return self.filter(
            Q(status=CommunicationStatus.SENT, acknowledge_by__lt=now)
            | Q(status=CommunicationStatus.ACKNOWLEDGED, answer_by__lt=now)
        )

    def with_next_due(self) -> "CommunicationQuerySet":
        """``next_due``: the acknowledgement deadline while unacknowledged, then the answer's; none once answered."""
        return self.annotate(
            next_due=models.Case(
                models.When(status=CommunicationStatus.SENT, then=models.F("acknowledge_by")),
                models.When(status=CommunicationStatus.ACKNOWLEDGED, then=models.F("answer_by")),
                default=models.Value(None),
                output_field=models.DateTimeField(),
            )
        )

    def real(self) -> "CommunicationQuerySet":
        """Not exercises: what statistics count."""
        return self.filter(is_exercise=False)


class Communication(Timestamped):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directory = models.ForeignKey(Directory, on_delete=models.PROTECT, related_name="communications")
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="communications")
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="answers", verbose_name=_("in reply to")
    )
    sender_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    recipient_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(_("addressed to"), max_length=20, choices=Audience.choices)
    tlp = models.CharField(_("TLP"), max_length=12, choices=Tlp.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    is_exercise = models.BooleanField(_("exercise"), default=False)
    language = models.CharField(_("language of the free text"), max_length=10)
    # Field values by name; only for TLP:CLEAR and TLP:GREEN (a constraint keeps it empty otherwise).
    content = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=15, choices=CommunicationStatus.choices, default=CommunicationStatus.SENT)
    sent_at = models.DateTimeField(_("sent"))
    # Deadlines of a communication that expects an acknowledgement and an answer; an answer expects neither.
    acknowledge_by = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    answer_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    objects = CommunicationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("communication")
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender_state=models.F("recipient_state")), name="communication_between_two_states"
            ),
            models.CheckConstraint(
                condition=Q(tlp__in=[tlp.value for tlp in TLP_CONTENT_KEPT]) | Q(content={}),
                name="communication_no_content_above_green",
            ),
            models.CheckConstraint(condition=Q(tlp__in=Tlp.values), name="communication_known_tlp"),
            models.CheckConstraint(
                condition=Q(status=CommunicationStatus.SENT, acknowledged_at__isnull=True)
                | Q(
                    status__in=[CommunicationStatus.ACKNOWLEDGED, CommunicationStatus.ANSWERED],
                    acknowledged_at__isnull=False,
                ),
                name="communication_acknowledged_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=CommunicationStatus.ANSWERED) | Q(answered_at__isnull=False),
                name="communication_answered_has_time",
            ),
            # An original communication has both deadlines; an answer (threaded to one) has none.
            models.CheckConstraint(
                condition=Q(in_reply_to__isnull=True, acknowledge_by__isnull=False, answer_by__isnull=False)
                | Q(in_reply_to__isnull=False, acknowledge_by__isnull=True, answer_by__isnull=True),
                name="communication_deadlines_unless_answer",
            ),
            models.CheckConstraint(condition=Q(urgency__in=Urgency.values), name="communication_known_urgency"),
            models.CheckConstraint(condition=Q(audience__in=Audience.values), name="communication_known_audience"),
        ]
        indexes = [
            models.Index(fields=["recipient_state", "status"], name="communication_inbox"),
            models.Index(fields=["sender_state", "-sent_at"], name="communication_sent"),
            models.Index(fields=["directory", "sent_at"], name="communication_statistics"),
            # The API's cursor pages (api.pagination): newest first by default, or by a deadline.
            models.Index(fields=["sent_at", "id"], name="communication_sent_at"),
            models.Index(fields=["acknowledge_by", "id"], name="communication_acknowledge_by"),
            models.Index(fields=["answer_by", "id"], name="communication_answer_by"),
        ]

    def __str__(self) -> str:
        return f"{self.template_version} {self.sender_state_id}→{self.recipient_state_id}"

    def get_absolute_url(self) -> str:
        return reverse("communications:detail", args=[self.code])

    @property
    def keeps_content(self) -> bool:
        return self.tlp in TLP_CONTENT_KEPT


class RecipientReason(models.TextChoices):
    ADDRESSEE = "addressee", _("Addressee")
    ESCALATION = "escalation", _("Escalation")


class Recipient(Timestamped):
    """Whom a communication was delivered to: a contact (addressee or reached by escalation), or a user
    (a national coordinator reached by escalation, the sender of the original an answer goes back to)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=12, choices=RecipientReason.choices, default=RecipientReason.ADDRESSEE)
    escalation_step = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=10)
    encrypted = models.BooleanField(default=False)
    # SHA-256 of the acknowledgement link's token (the token is derived, never stored).
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("recipient")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["communication", "contact"],
                condition=Q(contact__isnull=False),
                name="recipient_contact_once_per_communication",
            ),
            models.UniqueConstraint(
                fields=["communication", "user"],
                condition=Q(user__isnull=False),
                name="recipient_user_once_per_communication",
            ),
            models.CheckConstraint(
                condition=Q(contact__isnull=False, user__isnull=True) | Q(contact__isnull=True, user__isnull=False),
                name="recipient_contact_or_user",
            ),
            models.CheckConstraint(condition=Q(reason__in=RecipientReason.values), name="recipient_known_reason"),
        ]

    def __str__(self) -> str:
        return str(self.contact or self.user)

    @property
    def name(self) -> str:
        return str(self.contact or self.user)

    @property
    def time_zone(self) -> str:
        return (self.contact or self.user).time_zone


class EventKind(models.TextChoices):
    SENT = "sent", pgettext_lazy("communication event", "Sent")
    KEY_MISSING = "key_missing", _("Not sent to a recipient without an OpenPGP key")
    REMINDER = "reminder", _("Reminder sent")
    ESCALATED = "escalated", _("Escalated")
    ESCALATED_BY_HAND = "escalated_by_hand", _("Escalated by the sender")
    ESCALATION_EMPTY = "escalation_empty", _("Escalation step found no one to reach")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", pgettext_lazy("communication status", "Answered")


class Event(models.Model):
    """One line of a communication's timeline."""

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField()
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Names only (whom a step reached, which reminder); never content.
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("timeline event")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["communication", "at"], name="communication_event_timeline")]


class ActionKind(models.TextChoices):
    ACKNOWLEDGEMENT_REMINDER = "ack_reminder", _("Acknowledgement reminder")
    ANSWER_REMINDER = "answer_reminder", _("Answer reminder")
    ESCALATION = "escalation", _("Escalation")


class ActionQuerySet(models.QuerySet):
    def pending(self) -> "ActionQuerySet":
        return self.filter(done_at__isnull=True, cancelled=False)

    def due(self, now) -> "ActionQuerySet":
        return self.pending().filter(due_at__lte=now).order_by("due_at", "pk")


class ScheduledAction(models.Model):
    """A future step of a communication: done once by whichever worker claims it first."""

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    due_at = models.DateTimeField()
    step = models.PositiveSmallIntegerField(default=0)
    # For an escalation step: whom it reaches, copied from the ladder when the communication is sent,
    # so changing the ladder later does not change a communication under way.
    target = models.CharField(max_length=20, choices=EscalationTarget.choices, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduled step")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(done_at__isnull=True, cancelled=False), name="action_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["communication", "kind", "step"], name="action_once_per_step"),
            models.CheckConstraint(condition=Q(kind__in=ActionKind.values), name="action_known_kind"),
            models.CheckConstraint(
                condition=Q(kind=ActionKind.ESCALATION, target__in=EscalationTarget.values)
                | (~Q(kind=ActionKind.ESCALATION) & Q(target="")),
                name="action_escalation_has_target",
            ),
        ]
