from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CbmConfig(AppConfig):
    name = "cbm"
    verbose_name = _("Confidence-building measures")

    def ready(self) -> None:
        from cbm import audit, policies  # noqa: F401  (registers rules and the change log)
        from enlace import page_cache

        page_cache.watch(self.get_models())  # the public pages show this app's records
