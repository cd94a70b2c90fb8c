"""A list of rows that belong to States, read a page at a time, one of its orders being the States' names.

A State's name is sorted in the reader's language, which the database does not
know (it stores the English name). So the rows are counted once per State (one
grouped count, which also gives the list's total), the States are put in order
in Python, and a page sorted by State fetches only the States it spans: the
sort key is a short ``CASE`` over those few States instead of a sort of every
row by a computed name. Any other order is plain ``ORDER BY``.

A page's rows are read in two steps: their ids in order first (a narrow sort),
then their details (joins, prefetches) for those ids alone.

The directory page's nominations, a ping round's pings, the communications and
the policy documents are such lists: each declares its orders in a subclass.
"""

from collections.abc import Sequence

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When

from directory import names
from directory.models import State


class StateOrderedRows(Sequence):
    """The rows of a queryset in one of a list's orders, as a sized sequence a ``Paginator`` slices.

    Its length comes from one grouped count (per State); a slice runs two queries (ids, then details).
    """

    #: The rows' State (a column, or a path such as ``"institution__state_id"``).
    state_field = "state_id"

    def __init__(
        self,
        rows: QuerySet,
        sort: str,
        descending: bool = False,
        *,
        state_field: str | None = None,
        counts: dict[int, int] | None = None,
    ):
        """``counts``: the rows per State, when the caller has counted them already (one scan fewer)."""
        self.rows = rows
        self.state_field = state_field or self.state_field
        self.sort, self.descending = sort, descending
        if counts is None:
            # Counted on the rows alone (on an index where there is one), the States' names read after.
            counts = dict(rows.order_by().values_list(self.state_field).annotate(count=Count("pk")))
        states = State.objects.filter(pk__in=counts).values_list("pk", "iso2", "english_name")
        order = sorted(states, key=lambda state: names.state_sort_key(state[1], state[2]), reverse=descending)
        self.state_counts = [(state_id, counts[state_id]) for state_id, _iso2, _name in order]
        self.total = sum(count for _state, count in self.state_counts)

    def ordering(self, key: str, descending: bool) -> list:
        """The ORDER BY of the sort column ``key``, ending with a unique column so that pages never overlap.

        For ``"state"`` it is the order within one State (the States' own order comes before it).
        """
        raise NotImplementedError

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError(f"{type(self).__name__} is read a page (a slice) at a time.")
        start, stop, _step = index.indices(self.total)
        if start >= stop:
            return []
        if self.sort != "state":
            return self._rows(self.rows.order_by(*self.ordering(self.sort, self.descending))[start:stop])
        # Only the States this slice spans, ranked in the reader's order; skip what earlier States fill.
        spanned, before, seen = [], 0, 0
        for state_id, count in self.state_counts:
            if seen + count > start and seen < stop:
                if not spanned:
                    before = seen
                spanned.append(state_id)
            seen += count
        rank = Case(
            *[When(**{self.state_field: state_id}, then=Value(position)) for position, state_id in enumerate(spanned)],
            output_field=IntegerField(),
        )
        # The rank already counts down the States when descending; within a State the rows follow the column's order.
        ordered = (
            self.rows.filter(**{f"{self.state_field}__in": spanned})
            .annotate(state_rank=rank)
            .order_by(F("state_rank").asc(), *self.ordering("state", self.descending))
        )
        return self._rows(ordered[start - before : stop - before])

    def _rows(self, ordered: QuerySet) -> list:
        """The page's rows: their ids first (a narrow sort), then their details for those ids alone."""
        ids = list(ordered.values_list("pk", flat=True))
        rows = self.rows.filter(pk__in=ids).in_bulk() if ids else {}
        return [rows[pk] for pk in ids]
