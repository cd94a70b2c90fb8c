from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CbmConfig(AppConfig):
    name = "cbm"
    verbose_name = _("Confidence-building measures")

    def ready(self) -> None:
        from cbm import policies  # noqa: F401  (registers access rules)
