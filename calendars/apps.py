from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "calendars"
    verbose_name = _("Calendars")

    def ready(self) -> None:
        # Its access rules, and its links in the navigation and on the public directory page, are this app's own.
        from calendars import navigation, policies  # noqa: F401
