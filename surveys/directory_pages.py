"""What the surveys add to the directory's pages (``enlace.features``): a link to the directory's surveys."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features


def _reads_surveys(principal, directory, context) -> bool:
    # Managers build them; the participating States' coordinators and points of contact answer them.
    return bool(context.get("can_manage") or principal.is_coordinator or principal.is_point_of_contact)


features.add_link(
    features.DIRECTORY_LINKS,
    features.Link(
        name="surveys.list",
        label=_("Surveys"),
        url=lambda directory: reverse("surveys:list", args=[directory.slug]),
        shown=_reads_surveys,
        order=55,
    ),
)
