"""The directory page's list of nominations: one page at a time, sorted on a chosen column, with its total.

Pages are numbered (``?page=3``) and read with ``LIMIT``/``OFFSET``: readers
jump to a page and keep its link, and the total is cheap — one grouped count
over the filtered nominations, on an index, which also gives each State's
share. Sorting by State follows the State's name in the reader's language,
which the database does not know (it stores the English name): the grouped
count is ordered in Python, and a page fetches only the States it spans, so
the sort key is a short ``CASE`` over a few States instead of a sort of every
row by a computed name.
"""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from directory import names
from directory.models import NominationQuerySet, State, verified_order
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


def _ordering(key: str, descending: bool) -> list:
    """The ORDER BY of a sort column; ties are broken by contact name and id so that pages never overlap."""
    if key == "state":
        fields = [F("state_rank"), F("role__position"), F("contact__name"), F("pk")]
    elif key == "role":
        fields = [F("role__position"), F("contact__name"), F("pk")]
    elif key == "name":
        fields = [F("contact__name"), F("pk")]
    else:
        # Never verified counts as the oldest (the key is indexed: ``contact_verified_name``).
        fields = [verified_order(prefix="contact__"), F("contact__name"), F("pk")]
    return [field.desc() if descending else field.asc() for field in fields]


class NominationRows(Sequence):
    """The filtered nominations in sort order, as a sized sequence a ``Paginator`` slices.

    Its length comes from one grouped count (per State); a slice runs one query for the rows it holds.
    """

    def __init__(self, nominations: NominationQuerySet, sort: str, descending: bool = False):
        self.nominations = nominations
        self.sort, self.descending = sort, descending
        # Counted on the nominations alone (an index-only scan), the States' names read after.
        counts = dict(nominations.order_by().values_list("state_id").annotate(count=Count("pk")))
        states = State.objects.filter(pk__in=counts).values_list("pk", "iso2", "english_name")
        order = sorted(states, key=lambda state: names.state_name(state[1], state[2]).casefold(), reverse=descending)
        self.state_counts = [(state_id, counts[state_id]) for state_id, _iso2, _name in order]
        self.total = sum(count for _state, count in self.state_counts)

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("NominationRows is read a page (a slice) at a time.")
        start, stop, _step = index.indices(self.total)
        if start >= stop:
            return []
        if self.sort != "state":
            return self._rows(self.nominations.order_by(*_ordering(self.sort, self.descending))[start:stop])
        # Only the States this slice spans, ranked in the reader's order; skip what earlier States fill.
        spanned, before, seen = [], 0, 0
        for state_id, count in self.state_counts:
            if seen + count > start and seen < stop:
                if not spanned:
                    before = seen
                spanned.append(state_id)
            seen += count
        rank = Case(
            *[When(state_id=state_id, then=Value(position)) for position, state_id in enumerate(spanned)],
            output_field=IntegerField(),
        )
        ordered = (
            self.nominations.filter(state_id__in=spanned)
            .annotate(state_rank=rank)
            .order_by(*_ordering("state", self.descending))
        )
        if self.descending:
            # The rank already counts down the reversed States; within a State the rows are reversed too.
            ordered = ordered.order_by(F("state_rank").asc(), *_ordering("state", True)[1:])
        return self._rows(ordered[start - before : stop - before])

    def _rows(self, ordered: NominationQuerySet) -> list:
        """The page's rows: their ids first (a narrow sort), then their details for those ids alone."""
        ids = list(ordered.values_list("pk", flat=True))
        rows = self.nominations.filter(pk__in=ids).in_bulk() if ids else {}
        return [rows[pk] for pk in ids]


def page_of(nominations: NominationQuerySet, sort: str, descending: bool, number) -> Page:
    """The requested page (the last one if past the end, the first if not a number)."""
    return Paginator(NominationRows(nominations, sort, descending), PER_PAGE).get_page(number)
