from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CommunicationTemplatesConfig(AppConfig):
    name = "communication_templates"
    # The database and the migrations still know the app by its first name.
    label = "messaging"
    verbose_name = _("Communication templates")

    def ready(self) -> None:
        from communication_templates import directory_pages, policies  # noqa: F401  (registers access rules and its links)
        from communication_templates.receivers import give_new_directory_the_standard_templates
        from directory.models import Directory

        post_save.connect(
            give_new_directory_the_standard_templates, sender=Directory, dispatch_uid="messaging_standard_templates"
        )
