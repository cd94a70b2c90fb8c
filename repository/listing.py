"""The document lists a page at a time, sorted on a chosen column, with their total.

By default a directory's documents are grouped by State (in the reader's language, ``directory.state_order``),
each State's newest in force first, as a single State's page lists them; a search lists the most relevant first.
"""

from django.core.paginator import Page, Paginator
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from directory.state_order import StateOrderedRows
from enlace.listing import SortColumn, Sorting
from repository.models import DocumentQuerySet

PER_PAGE = 50
# The order of a search that names no other: the best match first (``DocumentQuerySet.search``).
RELEVANCE = "relevance"

SORTING = Sorting(
    columns=(
        SortColumn("state", _("State")),
        SortColumn("name", _("Document")),
        SortColumn("kind", _("Type")),
        SortColumn("in_force", _("In force since")),
        SortColumn("updated", _("Updated")),
    ),
    default="state",
)


def sort_of(requested: str | None, searching: bool) -> tuple[str, bool]:
    """The sort column and direction from the URL; a search without one is sorted by relevance."""
    if searching and not requested:
        return RELEVANCE, False
    return SORTING.parse(requested)


class DocumentRows(StateOrderedRows):
    """The filtered documents of a list in sort order."""

    def ordering(self, key: str, descending: bool) -> list:
        def direction(column):
            return column.desc() if descending else column.asc()

        name = [direction(F("name")), direction(F("pk"))]
        if key == RELEVANCE:
            return [F("search_rank").asc(), *name]
        if key == "name":
            return name
        if key == "kind":
            return [direction(F("kind")), *name]
        if key == "updated":
            return [direction(F("updated")), *name]
        if key == "state":
            # Within a State, whichever the States' order: its newest in force first, undated ones (drafts) last.
            return [F("entry_into_force").desc(nulls_last=True), F("name").asc(), F("pk").asc()]
        # Undated documents last, whichever the direction.
        in_force = (
            F("entry_into_force").desc(nulls_last=True) if descending else F("entry_into_force").asc(nulls_last=True)
        )
        return [in_force, *name]


def page_of(documents: DocumentQuerySet, sort: str, descending: bool, number) -> Page:
    """The requested page (the last if past the end), each document with its State and languages."""
    details = documents.select_related("state").prefetch_related("languages")
    return Paginator(DocumentRows(details, sort, descending), PER_PAGE).get_page(number)
