"""What every list a person reads shares: sort columns chosen in the URL, and the page links.

A list declares its sortable columns once, as a :class:`Sorting`; the view reads ``?sort=name`` or
``?sort=-name`` through it and hands the template ``sort_links`` (for
``components/sort_header.html``) and the page with its ``page_range`` (for
``components/pagination.html``). Filters, sort and page all stay in the URL, so a page can be
bookmarked and shared.
"""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import QuerySet


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: str


@dataclass(frozen=True)
class Sorting:
    """The columns a list sorts on and the one it sorts on by default (ascending, unless ``default_descending``:
    the change log reads newest first)."""

    columns: tuple[SortColumn, ...]
    default: str
    default_descending: bool = False

    def parse(self, value: str | None) -> tuple[str, bool]:
        """``"name"`` or ``"-name"`` from the URL as (column key, descending); unknown values give the default."""
        value = value or ""
        descending = value.startswith("-")
        key = value.removeprefix("-")
        if key not in {column.key for column in self.columns}:
            return self.default, self.default_descending
        return key, descending

    def url_value(self, key: str, descending: bool) -> str:
        """The ``sort`` value that keeps this order in links (empty for the default order)."""
        if key == self.default and descending == self.default_descending:
            return ""
        return f"-{key}" if descending else key

    def links(self, key: str, descending: bool) -> dict[str, dict]:
        """Each sortable column (by key): the ``sort`` value its header links to and its ``aria-sort`` state."""
        links = {}
        for column in self.columns:
            current = column.key == key
            links[column.key] = {
                "label": column.label,
                "value": f"-{column.key}" if current and not descending else column.key,
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        return links


def page_links(page: Page) -> dict:
    """The page and the numbers its navigation shows: the ends, and two pages either side of this one."""
    return {"page": page, "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)}


@dataclass(frozen=True)
class Total:
    """How many rows a list has, counted up to a cap: ``more`` says there are more than ``count``."""

    count: int
    more: bool = False


def capped_count(queryset: QuerySet, cap: int) -> Total:
    """Count the rows, but stop at ``cap``: one query that reads at most ``cap + 1`` rows.

    A broad list (every change ever, a search term found in half the directory) is then as cheap to
    count as a narrow one, and says "more than 1,000" rather than an exact figure no one reads.
    """
    counted = queryset.order_by()[: cap + 1].count()
    return Total(min(counted, cap), more=counted > cap)
