from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CbmConfig(AppConfig):
    name = "cbm"
    verbose_name = _("Confidence-building measures")

    def ready(self) -> None:
        from cbm import audit, directory_pages, policies  # noqa: F401  (rules, change log, links)
        from enlace import page_cache

        page_cache.watch(self.get_models())  # the public pages show this app's records
