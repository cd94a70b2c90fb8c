from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    name = "working_groups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        # Its access rules, and what it adds to the directory's pages and to calendars, are this app's own.
        from working_groups import calendar_entries, directory_pages, policies, space_policies  # noqa: F401
