from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepositoryConfig(AppConfig):
    name = "repository"
    verbose_name = _("Policy and legislation repository")

    def ready(self) -> None:
        from enlace import page_cache
        from repository import audit, directory_pages, policies  # noqa: F401  (rules, change log, links)

        page_cache.watch(self.get_models())  # the public pages show this app's records
