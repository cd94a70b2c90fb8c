"""The search page's contacts: a page at a time, sorted on a chosen column, with a total counted up to a cap.

Pages are numbered (``?page=3``) and read with ``LIMIT``/``OFFSET`` in the chosen order. A broad
term can find tens of thousands of contacts; counting them all would cost as much as the search
itself, and no one reads that far: the total is counted up to ``COUNT_CAP`` ("more than 1,000
contacts") and only the first ``COUNT_CAP`` results, in the chosen order, are paged — a reader
who needs others refines the term. So no page reads more than ``COUNT_CAP`` rows, whatever the term.

Sorting by State follows the State's name in the reader's language, which the database does not
know (it stores the English name): the States are ranked in Python and each contact's place in that
ranking is computed by the query (``Position``) from its institution's State.

The lines of a page and the institutions listed are read as values and handed to the template as
what it shows (link, labels, the State's name): the search answers every keystroke of a live
search, and building model instances, reversing a URL and looking up a State's name line by line
cost more than the queries themselves.
"""

import functools
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cached_property
from html import escape

from django.core.paginator import Page, Paginator
from django.db.models import F, Func, IntegerField, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from access.principal import Principal
from directory import names
from directory.models import Contact, Institution, State, verified_order
from directory.search import contact_matches, institution_matches
from enlace.dates import long_date
from enlace.listing import SortColumn, Sorting, Total, capped_count

PER_PAGE = 50
COUNT_CAP = 1000
# Institutions are listed below the contacts, up to this many (one more is read to know there are more).
INSTITUTIONS_SHOWN = 50

SORTING = Sorting(
    columns=(
        SortColumn("name", _("Contact")),
        SortColumn("state", _("State")),
        SortColumn("verified", _("Last verified")),
    ),
    default="name",
)


