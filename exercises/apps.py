from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = _("Exercises")

    def ready(self) -> None:
        # Its access rules, and what it adds to the directory's pages and to calendars, are this app's own.
        from exercises import calendar_entries, directory_pages, policies  # noqa: F401
