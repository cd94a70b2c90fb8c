from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # Its access rules, and what it adds to the directory's pages, are this app's own.
        from enlace import page_cache
        from surveys import directory_pages, policies  # noqa: F401

        # The directory's public page links to the survey reports it publishes: a survey's change refreshes it.
        page_cache.watch([self.get_model("Survey")])
