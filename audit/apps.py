from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Change log")

    def ready(self) -> None:
        from auditlog.models import LogEntry
        from django.db.models.signals import post_save

        from audit import directory_pages, policies  # noqa: F401  (registers access rules and its links)
        from audit.chain import entry_written

        post_save.connect(entry_written, sender=LogEntry, dispatch_uid="audit.chain")
