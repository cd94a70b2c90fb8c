"""What accounts add to the directory's pages (``enlace.features``): a State's user accounts."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features

features.add_link(
    features.STATE_ACTIONS,
    features.Link(
        name="accounts.state_users",
        label=_("User accounts"),
        url=lambda state: reverse("accounts:state_users", args=[state.iso3]),
        order=20,
    ),
)
