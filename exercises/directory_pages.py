"""What the exercises add to the directory's pages (``enlace.features``): a link to its exercises."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features


def _reads_exercises(principal, directory, context) -> bool:
    # Managers prepare them; coordinators control or play them; points of contact play them.
    return bool(context.get("can_manage") or principal.is_coordinator or principal.is_point_of_contact)


features.add_link(
    features.DIRECTORY_ACTIONS,
    features.Link(
        name="exercises.list",
        label=_("Exercises"),
        url=lambda directory: reverse("exercises:list", args=[directory.slug]),
        shown=_reads_exercises,
        order=40,
    ),
)
