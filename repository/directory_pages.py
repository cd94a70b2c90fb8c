"""What the repository adds to the directory's pages (``enlace.features``): a directory's documents, its
public documents (where it publishes its participants) and a State's documents."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features

features.add_link(
    features.DIRECTORY_LINKS,
    features.Link(
        name="repository.documents",
        label=_("Policy documents"),
        url=lambda directory: reverse("repository:documents", args=[directory.slug]),
        order=10,
    ),
)
features.add_link(
    features.PUBLIC_DIRECTORY_LINKS,
    features.Link(
        name="repository.public",
        label=_("Policy documents"),
        url=lambda directory: reverse("repository:public", args=[directory.slug]),
        # The public documents are listed by State: a directory that keeps its participants to itself has none.
        shown=lambda principal, directory, context: directory.publishes_participants,
        order=10,
    ),
)
features.add_link(
    features.STATE_ACTIONS,
    features.Link(
        name="repository.state",
        label=_("Policy documents"),
        url=lambda state: reverse("repository:state", args=[state.iso3]),
        order=10,
    ),
)
