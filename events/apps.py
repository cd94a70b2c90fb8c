from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Its access rules, and what it adds to the directory's pages, are this app's own.
        from events import directory_pages, policies  # noqa: F401
