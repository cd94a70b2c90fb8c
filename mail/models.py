"""The outbox: every e-mail Enlace sends is a row here first, then a worker delivers it."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", pgettext_lazy("e-mail delivery status", "Sent")
    FAILED = "failed", _("Failed")


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now) -> "OutboundEmailQuerySet":
        return self.filter(status=EmailStatus.QUEUED, next_attempt_at__lte=now).order_by("next_attempt_at")


class SharedBody(models.Model):
    """The text and HTML that every copy of a mail-merged message shares (a ping round's message).

    Placeholders (``mail.placeholders``) stand where each recipient's own
    values go; an outbox row keeps only those values, and delivery fills them
    in. One row per distinct body (``digest``), however many messages use it.
    """

    digest = models.CharField(max_length=64, unique=True)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shared message text")

    def __str__(self) -> str:
        return self.digest[:12]


class OutboundEmail(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(_("purpose"), max_length=50, help_text=_("What the message is for, e.g. invitation."))
    to_address = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    # A mail-merged message: the shared body, and this recipient's values for its placeholders.
    shared_body = models.ForeignKey(SharedBody, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    merge_values = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10)
    # Bodies carrying a secret (a sign-in link, an encrypted communication) are blanked once the
    # message has been delivered or given up on, so a copy of the database cannot replay them.
    sensitive = models.BooleanField(default=False)
    # The body is an ASCII-armoured OpenPGP message, sent as PGP/MIME (RFC 3156).
    pgp_encrypted = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound e-mail")
        indexes = [
            # The worker's only question: what is due now, oldest first.
            models.Index(fields=["next_attempt_at"], condition=Q(status=EmailStatus.QUEUED), name="outbound_email_due"),
            # The few messages that could not be delivered (a ping round's page lists their pings).
            models.Index(fields=["id"], condition=Q(status=EmailStatus.FAILED), name="outbound_email_failed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.QUEUED) | Q(next_attempt_at__isnull=False),
                name="outbound_email_queued_has_due_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.SENT) | Q(sent_at__isnull=False),
                name="outbound_email_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(sensitive=False)
                | Q(status__in=[EmailStatus.QUEUED, EmailStatus.SENDING])
                | Q(body_text="", body_html="", merge_values={}),
                name="outbound_email_sensitive_scrubbed_when_done",
            ),
            models.CheckConstraint(
                condition=Q(shared_body__isnull=True) | Q(body_text="", body_html=""),
                name="outbound_email_merged_body_is_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} to {self.to_address}"


class DeliveryAttempt(models.Model):
    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="delivery_attempts")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    succeeded = models.BooleanField()
    permanent_failure = models.BooleanField(default=False)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        ordering = ["started_at"]


class UndeliverableAddress(models.Model):
    """An address the mail server refused permanently (a 5xx answer): shown wherever it is used."""

    address = models.EmailField(unique=True)
    reason = models.TextField()
    since = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("undeliverable address")

    def __str__(self) -> str:
        return self.address

    @classmethod
    def record(cls, address: str, reason: str) -> None:
        cls.objects.update_or_create(address=address.lower(), defaults={"reason": reason})

    @classmethod
    def clear(cls, address: str) -> None:
        """A later successful delivery (or a corrected address) lifts the mark."""
        cls.objects.filter(address=address.lower()).delete()
