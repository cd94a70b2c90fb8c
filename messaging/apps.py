from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Communication templates")

    def ready(self) -> None:
        from directory.models import Directory
        from messaging import directory_pages, policies  # noqa: F401  (registers access rules and its links)
        from messaging.receivers import give_new_directory_the_standard_templates

        post_save.connect(
            give_new_directory_the_standard_templates, sender=Directory, dispatch_uid="messaging_standard_templates"
        )
