"""What the events add to the directory's pages (``enlace.features``): a link to the directory's events."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features


def _reads_events(principal, directory, context) -> bool:
    # Managers prepare them; the participating States' coordinators and points of contact are invited.
    return bool(context.get("can_manage") or principal.is_coordinator or principal.is_point_of_contact)


features.add_link(
    features.DIRECTORY_LINKS,
    features.Link(
        name="events.list",
        label=_("Events"),
        url=lambda directory: reverse("events:list", args=[directory.slug]),
        shown=_reads_events,
        order=50,
    ),
)
