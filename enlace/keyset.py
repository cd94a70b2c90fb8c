"""Keyset pagination: a page of a long list found by where it starts, not by how many rows come before it.

A list read in the order of a unique key — the change log, newest first by ``(timestamp, id)`` — is
read a page at a time with ``WHERE key < last key shown ORDER BY key LIMIT size + 1``. With an index
on the key, the database reads the page's rows (and one more, to know whether another page follows)
wherever the page is; ``OFFSET`` would read and throw away every row before it, so the last page of
a long list would be the slowest. A row added at the top while someone reads does not shift the
pages either.

The position travels in the URL as an opaque cursor: the key of the last row shown (``?after=…``,
the next page) or of the first (``?before=…``, the previous page), so a page can be bookmarked.
There are no page numbers and no total: a list that shows one counts separately (cheaply, e.g.
``enlace.listing.capped_count``).

The key's fields must not be null and must together be unique (end with the primary key), and the
list is read in one direction on all of them, so "after this row" is a single range of an index
on those fields.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class InvalidCursor(ValueError):
    """A cursor that this keyset did not write (mangled, or for another list)."""


@dataclass(frozen=True)
class KeysetPage:
    """One page: its rows, and the cursors of the pages on either side (None where there is none)."""

    rows: list
    previous_cursor: str | None
    next_cursor: str | None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def _text(value) -> str:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()  # to the microsecond, with its offset
    return str(value)


@dataclass(frozen=True)
class Keyset:
    """The fields that order a list (together unique, none null) and its direction.

    ``Keyset(("timestamp", "id"), descending=True)`` reads newest first.
    """

    fields: tuple[str, ...]
    descending: bool = False

    @property
    def _order(self) -> str:
        # Written into every cursor, so that a cursor of the list in the other order (a link kept from before
        # the reader changed the sort) is not read as a position in this one.
        return ",".join(f"-{name}" if self.descending else name for name in self.fields)

    def cursor(self, row: models.Model) -> str:
        """The position of a row, for a URL."""
        values = [self._order, *[_text(getattr(row, name)) for name in self.fields]]
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    def position(self, model: type[models.Model], cursor: str) -> list:
        """The key values a cursor holds, as the fields' Python values; ``InvalidCursor`` if unreadable."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            order, *texts = json.loads(raw)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as error:
            raise InvalidCursor(cursor) from error
        if order != self._order or len(texts) != len(self.fields):
            raise InvalidCursor(cursor)
        values = []
        for name, text in zip(self.fields, texts, strict=True):
            if not isinstance(text, str):
                raise InvalidCursor(cursor)
            try:
                value = model._meta.get_field(name).to_python(text)
            except (ValidationError, ValueError, TypeError) as error:
                raise InvalidCursor(cursor) from error
            if value is None:
                raise InvalidCursor(cursor)
            values.append(value)
        return values

    def _beyond(self, values: list, forwards: bool) -> Q:
        """Rows strictly after (``forwards``) or before a position, in this keyset's order.

        (f1, f2) after (v1, v2) is ``f1 > v1 OR (f1 = v1 AND f2 > v2)``; the redundant ``f1 >= v1`` in
        front makes it one range of the index on f1, f2 for every database's planner.
        """
        greater = forwards != self.descending
        strict, inclusive = ("gt", "gte") if greater else ("lt", "lte")
        alternatives = []
        for index, name in enumerate(self.fields):
            equal = {field: value for field, value in zip(self.fields[:index], values, strict=False)}
            alternatives.append(Q(**equal, **{f"{name}__{strict}": values[index]}))
        return Q(**{f"{self.fields[0]}__{inclusive}": values[0]}) & reduce(or_, alternatives)

    def _ordered(self, queryset: models.QuerySet, forwards: bool) -> models.QuerySet:
        descending = self.descending == forwards
        return queryset.order_by(*[f"-{name}" if descending else name for name in self.fields])

    def page(
        self, queryset: models.QuerySet, *, size: int, after: str | None = None, before: str | None = None
    ) -> KeysetPage:
        """The page after the ``after`` cursor, or before the ``before`` one, or the first page.

        One query (``LIMIT size + 1``) per page. A cursor that cannot be read gives the first page, so a
        mangled link still shows the list. Going back to the start gives the first page's rows; only if
        rows have disappeared meanwhile (fewer than a page left before the cursor) does it take a second
        query, to fill the first page.
        """
        position, forwards = None, True
        try:
            if after:
                position = self.position(queryset.model, after)
            elif before:
                position, forwards = self.position(queryset.model, before), False
        except InvalidCursor:
            position, forwards = None, True
        if position is None:
            rows = list(self._ordered(queryset, True)[: size + 1])
            return self._forwards(rows, size, has_previous=False)
        if forwards:
            rows = list(self._ordered(queryset.filter(self._beyond(position, True)), True)[: size + 1])
            return self._forwards(rows, size, has_previous=True)
        rows = list(self._ordered(queryset.filter(self._beyond(position, False)), False)[: size + 1])
        if len(rows) > size:
            rows = rows[:size][::-1]
            return KeysetPage(rows, self.cursor(rows[0]), self.cursor(rows[-1]))
        if len(rows) < size:
            return self.page(queryset, size=size)
        rows.reverse()
        return KeysetPage(rows, None, self.cursor(rows[-1]) if rows else None)

    def _forwards(self, rows: list, size: int, *, has_previous: bool) -> KeysetPage:
        more = len(rows) > size
        rows = rows[:size]
        previous = self.cursor(rows[0]) if has_previous and rows else None
        return KeysetPage(rows, previous, self.cursor(rows[-1]) if more else None)
