"""What the calendars add to the pages of others (``enlace.features``): "My calendar" in the main navigation, and the
public calendar's address on a directory's public page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features


def _acts_in_a_network(principal, obj, context) -> bool:
    return principal.is_manager or principal.is_coordinator or principal.is_point_of_contact


features.add_link(
    features.NAVIGATION,
    features.Link(
        name="calendars.mine",
        label=_("My calendar"),
        url=lambda obj: reverse("calendars:mine"),
        shown=_acts_in_a_network,
        order=60,
    ),
)
features.add_link(
    features.PUBLIC_DIRECTORY_LINKS,
    features.Link(
        name="calendars.public",
        label=_("Public calendar (iCalendar)"),
        url=lambda directory: reverse("calendars:directory_feed", args=[directory.slug]),
        order=60,
    ),
)
