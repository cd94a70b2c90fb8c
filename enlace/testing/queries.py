"""Counting the statements a page or a service runs, the one way every app's tests do it.

An exact number is asserted with pytest-django's ``django_assert_num_queries`` fixture (at most a number,
``django_assert_max_num_queries``): it names the statements when the count is wrong. What a test reads of
the statements themselves, or compares between two runs (the same count for one row and for thirty), it
captures with ``queries_run``.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext


@contextmanager
def queries_run(using: str = DEFAULT_DB_ALIAS) -> Iterator[CaptureQueriesContext]:
    """The statements run inside the block: ``len()`` is their number, each item a dict with its ``sql``."""
    with CaptureQueriesContext(connections[using]) as captured:
        yield captured
