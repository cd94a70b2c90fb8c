from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from directory import audit, directory_pages, policies, receivers  # noqa: F401  (rules, change log, links)
        from directory.models import Contact, ContactEmail, ContactPhone, Institution
        from enlace import page_cache

        post_save.connect(receivers.contact_saved, sender=Contact, dispatch_uid="contact_search_text")
        post_save.connect(receivers.institution_saved, sender=Institution, dispatch_uid="institution_search_text")
        for part in (ContactEmail, ContactPhone):
            post_save.connect(receivers.contact_part_changed, sender=part, dispatch_uid=f"{part.__name__}_search_text")
            post_delete.connect(
                receivers.contact_part_changed, sender=part, dispatch_uid=f"{part.__name__}_search_deleted"
            )

        page_cache.watch(self.get_models())  # the public pages show this app's records
