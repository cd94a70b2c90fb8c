"""The directory's own buttons beside a directory's name, among those the features add (``enlace.features``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features


def _manages(principal, directory, context) -> bool:
    return bool(context.get("can_manage"))


features.add_link(
    features.DIRECTORY_ACTIONS,
    features.Link(
        name="directory.all_nominations",
        label=_("All nominations"),
        url=lambda directory: reverse("directory:manager_nominations", args=[directory.slug]),
        shown=_manages,
        order=20,
    ),
)
features.add_link(
    features.DIRECTORY_ACTIONS,
    features.Link(
        name="directory.settings",
        label=_("Settings"),
        url=lambda directory: reverse("directory:settings", args=[directory.slug]),
        shown=_manages,
        order=90,
        emphasis="secondary",
    ),
)
