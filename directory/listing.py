"""The directory page's list of nominations: one page at a time, sorted on a chosen column, with its total.

Pages are numbered (``?page=3``) and read with ``LIMIT``/``OFFSET``: readers
jump to a page and keep its link, and the total is cheap — one grouped count
over the filtered nominations, on an index, which also gives each State's
share. Sorting by State follows the State's name in the reader's language
(``directory.state_order``).
"""

from django.core.paginator import Page, Paginator
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from directory.models import NominationQuerySet, verified_order
from directory.state_order import StateOrderedRows
from enlace.listing import SortColumn, Sorting

PER_PAGE = 50


SORTING = Sorting(
    columns=(
        SortColumn("state", _("State")),
        SortColumn("role", _("Role")),
        SortColumn("name", _("Contact")),
        SortColumn("verified", _("Last verified")),
    ),
    default="state",
)


class NominationRows(StateOrderedRows):
    """The filtered nominations in sort order (by default: State, then role, then contact name)."""

    def ordering(self, key: str, descending: bool) -> list:
        """Ties are broken by contact name and id so that pages never overlap."""
        if key in ("state", "role"):
            fields = [F("role__position"), F("contact__name"), F("pk")]
        elif key == "name":
            fields = [F("contact__name"), F("pk")]
        else:
            # Never verified counts as the oldest (the key is indexed: ``contact_verified_name``).
            fields = [verified_order(prefix="contact__"), F("contact__name"), F("pk")]
        return [field.desc() if descending else field.asc() for field in fields]


def page_of(nominations: NominationQuerySet, sort: str, descending: bool, number) -> Page:
    """The requested page (the last one if past the end, the first if not a number)."""
    return Paginator(NominationRows(nominations, sort, descending), PER_PAGE).get_page(number)
