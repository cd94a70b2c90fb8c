from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportExportConfig(AppConfig):
    name = "import_export"
    # The database and the migrations still know the app by its first name.
    label = "exchange"
    verbose_name = _("Import and export")

    def ready(self):
        from import_export import directory_pages, policies  # noqa: F401  (registers access rules and its links)
