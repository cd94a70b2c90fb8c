from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessKind(models.TextChoices):
    WORKER = "worker", _("Task worker")
    SCHEDULER = "scheduler", _("Scheduler")


class Heartbeat(models.Model):
    """When a background process last showed it was running: one row per kind of process, written over and
    over (any worker keeps the worker's row fresh), so the table never grows."""

    process = models.CharField(_("process"), max_length=20, choices=ProcessKind.choices, primary_key=True)
    beaten_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.process} {self.beaten_at:%Y-%m-%dT%H:%M:%S}"
