"""Keyset pages: each page starts where the last one ended, in one query, in either direction."""

from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from enlace.keyset import InvalidCursor, Keyset
from enlace.listing import SortColumn, Sorting, Total, capped_count

NEWEST_FIRST = Keyset(("timestamp", "id"), descending=True)
BY_NAME = Keyset(("object_repr", "id"))
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def kind(db):
    return ContentType.objects.get_for_model(ContentType)


def entry(kind, name: str, at: datetime) -> LogEntry:
    return LogEntry.objects.create(content_type=kind, object_pk="1", object_repr=name, action=0, timestamp=at)


@pytest.fixture
def seven(kind):
    """Seven entries a minute apart: "e0" the oldest, "e6" the newest."""
    return [entry(kind, f"e{number}", START + timedelta(minutes=number)) for number in range(7)]


def names(page) -> list[str]:
    return [row.object_repr for row in page]


def test_the_first_page_has_the_first_rows_and_only_a_way_forwards(seven):
    page = NEWEST_FIRST.page(LogEntry.objects.all(), size=3)
    assert names(page) == ["e6", "e5", "e4"]
    assert not page.has_previous
    assert page.has_next


def test_the_next_page_starts_after_the_last_row_shown_and_the_last_has_no_next(seven):
    queryset = LogEntry.objects.all()
    first = NEWEST_FIRST.page(queryset, size=3)
    second = NEWEST_FIRST.page(queryset, size=3, after=first.next_cursor)
    assert names(second) == ["e3", "e2", "e1"]
    last = NEWEST_FIRST.page(queryset, size=3, after=second.next_cursor)
    assert names(last) == ["e0"]
    assert last.has_previous
    assert not last.has_next


def test_going_back_gives_the_page_before_and_at_the_start_no_way_further_back(seven):
    queryset = LogEntry.objects.all()
    second = NEWEST_FIRST.page(queryset, size=3, after=NEWEST_FIRST.page(queryset, size=3).next_cursor)
    back = NEWEST_FIRST.page(queryset, size=3, before=second.previous_cursor)
    assert names(back) == ["e6", "e5", "e4"]
    assert not back.has_previous
    assert back.has_next


def test_a_page_back_in_the_middle_has_a_way_both_ways(seven):
    queryset = LogEntry.objects.all()
    last = NEWEST_FIRST.page(queryset, size=2, after=NEWEST_FIRST.cursor(seven[2]))  # e1, e0
    back = NEWEST_FIRST.page(queryset, size=2, before=last.previous_cursor)
    assert names(back) == ["e3", "e2"]
    assert back.has_previous
    assert back.has_next


def test_rows_with_the_same_first_key_are_neither_skipped_nor_repeated(kind):
    for _ in range(9):
        entry(kind, "same name", START)
    queryset = LogEntry.objects.all()
    seen, cursor = [], None
    while True:
        page = BY_NAME.page(queryset, size=2, after=cursor)
        seen += [row.pk for row in page]
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == sorted(LogEntry.objects.values_list("pk", flat=True))
    backwards, cursor = [], page.previous_cursor
    while cursor:
        page = BY_NAME.page(queryset, size=2, before=cursor)
        backwards = [row.pk for row in page] + backwards
        cursor = page.previous_cursor
    assert backwards + seen[-1:] == seen


def test_times_keep_their_microseconds_in_the_cursor(kind):
    entries = [entry(kind, f"e{number}", START + timedelta(microseconds=number)) for number in range(3)]
    queryset = LogEntry.objects.all()
    page = NEWEST_FIRST.page(queryset, size=1, after=NEWEST_FIRST.cursor(entries[2]))
    assert names(page) == ["e1"]
    assert NEWEST_FIRST.position(LogEntry, NEWEST_FIRST.cursor(entries[1])) == [entries[1].timestamp, entries[1].pk]


def test_each_page_is_one_query(seven, django_assert_num_queries):
    queryset = LogEntry.objects.all()
    with django_assert_num_queries(1):
        first = NEWEST_FIRST.page(queryset, size=3)
    with django_assert_num_queries(1):
        second = NEWEST_FIRST.page(queryset, size=3, after=first.next_cursor)
    with django_assert_num_queries(1):
        NEWEST_FIRST.page(queryset, size=3, before=second.previous_cursor)


def test_going_back_after_rows_disappeared_fills_the_first_page(seven):
    queryset = LogEntry.objects.all()
    cursor = NEWEST_FIRST.cursor(seven[3])  # a page that started at e3: e6, e5, e4 come before it
    LogEntry.objects.filter(object_repr__in=["e6", "e5"]).delete()
    page = NEWEST_FIRST.page(queryset, size=3, before=cursor)
    assert names(page) == ["e4", "e3", "e2"]
    assert not page.has_previous


@pytest.mark.parametrize("cursor", ["not a cursor", "", "e30", "WyJ4Il0"])
def test_a_cursor_that_cannot_be_read_gives_the_first_page(seven, cursor):
    assert names(NEWEST_FIRST.page(LogEntry.objects.all(), size=3, after=cursor)) == ["e6", "e5", "e4"]


def test_a_cursor_of_the_list_in_the_other_order_is_not_a_position_in_this_one(seven):
    oldest_first = Keyset(("timestamp", "id"))
    with pytest.raises(InvalidCursor):
        NEWEST_FIRST.position(LogEntry, oldest_first.cursor(seven[3]))
    assert names(NEWEST_FIRST.page(LogEntry.objects.all(), size=2, after=oldest_first.cursor(seven[3]))) == [
        "e6",
        "e5",
    ]


def test_a_filtered_queryset_is_paged_within_its_filter(seven):
    queryset = LogEntry.objects.filter(object_repr__in=["e1", "e3", "e5"])
    first = NEWEST_FIRST.page(queryset, size=2)
    assert names(first) == ["e5", "e3"]
    assert names(NEWEST_FIRST.page(queryset, size=2, after=first.next_cursor)) == ["e1"]


def test_an_empty_list_is_one_empty_page(db):
    page = NEWEST_FIRST.page(LogEntry.objects.all(), size=3)
    assert list(page) == []
    assert not page.has_previous
    assert not page.has_next


def test_a_capped_count_is_exact_up_to_the_cap_and_says_more_beyond(seven, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert capped_count(LogEntry.objects.all(), 10) == Total(7, more=False)
    assert capped_count(LogEntry.objects.all(), 7) == Total(7, more=False)
    assert capped_count(LogEntry.objects.all(), 5) == Total(5, more=True)


def test_a_list_sorted_newest_first_by_default_keeps_its_default_out_of_the_url():
    sorting = Sorting(columns=(SortColumn("when", "When"),), default="when", default_descending=True)
    assert sorting.parse(None) == ("when", True)
    assert sorting.parse("when") == ("when", False)
    assert sorting.url_value("when", True) == ""
    assert sorting.url_value("when", False) == "when"
    assert sorting.links("when", True)["when"] == {"label": "When", "value": "when", "aria_sort": "descending"}
