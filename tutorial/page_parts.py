"""What the tour adds to every signed-in page (``enlace.features``): "Help" in the main navigation, and the
offer to take the tour above the content until the user finishes it or puts it aside."""

from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features
from tutorial.services import OFFER_SESSION_KEY
from tutorial.tracks import tracks_for


def offer(principal, obj, page_context: Mapping) -> Mapping | None:
    """The offer's context, or None. Runs on every page: it reads the session and the principal (both loaded
    already), never the database."""
    request = page_context.get("request")
    if request is None or principal is None or not request.session.get(OFFER_SESSION_KEY):
        return None
    match = getattr(request, "resolver_match", None)
    if match is not None and match.app_name == "tutorial":
        return None  # taking the tour, or reading the help: no need to offer it
    tracks = tracks_for(principal)
    if not tracks:
        return None
    return {"tutorial_offer_track": tracks[0]}


features.add_link(
    features.NAVIGATION,
    features.Link(name="tutorial.help", label=_("Help"), url=lambda obj: reverse("tutorial:index"), order=900),
)
features.add_fragment(
    features.PAGE_NOTICES,
    features.Fragment(name="tutorial.offer", template="tutorial/_offer.html", context=offer, order=10),
)
