"""A round's pings and a new round's recipients, a page at a time, sorted on a chosen column, with their totals.

A round of a directory of 100,000 contacts has 100,000 pings: its page shows 50, counted and put in
State order as the directory page's nominations are (``directory.state_order``), and its summary
(sent, confirmed, awaiting...) comes from one grouped count.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import Contact, Directory, Nomination
from directory.state_order import StateOrderedRows
from enlace.listing import SortColumn, Sorting
from pings.models import PingMessage, PingQuerySet, PingStatus

PER_PAGE = 50

SORTING = Sorting(
    columns=(
        SortColumn("state", _("State")),
        SortColumn("name", _("Contact")),
        SortColumn("status", _("Status")),
        SortColumn("answered", pgettext_lazy("date answered", "Answered")),
    ),
    default="state",
)

RECIPIENT_SORTING = Sorting(
    columns=(SortColumn("state", _("State")), SortColumn("name", _("Contact"))),
    default="state",
)


@dataclass
class Summary:
    """How a round stands, over the pings the reader sees: one grouped count by State and status."""

    total: int = 0
    sent: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_state: dict[int, int] = field(default_factory=dict)

    @property
    def confirmed(self) -> int:
        """Answered, whether the data was correct or needed changes (as in pings.results)."""
        return self.by_status.get(PingStatus.CONFIRMED, 0) + self.changes

    @property
    def changes(self) -> int:
        return self.by_status.get(PingStatus.CHANGES, 0)

    @property
    def pending(self) -> int:
        return self.by_status.get(PingStatus.PENDING, 0)

    @property
    def unreachable(self) -> int:
        return self.by_status.get(PingStatus.UNREACHABLE, 0)


def summary(pings: PingQuerySet) -> Summary:
    found = Summary()
    grouped = (
        pings.order_by()
        .values_list("state_id", "status")
        .annotate(count=Count("pk"), sent=Count("pk", filter=Q(sent_at__isnull=False)))
    )
    for state_id, status, count, sent in grouped:
        found.total += count
        found.sent += sent
        found.by_status[status] = found.by_status.get(status, 0) + count
        found.by_state[state_id] = found.by_state.get(state_id, 0) + count
    return found


class PingRows(StateOrderedRows):
    """A round's filtered pings in sort order (by default: State, then contact name)."""

    def ordering(self, key: str, descending: bool) -> list:
        def direction(column: F):
            return column.desc() if descending else column.asc()

        if key == "status":
            # The stored values' order (changes reported, confirmed, awaiting an answer, unreachable), then by answer
            # time, the unanswered in the order they were sent: the index ``ping_round_status_answered``, in order.
            return [direction(F("status")), direction(F("answered_at")), direction(F("pk"))]
        if key == "answered":
            # Pings not answered (no time) come after the answered ones, whichever the direction.
            answered = F("answered_at").desc(nulls_last=True) if descending else F("answered_at").asc(nulls_last=True)
            return [answered, direction(F("pk"))]
        return [direction(F("contact__name")), direction(F("pk"))]


def page_of_pings(
    pings: PingQuerySet, sort: str, descending: bool, number, *, counts: dict[int, int] | None = None
) -> Page:
    """The requested page of pings with their contacts, institutions, States and e-mails (the last if past the end).

    ``counts``: the pings per State, when the round's summary has counted exactly these pings.
    """
    details = pings.select_related("contact__institution", "state").prefetch_related(
        Prefetch("messages", queryset=PingMessage.objects.select_related("email").order_by("pk"))
    )
    return Paginator(PingRows(details, sort, descending, counts=counts), PER_PAGE).get_page(number)


class RecipientRows(StateOrderedRows):
    """The contacts a new round would ping: each nominated contact once, whatever its number of roles."""

    state_field = "institution__state_id"

    def ordering(self, key: str, descending: bool) -> list:
        return [column.desc() if descending else column.asc() for column in (F("name"), F("pk"))]


def page_of_recipients(directory: Directory, sort: str, descending: bool, number) -> tuple[Page, int]:
    """The requested page of a new round's recipients, with their roles and addresses; and how many States."""
    nominations = Nomination.objects.active().filter(directory=directory)
    contacts = (
        Contact.objects.filter(pk__in=nominations.values("contact_id"))
        .select_related("institution__state")
        .prefetch_related(
            "emails",
            Prefetch(
                "nominations",
                queryset=nominations.select_related("role").order_by("role__position"),
                to_attr="round_nominations",
            ),
        )
    )
    rows = RecipientRows(contacts, sort, descending)
    return Paginator(rows, PER_PAGE).get_page(number), len(rows.state_counts)
