"""What import and export add to a directory's list of nominations (``enlace.features``): the downloads
(the page's filters are added to their addresses) and the imports, for those who may run them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features

DOWNLOADS = [
    ("csv", _("CSV")),
    ("xlsx", _("Excel (XLSX)")),
    ("json", _("exchange file (JSON)")),
    ("vcf", _("address book (vCard)")),
]

for position, (file_format, label) in enumerate(DOWNLOADS, start=1):
    features.add_link(
        features.NOMINATION_DOWNLOADS,
        features.Link(
            name=f"exchange.export.{file_format}",
            label=label,
            url=lambda directory, fmt=file_format: reverse("import_export:export", args=[directory.slug, fmt]),
            order=10 * position,
        ),
    )
features.add_link(
    features.NOMINATION_IMPORTS,
    features.Link(
        name="exchange.import_spreadsheet",
        label=_("Import a spreadsheet"),
        url=lambda directory: reverse("import_export:import_spreadsheet", args=[directory.slug]),
        shown=lambda principal, directory, context: bool(context.get("can_manage") or principal.is_coordinator),
        order=10,
    ),
)
features.add_link(
    features.NOMINATION_IMPORTS,
    features.Link(
        name="exchange.import",
        label=_("Import from another directory"),
        url=lambda directory: reverse("import_export:import", args=[directory.slug]),
        shown=lambda principal, directory, context: bool(context.get("can_manage")),
        order=20,
    ),
)
