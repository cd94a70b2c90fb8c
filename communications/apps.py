from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Communications")

    def ready(self) -> None:
        from communications import calendar_entries, directory_pages, policies  # noqa: F401  (its rules, links, dates)
        from communications.api import directory_fields  # noqa: F401  (its fields of a directory in the API)
        from communications.receivers import give_new_directory_the_default_ladder
        from directory.models import Directory

        post_save.connect(
            give_new_directory_the_default_ladder, sender=Directory, dispatch_uid="communications_default_ladder"
        )
