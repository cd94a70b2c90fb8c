"""What learning adds to the directory's pages and the main navigation (``enlace.features``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features


def _learns_or_writes(principal, directory, context) -> bool:
    return bool(context.get("can_manage") or principal.is_coordinator or principal.is_point_of_contact)


def _has_roles(principal, obj, context) -> bool:
    return bool(principal.is_point_of_contact or principal.is_coordinator or principal.is_manager)


features.add_link(
    features.DIRECTORY_LINKS,
    features.Link(
        name="learning.list",
        label=_("Learning modules"),
        url=lambda directory: reverse("learning:list", args=[directory.slug]),
        shown=_learns_or_writes,
        order=60,
    ),
)

features.add_link(
    features.NAVIGATION,
    features.Link(
        name="learning.mine",
        label=_("Learning"),
        url=lambda obj: reverse("learning:mine"),
        shown=_has_roles,
        order=60,
    ),
)
