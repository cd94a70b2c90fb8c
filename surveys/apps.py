from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # Its access rules, and what it adds to the directory's pages, are this app's own.
        from surveys import directory_pages, policies  # noqa: F401
