"""The communication lists a page at a time, sorted on a chosen column, with their total.

"State" is the other side of the exchange: who sent what a State received (inbox, needs action),
to whom it sent (sent); it follows the State names in the reader's language (``directory.state_order``).
"""

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communications.models import CommunicationQuerySet, Urgency
from directory.state_order import StateOrderedRows
from enlace.listing import SortColumn, Sorting

PER_PAGE = 50

SORTING = Sorting(
    columns=(
        SortColumn("due", _("Due")),
        SortColumn("sent", pgettext_lazy("date sent", "Sent")),
        SortColumn("state", _("State")),
        SortColumn("urgency", _("Urgency")),
    ),
    default="due",
)

# Read as a list of what to do first: the ascending order starts with the most urgent.
URGENCY_RANK = Case(
    When(urgency=Urgency.CRITICAL, then=Value(0)),
    When(urgency=Urgency.HIGH, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


class CommunicationRows(StateOrderedRows):
    """The filtered communications of a list in sort order (by default: what is due soonest first)."""

    def ordering(self, key: str, descending: bool) -> list:
        def direction(column):
            return column.desc() if descending else column.asc()

        # What is due soonest first; the answered ones (and answers, which await nothing) last, newest first.
        due = [
            F("next_due").desc(nulls_last=True) if descending else F("next_due").asc(nulls_last=True),
            F("sent_at").asc() if descending else F("sent_at").desc(),
            F("pk").asc() if descending else F("pk").desc(),
        ]
        if key == "sent":
            return [direction(F("sent_at")), direction(F("pk"))]
        if key == "urgency":
            return [direction(URGENCY_RANK), *due]
        return due


def page_of(communications: CommunicationQuerySet, sort: str, descending: bool, number, *, state_field: str) -> Page:
    """The requested page (the last if past the end); ``state_field``: the other State's column."""
    rows = CommunicationRows(communications.with_next_due(), sort, descending, state_field=state_field)
    return Paginator(rows, PER_PAGE).get_page(number)
