from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PingsConfig(AppConfig):
    name = "pings"
    verbose_name = _("Ping tests")

    def ready(self) -> None:
        from pings import calendar_entries, directory_pages, policies  # noqa: F401  (its rules, links and dates)
        from pings.api import directory_fields  # noqa: F401  (its field of a directory in the API)
