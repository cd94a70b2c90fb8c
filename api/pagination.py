"""Pages of an API list, read from an index: each page starts where the previous one ended (a keyset cursor).

A list is ordered on one field (the list's default, or the ``ordering`` the client
chose among the list's ``ordering_fields``) and then on the row's id, in the same
direction, unless the field is unique already. A cursor holds the values of the
last (or first) row of a page, and the next page is the rows strictly after them:
rows sharing a value (nominations imported together share their creation time to
the microsecond) are neither skipped nor repeated, and a page deep in the list
costs what the first does, as each table has an index on (field, id) that
PostgreSQL walks from the cursor and stops after one page. No page counts the rows.

A missing value (a document not yet in force, a communication without a deadline)
sorts after every value, as PostgreSQL's indexes keep it, on every database.
"""

import base64
import binascii
import json
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class RowComparison(models.Func):
    """``(a, b) < (x, y)``, compared as a whole: PostgreSQL reads it as a range of an index on (a, b)."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, columns: list[str], operator: str, values: list[models.Value]):
        if operator not in ("<", ">"):
            raise ValueError(operator)
        self.operator, self.width = operator, len(columns)
        super().__init__(*(F(column) for column in columns), *values)

    def as_sql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        columns, values = ", ".join(parts[: self.width]), ", ".join(parts[self.width :])
        return f"({columns}) {self.operator} ({values})", params


class CursorPagination(pagination.CursorPagination):
    """Stable pages however rows are added meanwhile; ``?page_size=`` up to 500.

    A cursor is only ever one Enlace wrote, but a client may send anything: a cursor that cannot be read,
    or whose values are not values of the list's ordering, is the client's error (400), never a crash.
    """

    ordering = "-created"
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_cursor_message = _("This cursor is not valid: use the “next” or “previous” link of a page as given.")

    def paginate_queryset(self, queryset, request, view=None):
        return self._paginate(queryset, request, view, columns=None)

    def paginate_values(self, queryset, request, view, columns: list[str]) -> list[dict]:
        """A page of rows as dicts of the given lookups (``QuerySet.values``), with no model instances."""
        return self._paginate(queryset, request, view, columns=columns)

    def _paginate(self, queryset, request, view, columns: list[str] | None):
        self.request = request
        self.page_size = self.get_page_size(request)
        if not self.page_size:
            return None
        self.base_url = request.build_absolute_uri()
        self.keys = sort_keys(queryset.model, self.get_ordering(request, queryset, view))
        reverse, position = self.decode_cursor(request)

        rows = queryset.order_by(*order_by(self.keys, reverse))
        if position is not None:
            rows = rows.filter(after(self.keys, position, reverse))
        if columns is not None:
            rows = rows.values(*columns, *(key.field.attname for key in self.keys if key.field.attname not in columns))
        page = list(rows[: self.page_size + 1])
        more = len(page) > self.page_size
        page = page[: self.page_size]
        if reverse:
            page.reverse()
        self.page, self.position, self.reverse = page, position, reverse
        # Going forward there is a page before this one if we came from somewhere; going back, a page after.
        self.has_next, self.has_previous = (True, more) if reverse else (more, position is not None)
        self.display_page_controls = self.has_next or self.has_previous
        return page

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        if self.page:
            return self._link(self._values(self.page[-1]), reverse=False)
        # Gone back past the first row: the list from its start follows.
        return remove_query_param(self.base_url, self.cursor_query_param)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if self.page:
            return self._link(self._values(self.page[0]), reverse=True)
        # Gone past the last row: the rows before where this page would have started.
        return self._link([_json_value(value) for value in self.position], reverse=True)

    def _values(self, row) -> list:
        if isinstance(row, dict):
            return [_json_value(row[key.field.attname]) for key in self.keys]
        return [_json_value(getattr(row, key.field.attname)) for key in self.keys]

    def _link(self, values: list, *, reverse: bool) -> str:
        payload = json.dumps({"r": int(reverse), "p": values}, separators=(",", ":")).encode()
        cursor = base64.urlsafe_b64encode(payload).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def decode_cursor(self, request) -> tuple[bool, list | None]:
        """(going back?, the values the page starts after), or (False, None) for the first page."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return False, None
        try:
            cursor = json.loads(base64.urlsafe_b64decode(encoded.encode("ascii")))
            reverse, values = cursor["r"], cursor["p"]
        except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error):
            raise self._invalid() from None
        if reverse not in (0, 1) or not isinstance(values, list) or len(values) != len(self.keys):
            raise self._invalid()
        return bool(reverse), [self._read(key, value) for key, value in zip(self.keys, values, strict=True)]

    def _read(self, key: "SortKey", value):
        if value is None:
            if not key.field.null:
                raise self._invalid()
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool) or (isinstance(value, str) and "\x00" in value):
            raise self._invalid()
        try:
            value = key.field.to_python(value)
            key.field.run_validators(value)  # an id beyond the column's range, for one
        except (DjangoValidationError, TypeError, ValueError, OverflowError):
            raise self._invalid() from None
        return value

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def _invalid(self) -> exceptions.ValidationError:
        return exceptions.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})


class SortKey:
    """One column of a list's order: the model field and whether it descends."""

    def __init__(self, field: models.Field, descending: bool):
        self.field, self.descending = field, descending

    def __repr__(self) -> str:
        return f"{'-' if self.descending else ''}{self.field.name}"


def sort_keys(model: type[models.Model], ordering) -> list[SortKey]:
    """The chosen field, then the id (same direction) unless the field is unique already."""
    term = ordering[0] if isinstance(ordering, (list, tuple)) else ordering
    descending = term.startswith("-")
    try:
        field = model._meta.get_field(term.lstrip("-"))
    except FieldDoesNotExist:
        raise ValueError(f"{model.__name__} has no field {term!r} to order by") from None
    keys = [SortKey(field, descending)]
    if not (field.primary_key or field.unique) or field.null:
        keys.append(SortKey(model._meta.pk, descending))
    return keys


def order_by(keys: list[SortKey], reverse: bool) -> list:
    """ORDER BY of the keys (reversed to go back); a missing value sorts after every value, as in the index."""
    expressions = []
    for key in keys:
        descending = key.descending != reverse
        column = F(key.field.name)
        if key.field.null:
            expressions.append(column.desc(nulls_first=True) if descending else column.asc(nulls_last=True))
        else:
            expressions.append(column.desc() if descending else column.asc())
    return expressions


def after(keys: list[SortKey], values: list, reverse: bool) -> Q:
    """The rows strictly after ``values`` in the order of ``keys`` (before them when going back)."""
    descending = keys[0].descending != reverse
    operator = "<" if descending else ">"
    first, nullable = keys[0].field, keys[0].field.null
    if len(keys) == 1:  # a unique field, never missing
        return Q(**{f"{first.name}__{'lt' if descending else 'gt'}": values[0]})
    pk = keys[1].field
    tie = Q(**{f"{pk.name}__{'lt' if descending else 'gt'}": values[1]})
    if values[0] is None:
        # Missing values sort last going up (nothing else follows them), first going down (every value follows).
        missing = Q(**{f"{first.name}__isnull": True}) & tie
        return missing | Q(**{f"{first.name}__isnull": False}) if descending else missing
    row = RowComparison(
        [first.name, pk.name],
        operator,
        [models.Value(values[0], output_field=first), models.Value(values[1], output_field=pk)],
    )
    if nullable and not descending:
        return Q(row) | Q(**{f"{first.name}__isnull": True})
    return Q(row)


def _json_value(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value
