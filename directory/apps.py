from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from directory import audit, policies  # noqa: F401  (registers rules and the change log)
        from enlace import page_cache

        page_cache.watch(self.get_models())  # the public pages show this app's records
