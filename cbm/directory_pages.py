"""What the confidence-building measures add to the directory's pages (``enlace.features``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features

features.add_link(
    features.DIRECTORY_LINKS,
    features.Link(
        name="cbm.dashboard",
        label=_("Confidence-building measures"),
        url=lambda directory: reverse("cbm:dashboard", args=[directory.slug]),
        order=20,
    ),
)
features.add_link(
    features.PUBLIC_DIRECTORY_LINKS,
    features.Link(
        name="cbm.public",
        label=_("Confidence-building measures"),
        url=lambda directory: reverse("cbm:public", args=[directory.slug]),
        order=20,
    ),
)
