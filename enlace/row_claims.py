"""Claiming rows of work (due messages, pings to send, reminders) when several workers may look at once."""

from django.db import connections
from django.db.models import QuerySet


def skipping_locked(queryset: QuerySet) -> QuerySet:
    """``queryset`` locking the rows it reads (of its own table, not those it joins) and passing over the rows
    another transaction holds (PostgreSQL's ``SKIP LOCKED``), so two workers never take the same one.

    SQLite serialises writers (IMMEDIATE transactions) and has no row locks: there the queryset is unchanged,
    and the caller's own conditional update of the rows it read is the claim.
    """
    if connections[queryset.db].features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True, of=("self",))
    return queryset
