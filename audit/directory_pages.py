"""What the change log adds to the directory's pages (``enlace.features``): a State's and a contact's
changes, for those who may read them."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features

features.add_link(
    features.STATE_ACTIONS,
    features.Link(
        name="audit.state_changes",
        label=_("Change log"),
        url=lambda state: f"{reverse('audit:change_log')}?{urlencode({'state': state.iso3})}",
        order=30,
        emphasis="secondary",
    ),
)
features.add_link(
    features.CONTACT_LINKS,
    features.Link(
        name="audit.contact_changes",
        label=_("Change history of this contact"),
        url=lambda contact: f"{reverse('audit:change_log')}?{urlencode({'contact': contact.code})}",
        shown=lambda principal, contact, context: principal.is_manager or principal.is_coordinator,
        order=10,
    ),
)
