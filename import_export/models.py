"""An import job: an uploaded file kept on the server between its dry run and its application."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.restriction import RestrictedQuerySet

# How long an uploaded file (contact data) is kept when it is not applied.
JOB_LIFETIME = timedelta(days=1)


def _expiry():
    return timezone.now() + JOB_LIFETIME


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    APPLYING = "applying", _("Importing")
    APPLIED = "applied", _("Imported")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("Exchange file")
        SPREADSHEET = "spreadsheet", _("Spreadsheet")

    Status = ImportStatus

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    directory = models.ForeignKey("directory.Directory", on_delete=models.CASCADE, related_name="import_jobs")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    retire_missing = models.BooleanField(default=False)
    # Apply as soon as the check finds no problem (the upload form's "apply" box), or when its owner asks.
    apply_requested = models.BooleanField(default=False)
    language = models.CharField(max_length=16, default="en")
    # The uploaded file; emptied once applied (it holds personal data) and the job deleted at expiry.
    data = models.BinaryField(null=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    # {"applied": bool, "outcomes": [...]} or {"problems": [...]}: what the page shows.
    report = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    expires = models.DateTimeField(default=_expiry, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("file import")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ImportStatus.values), name="import_job_status_known")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.APPLYING) or (
            self.status == self.Status.CHECKED and self.apply_requested
        )
