from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Import and export")

    def ready(self):
        from exchange import directory_pages, policies  # noqa: F401  (registers access rules and its links)
