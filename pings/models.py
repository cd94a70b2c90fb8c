"""Ping tests: rounds that ask every nominated contact to confirm it answers and its data is current."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.restriction import RestrictedQuerySet
from directory.models import Directory, Timestamped, parse_reminder_days, validate_reminder_days


class RoundStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RoundTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Started on schedule")
    MANUAL = "manual", _("Started by the manager")


class PingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    CONFIRMED = "confirmed", _("Reachable, data correct")
    CHANGES = "changes", _("Reachable, data needs changes")
    UNREACHABLE = "unreachable", _("Unreachable")


class Channel(models.TextChoices):
    LINK = "link", _("E-mailed link")
    CODE = "code", _("Code typed on the confirmation page")
    DASHBOARD = "dashboard", _("Signed in to Enlace")
    PHONE = "phone", _("Telephone (recorded by the manager)")
    NOTE_VERBALE = "note_verbale", _("Note verbale (recorded by the manager)")
    OTHER = "other", _("Other channel (recorded by the manager)")


MANAGER_CHANNELS = [Channel.PHONE, Channel.NOTE_VERBALE, Channel.OTHER]
ANSWERED = [PingStatus.CONFIRMED, PingStatus.CHANGES]


class PingSchedule(Timestamped):
    """A directory's ping test rules: how often a round starts, how long it stays open, when it reminds.

    One per directory; a directory without one (created since) follows these defaults until its manager saves
    its settings, which creates it.
    """

    directory = models.OneToOneField(
        Directory, on_delete=models.CASCADE, primary_key=True, related_name="ping_schedule", verbose_name=_("directory")
    )
    ping_interval_months = models.PositiveSmallIntegerField(
        _("ping test interval (months)"),
        validators=[MinValueValidator(1)],
        default=6,
        help_text=_("How often every contact is asked to confirm that it is reachable and its details are current."),
    )
    ping_round_days = models.PositiveSmallIntegerField(
        _("ping test round length (days)"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_("Links stop working and unanswered contacts are marked unreachable when the round closes."),
    )
    ping_reminder_days = models.CharField(
        _("ping test reminders (days after sending)"),
        max_length=50,
        default="3,7",
        validators=[validate_reminder_days],
        help_text=_("Whole days after the first message, separated by commas, e.g. 3,7."),
    )

    class Meta:
        verbose_name = _("ping test schedule")
        constraints = [
            models.CheckConstraint(condition=Q(ping_interval_months__gte=1), name="pings_schedule_interval_positive"),
        ]

    def __str__(self) -> str:
        return str(self.directory)

    @classmethod
    def of(cls, directory: Directory) -> "PingSchedule":
        """The directory's schedule, or the defaults (unsaved) if it has none; read with
        ``select_related("ping_schedule")``, this asks no query."""
        try:
            return directory.ping_schedule
        except cls.DoesNotExist:
            return cls(directory=directory)

    @property
    def reminder_days(self) -> list[int]:
        return parse_reminder_days(self.ping_reminder_days)


class PingRoundQuerySet(RestrictedQuerySet):
    def not_closed(self) -> "PingRoundQuerySet":
        return self.exclude(status=RoundStatus.CLOSED)

    def due_to_close(self, now) -> "PingRoundQuerySet":
        return self.filter(status=RoundStatus.OPEN, closes_at__lte=now)


class PingRound(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directory = models.ForeignKey(
        "directory.Directory", on_delete=models.PROTECT, related_name="ping_rounds", verbose_name=_("directory")
    )
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.SENDING)
    trigger = models.CharField(_("started"), max_length=10, choices=RoundTrigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Copied from the directory when the round starts, so changing the settings later
    # does not change a round under way.
    reminder_days = models.JSONField(default=list)
    total = models.PositiveIntegerField(_("pings"), default=0)
    # The manager may publish the round's anonymised report to the participating States.
    report_published = models.BooleanField(_("anonymised report published"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("ping test round")
        verbose_name_plural = _("ping test rounds")
        constraints = [
            # At most one round under way per directory: the scheduler and a manager
            # starting one by hand at the same moment cannot both succeed.
            models.UniqueConstraint(
                fields=["directory"], condition=~Q(status=RoundStatus.CLOSED), name="ping_round_one_open_per_directory"
            ),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("started_at")), name="ping_round_closes_later"),
            models.CheckConstraint(
                condition=Q(status=RoundStatus.CLOSED, closed_at__isnull=False)
                | (~Q(status=RoundStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="ping_round_closed_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["closes_at"], condition=Q(status=RoundStatus.OPEN), name="ping_round_due_to_close"),
            # The API's cursor pages (api.pagination).
            models.Index(fields=["created", "id"], name="ping_round_created"),
            models.Index(fields=["started_at", "id"], name="ping_round_started_at"),
        ]

    def __str__(self) -> str:
        return f"{self.directory} – {self.started_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("pings:round", args=[self.code])

    @property
    def is_open(self) -> bool:
        return self.status != RoundStatus.CLOSED and self.closes_at > timezone.now()


class PingQuerySet(RestrictedQuerySet):
    def pending(self) -> "PingQuerySet":
        return self.filter(status=PingStatus.PENDING)

    def answered(self) -> "PingQuerySet":
        return self.filter(status__in=ANSWERED)

    def reminders_due(self, now) -> "PingQuerySet":
        return self.filter(
            status=PingStatus.PENDING, next_reminder_at__lte=now, round__status=RoundStatus.OPEN
        ).order_by("next_reminder_at")

    def unsent(self) -> "PingQuerySet":
        return self.filter(sent_at__isnull=True)


class Ping(models.Model):
    """One contact's ping in one round, covering all its active nominations in the directory."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: the (round, contact) constraint's index, which starts with the round, serves.
    round = models.ForeignKey(PingRound, on_delete=models.CASCADE, related_name="pings", db_index=False)
    contact = models.ForeignKey("directory.Contact", on_delete=models.PROTECT, related_name="pings")
    # Denormalised for per-State results and access rules.
    state = models.ForeignKey("directory.State", on_delete=models.PROTECT, related_name="+")
    nominations = models.ManyToManyField("directory.Nomination", related_name="pings")
    # Lookup keys for the e-mailed link and the typed code: hashes only (see tokens.links). Unique by
    # constraint rather than unique=True, which on PostgreSQL adds a LIKE index that no query uses.
    token_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=10)
    encrypted = models.BooleanField(_("sent encrypted"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=PingStatus.choices, default=PingStatus.PENDING)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=15, choices=Channel.choices, blank=True)
    mailbox_attested = models.BooleanField(_("mailbox monitored (attested)"), default=False)
    reported_changes = models.TextField(_("changes reported"), blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    next_reminder_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PingQuerySet.as_manager()

    class Meta:
        ordering = ["round", "state", "contact"]
        verbose_name = _("ping")
        constraints = [
            models.UniqueConstraint(fields=["round", "contact"], name="ping_one_per_contact_per_round"),
            models.UniqueConstraint(fields=["token_hash"], name="ping_token_hash_unique"),
            models.UniqueConstraint(fields=["code_hash"], name="ping_code_hash_unique"),
            models.CheckConstraint(
                condition=Q(status__in=[PingStatus.PENDING, PingStatus.UNREACHABLE], answered_at__isnull=True)
                | Q(status__in=ANSWERED, answered_at__isnull=False),
                name="ping_answered_has_time",
            ),
            models.CheckConstraint(condition=~Q(status__in=ANSWERED) | ~Q(channel=""), name="ping_answer_has_channel"),
        ]
        indexes = [
            models.Index(fields=["next_reminder_at"], condition=Q(status=PingStatus.PENDING), name="ping_reminder_due"),
            # A round's page sorted by status (then answer time) reads this in order; its per-status counts too.
            models.Index(fields=["round", "status", "answered_at", "id"], name="ping_round_status_answered"),
            # A round's page sorted by State (the States one page spans) or showing one State.
            models.Index(fields=["round", "state"], name="ping_round_state"),
            # A round's page with the latest answers first has an index on PostgreSQL only (SQLite has no
            # NULLS LAST in an index): see migration 0005.
            # Sending takes the next unsent pings of a round in id order; without this index each
            # chunk would first walk past every ping already sent.
            models.Index(fields=["round", "id"], condition=Q(sent_at__isnull=True), name="ping_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.round})"

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED


class MessageKind(models.TextChoices):
    PING = "ping", _("Ping")
    REMINDER = "reminder", _("Reminder")


class PingMessage(models.Model):
    """One e-mail of a ping to one of the contact's addresses; its delivery lives in the outbox."""

    ping = models.ForeignKey(Ping, on_delete=models.CASCADE, related_name="messages")
    email = models.OneToOneField("delivery.OutboundEmail", on_delete=models.CASCADE, related_name="ping_message")
    kind = models.CharField(max_length=10, choices=MessageKind.choices)

    class Meta:
        verbose_name = _("ping message")
