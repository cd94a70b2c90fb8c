"""Hand-written statements that PostgreSQL parses and plans once per connection: the hot paths' own SQL.

Each statement otherwise reaches PostgreSQL as a new statement, parsed and planned on every request. For the
few hand-written statements that every confirmation or API request runs (one each, on an index), that work
costs PostgreSQL more than running them, so they are prepared: each connection plans them once. Only they
are: the ORM's queries (a search by trigram, say) are better planned for their values each time, which a
prepared statement's generic plan is not.

Elsewhere than on PostgreSQL, or with ``DB_PREPARED_STATEMENTS`` off, this is the connection's usual cursor.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper


class _Preparing:
    """The driver's cursor, asked to prepare what it executes (Django's wrapper around it counts and logs)."""

    def __init__(self, cursor):
        self._cursor = cursor

    def execute(self, query, params=None):
        return self._cursor.execute(query, params, prepare=True)

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)


@contextmanager
def prepared_cursor(connection: BaseDatabaseWrapper) -> Iterator[CursorWrapper]:
    """``with prepared_cursor(connection) as cursor``: a cursor whose statements are prepared, where they can be."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.features.uses_server_side_binding:
            cursor.cursor = _Preparing(cursor.cursor)
        yield cursor