class Position(Func):
    """The position of a column's value in a list of values, as a sort key (1 for the first).

    On PostgreSQL ``array_position`` over one array parameter; elsewhere a ``CASE`` with a branch for each
    value. Both are evaluated for every row sorted, and the array is searched in C: ranking every State
    this way costs PostgreSQL a few microseconds a row, where the ``CASE`` of 200 branches costs several
    times that.
    """

    output_field = IntegerField()

    def __init__(self, expression, values: list[int]):
        super().__init__(expression)
        self.values = list(values)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        branches = " ".join(f"WHEN {column} = %s THEN %s" for _value in self.values)
        return (
            f"(CASE {branches} END)",
            [item for position, value in enumerate(self.values, start=1) for item in (*params, value, position)],
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"array_position(%s::integer[], {column})", [self.values, *params]


def _state_rank() -> Position:
    """Each State's place in alphabetical order of the names in the reader's language."""
    states = State.objects.order_by().values_list("pk", "iso2", "english_name")
    ranked = sorted(states, key=lambda state: names.state_sort_key(state[1], state[2]))
    return Position(F("institution__state_id"), [pk for pk, _iso2, _name in ranked])


def _ordering(key: str, descending: bool) -> list:
    """The ORDER BY of a sort column; ties are broken by name and id so that pages never overlap."""
    if key == "state":
        fields = [_state_rank(), F("name"), F("pk")]
    elif key == "verified":
        # Never verified counts as the oldest (the key is indexed: ``contact_verified_name``).
        fields = [verified_order(), F("name"), F("pk")]
    else:
        fields = [F("name"), F("pk")]
    return [field.desc() if descending else field.asc() for field in fields]


class ContactResults(Sequence):
    """The contacts a search found, in sort order, as a sized sequence a ``Paginator`` slices.

    Its length is the capped count (one query); a slice runs one query for the rows it holds. The first
    page may be read before the count (``read_first_page``): most terms typed find fewer contacts than a
    page holds, and then those lines are the total, with no count to run.
    """

    def __init__(self, principal: Principal, term: str, sort: str, descending: bool = False):
        self.principal, self.matching = principal, contact_matches(term)
        self.sort, self.descending = sort, descending
        self._first_page: list[dict] | None = None

    @cached_property
    def total(self) -> Total:
        if self._first_page is not None and len(self._first_page) < PER_PAGE:
            return Total(len(self._first_page))
        return capped_count(Contact.objects.restrict(self.principal, row_by_row=True).filter(self.matching), COUNT_CAP)

    def read_first_page(self) -> None:
        self._first_page = self._lines(0, PER_PAGE)

    def __len__(self) -> int:
        return self.total.count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("ContactResults is read a page (a slice) at a time.")
        start, stop, _step = index.indices(self.total.count)
        if start >= stop:
            return []
        if start == 0 and self._first_page is not None:
            return self._first_page[:stop]
        return self._lines(start, stop)

    def _lines(self, start: int, stop: int) -> list[dict]:
        found = _lines_visible_to(self.principal).filter(self.matching)
        return result_lines(found.order_by(*_ordering(self.sort, self.descending))[start:stop])


# What a line of results shows, of the contacts a reader may see, kept per reader as the restrictions are
# (access.restriction): a live search reads a page on every keystroke, and naming the line's columns
# through three tables cost as much again as restricting them. A copy is filtered by each term.
@functools.lru_cache(maxsize=1024)
def _lines_visible_to(principal: Principal) -> QuerySet:
    return Contact.objects.restrict(principal, row_by_row=True).for_search_results()


@functools.lru_cache(maxsize=1024)
def _institutions_visible_to(principal: Principal) -> QuerySet:
    return Institution.objects.restrict(principal, row_by_row=True).values(
        "name", "acronym", "state__iso2", "state__english_name"
    )


def result_lines(rows: Iterable[dict]) -> list[dict]:
    """What each line of results shows, from ``ContactQuerySet.for_search_results`` values: the contact's
    link and name, its institution, its State's name in the reader's language, its first e-mail address ("" if
    none) and its last verification as written in the reader's language ("never" if never verified).

    Each cell is one plain value, so that a line of the template is just the values it shows: the tests and
    the date filter of 50 lines were a sixth of the template's work on every full page."""
    contact_url = _contact_url()
    state_names = _StateNames()
    verified = _VerificationDates()
    lines = [
        {
            "url": contact_url(row["code"]),
            "name": row["name"],
            "institution": Institution.label(row["institution__name"], row["institution__acronym"]),
            "state": state_names.of(row["institution__state__iso2"], row["institution__state__english_name"]),
            "email": row["first_email"] or "",
            "last_verified": verified.of(row["last_verified"]),
        }
        for row in rows
    ]
    for line in lines:
        line["row"] = _row(line)
    return lines


def _row(line: dict) -> SafeString:
    """The table row of a line, every value escaped (as Django's ``escape`` does), written out here rather than
    by the template: the search shows fifty on every keystroke, and the template language's look-ups of their
    cells cost more than the rest of the page's rendering."""
    url, name, institution, state, email, verified = (
        escape(line[key]) for key in ("url", "name", "institution", "state", "email", "last_verified")
    )
    if email:
        email = f'<bdi dir="ltr">{email}</bdi>'  # an address reads left to right, in Arabic too
    return mark_safe(  # noqa: S308  (every value is escaped above)
        f'<tr class="search-result"><td><a href="{url}">{name}</a></td><td>{institution}</td><td>{state}</td>'
        f"<td>{email}</td><td>{verified}</td></tr>"
    )


def institutions_listed(principal: Principal, term: str) -> tuple[list[dict], bool]:
    """The first ``INSTITUTIONS_SHOWN`` institutions the term finds that the reader may see (name with acronym,
    State's name), and whether there are more."""
    found = _institutions_visible_to(principal).filter(institution_matches(term))
    rows = list(found.order_by("name")[: INSTITUTIONS_SHOWN + 1])
    state_names = _StateNames()
    listed = [
        {
            "label": Institution.label(row["name"], row["acronym"]),
            "state": state_names.of(row["state__iso2"], row["state__english_name"]),
        }
        for row in rows[:INSTITUTIONS_SHOWN]
    ]
    return listed, len(rows) > INSTITUTIONS_SHOWN


class _StateNames:
    """States' names in the reader's language, each looked up once per page (a page lists a few States)."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def of(self, iso2: str, english_name: str) -> str:
        if (name := self.names.get(iso2)) is None:
            name = self.names[iso2] = names.state_name(iso2, english_name)
        return name


class _VerificationDates:
    """Last verifications as the page writes them (the long form of the reader's language), each date
    written once per page: many contacts of a page share one, or were never verified."""

    def __init__(self):
        self.written: dict[date | None, str] = {}

    def of(self, day: date | None) -> str:
        if (text := self.written.get(day)) is None:
            text = self.written[day] = long_date(day) if day else gettext("never")
        return text


_CODE_PLACEHOLDER = str(uuid.UUID(int=0))


def _contact_url() -> Callable[[uuid.UUID], str]:
    """A contact's page address from its code, reversed once for the page rather than once a line."""
    before, after = reverse("directory:contact", args=[_CODE_PLACEHOLDER]).split(_CODE_PLACEHOLDER)
    return lambda code: f"{before}{code}{after}"


def page_of(principal: Principal, term: str, sort: str, descending: bool, number) -> Page:
    """The requested page of the contacts the term finds that the reader may see (the last one if past the
    end, the first if not a number)."""
    results = ContactResults(principal, term, sort, descending)
    if number in (None, "", "1"):
        results.read_first_page()
    return Paginator(results, PER_PAGE).get_page(number)
