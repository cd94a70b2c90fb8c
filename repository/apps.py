from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepositoryConfig(AppConfig):
    name = "repository"
    verbose_name = _("Policy and legislation repository")

    def ready(self) -> None:
        from repository import audit, policies  # noqa: F401  (registers rules and the change log)
