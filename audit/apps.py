from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Change log")

    def ready(self) -> None:
        from audit import directory_pages, policies  # noqa: F401  (registers access rules and its links)
