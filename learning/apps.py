from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning modules")

    def ready(self) -> None:
        # Its access rules, and what it adds to the directory's pages and the navigation, are this app's own.
        from learning import directory_pages, policies  # noqa: F401
