"""What communication templates add to the directory's pages (``enlace.features``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features

features.add_link(
    features.DIRECTORY_SETTINGS_LINKS,
    features.Link(
        name="communication_templates.templates",
        label=_("Communication templates"),
        url=lambda directory: reverse("communication_templates:templates", args=[directory.slug]),
        order=10,
    ),
)
