"""The change log page: newest first a page at a time from a position in the URL, filtered, with a capped total."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from audit import views
from audit.filtersets import kind_choices
from directory.models import Contact, Institution, Nomination
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    UserFactory,
    coordinator_of,
    manager_of,
    state,
)

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
URL = "/history/"


@pytest.fixture
def mexico(db):
    return state("MEX")


@pytest.fixture
def coordinator(mexico):
    return coordinator_of(mexico, email="coordinadora@mx.example.org")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 3)


def log(
    name: str,
    at: datetime,
    *,
    state_id: int,
    model=Institution,
    action=LogEntry.Action.UPDATE,
    actor: User | None = None,
    **data,
) -> LogEntry:
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="1",
        object_repr=name,
        action=action,
        actor=actor,
        timestamp=at,
        additional_data={"state": state_id, **data},
    )


def history(mexico, count: int, start: int = 0) -> None:
    """Changes "Change 00", "Change 01"... to Mexican records, an hour apart (the higher, the newer)."""
    for number in range(start, start + count):
        log(f"Change {number:02d}", START + timedelta(hours=number), state_id=mexico.pk)


def get(client, **query) -> str:
    response = client.get(reverse("audit:change_log"), query)
    assert response.status_code == 200
    return response.content.decode()


def shown(page: str) -> list[str]:
    """What the page's rows are about ("Change 06"...), in order."""
    return re.findall(r"“<span translate=\"no\">([^<]+)</span>”", page)


def link(page: str, rel: str) -> str:
    """The query string of the page's "next" or "prev" link."""
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', page)
    assert found, f"no {rel} link"
    return html.unescape(found.group(1))


def follow(client, page: str, rel: str) -> str:
    response = client.get(f"{URL}?{link(page, rel)}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_newest_changes_come_first_a_page_at_a_time(coordinator_client, mexico, small_pages):
    history(mexico, 7)
    first = get(coordinator_client)
    assert shown(first) == ["Change 06", "Change 05", "Change 04"]
    assert "7 changes" in first
    assert 'rel="prev"' not in first
    second = follow(coordinator_client, first, "next")
    assert shown(second) == ["Change 03", "Change 02", "Change 01"]
    last = follow(coordinator_client, second, "next")
    assert shown(last) == ["Change 00"]
    assert 'rel="next"' not in last
    assert "7 changes" in last


def test_newer_changes_go_back_to_the_page_before(coordinator_client, mexico, small_pages):
    history(mexico, 7)
    second = follow(coordinator_client, get(coordinator_client), "next")
    back = follow(coordinator_client, second, "prev")
    assert shown(back) == ["Change 06", "Change 05", "Change 04"]
    assert 'rel="prev"' not in back


def test_the_links_say_newer_and_older_and_a_later_page_links_to_the_newest(coordinator_client, mexico, small_pages):
    history(mexico, 7)
    second = follow(coordinator_client, get(coordinator_client), "next")
    assert re.search(r'rel="prev">Newer changes</a>', second)
    assert re.search(r'rel="next">Older changes</a>', second)
    assert '<a class="page-link" href="?">Newest changes</a>' in second


def test_a_change_made_while_reading_does_not_shift_the_older_pages(coordinator_client, mexico, small_pages):
    history(mexico, 7)
    first = get(coordinator_client)
    log("Change made meanwhile", START + timedelta(days=30), state_id=mexico.pk)
    assert shown(follow(coordinator_client, first, "next")) == ["Change 03", "Change 02", "Change 01"]


def test_a_long_log_says_more_than_the_cap(coordinator_client, mexico, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 5)
    history(mexico, 7)
    assert "More than 5 changes" in get(coordinator_client)


def test_the_oldest_first_order_pages_the_other_way(coordinator_client, mexico, small_pages):
    history(mexico, 7)
    first = get(coordinator_client, sort="when")
    assert shown(first) == ["Change 00", "Change 01", "Change 02"]
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?sort=-when">', first)
    assert re.search(r'rel="next">Newer changes</a>', first)
    second = follow(coordinator_client, first, "next")
    assert shown(second) == ["Change 03", "Change 04", "Change 05"]
    assert "sort=when" in link(second, "next")


def test_the_when_column_says_the_log_reads_newest_first(coordinator_client, mexico):
    history(mexico, 1)
    assert re.search(r'<th scope="col" aria-sort="descending"><a href="\?sort=when">', get(coordinator_client))


def test_changing_the_order_starts_again_from_the_first_page(coordinator_client, mexico, small_pages):
    history(mexico, 7)
    second = follow(coordinator_client, get(coordinator_client, action=LogEntry.Action.UPDATE), "next")
    assert '<a href="?action=1&amp;sort=when">' in second


def test_filters_and_order_stay_in_the_page_links(coordinator_client, mexico, small_pages):
    history(mexico, 7)
    first = get(coordinator_client, kind="directory.institution", sort="when")
    assert link(first, "next").startswith("kind=directory.institution&sort=when&after=")
    second = follow(coordinator_client, first, "next")
    assert link(second, "prev").startswith("kind=directory.institution&sort=when&before=")
    assert '<input type="hidden" name="sort" value="when">' in second


def test_the_kind_of_record_filter(coordinator_client, mexico):
    log("An institution", START, state_id=mexico.pk, model=Institution)
    log("A contact", START, state_id=mexico.pk, model=Contact)
    log("A nomination", START, state_id=mexico.pk, model=Nomination)
    assert shown(get(coordinator_client, kind="directory.contact")) == ["A contact"]
    assert shown(get(coordinator_client, kind="directory.nomination")) == ["A nomination"]


def test_the_change_filter(coordinator_client, mexico):
    log("Made", START, state_id=mexico.pk, action=LogEntry.Action.CREATE)
    log("Edited", START, state_id=mexico.pk, action=LogEntry.Action.UPDATE)
    log("Removed", START, state_id=mexico.pk, action=LogEntry.Action.DELETE)
    assert shown(get(coordinator_client, action=LogEntry.Action.DELETE)) == ["Removed"]
    assert shown(get(coordinator_client, action=LogEntry.Action.CREATE)) == ["Made"]


def test_the_made_by_filter_takes_an_e_mail_address_in_any_case(coordinator_client, mexico, coordinator):
    colleague = UserFactory(email="colega@mx.example.org")
    log("Mine", START, state_id=mexico.pk, actor=coordinator)
    log("By a colleague", START, state_id=mexico.pk, actor=colleague)
    log("By the system", START, state_id=mexico.pk)
    assert shown(get(coordinator_client, actor="Colega@MX.example.org")) == ["By a colleague"]
    assert shown(get(coordinator_client, actor="nobody@mx.example.org")) == []


def test_the_period_filter_includes_both_days(coordinator_client, mexico):
    for day in range(1, 6):
        log(f"Day {day}", datetime(2026, 5, day, 23, 59, tzinfo=UTC), state_id=mexico.pk)
    assert shown(get(coordinator_client, since="2026-05-02", until="2026-05-04")) == ["Day 4", "Day 3", "Day 2"]
    assert shown(get(coordinator_client, since="2026-05-04")) == ["Day 5", "Day 4"]


def test_a_period_that_ends_before_it_starts_is_refused_next_to_its_field(coordinator_client, mexico):
    log("Day 1", START, state_id=mexico.pk)
    page = get(coordinator_client, since="2026-05-04", until="2026-05-02")
    assert "The end of the period comes before its start." in page
    assert shown(page) == ["Day 1"]


def test_the_state_filter_offers_the_states_the_reader_oversees(client, mexico):
    directory = DirectoryFactory(states=[mexico, state("KEN")])
    client.force_login(manager_of(directory))
    LogEntry.objects.all().delete()
    log("Mexican", START, state_id=mexico.pk, directory=directory.pk)
    log("Kenyan", START, state_id=state("KEN").pk, directory=directory.pk)
    page = get(client, state="ken")
    assert shown(page) == ["Kenyan"]
    assert '<option value="MEX">Mexico</option>' in page
    assert '<option value="ARG">' not in page


def test_the_history_of_one_contact_names_it_and_links_back_to_everything(coordinator_client, mexico):
    contact = ContactFactory(institution=InstitutionFactory(state=mexico), name="Lucía Fernández")
    log("Another record", START, state_id=mexico.pk)
    page = get(coordinator_client, contact=str(contact.code))
    assert "Lucía Fernández" in shown(page)
    assert "Another record" not in page
    assert "Changes of the contact Lucía Fernández" in page
    assert '<input type="hidden" name="contact" value="' + str(contact.code) + '"' in page
    assert "Another record" in get(coordinator_client)


def count_queries(client, django_assert_num_queries, expected: int, **query) -> str:
    with django_assert_num_queries(expected):
        response = client.get(reverse("audit:change_log"), query)
    return response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{}, {"kind": "directory.institution", "action": "1", "since": "2026-01-01", "state": "MEX"}],
    ids=["unfiltered", "filtered"],
)
def test_the_coordinators_query_count_does_not_grow_with_the_log(
    coordinator_client, mexico, small_pages, django_assert_num_queries, query
):
    coordinator_client.get(reverse("audit:change_log"))  # the session's first request settles its own writes
    for created in (10, 20):
        history(mexico, created, start=10 if created == 20 else 0)
        first = count_queries(coordinator_client, django_assert_num_queries, 6, **query)
        with django_assert_num_queries(6):
            coordinator_client.get(f"{URL}?{link(first, 'next')}")


def test_the_managers_query_count_does_not_grow_with_the_log(client, mexico, small_pages, django_assert_num_queries):
    directory = DirectoryFactory(states=[mexico])
    client.force_login(manager_of(directory))
    client.get(reverse("audit:change_log"))
    for _ in range(10):
        NominationFactory(directory=directory, contact=ContactFactory(institution=InstitutionFactory(state=mexico)))
    count_queries(client, django_assert_num_queries, 6)
    for _ in range(20):
        NominationFactory(directory=directory, contact=ContactFactory(institution=InstitutionFactory(state=mexico)))
    count_queries(client, django_assert_num_queries, 6)


def test_a_manager_reads_entries_about_contacts_it_may_see_and_no_stamp_that_is_not_one_of_their_codes(client, mexico):
    directory = DirectoryFactory(states=[mexico])
    client.force_login(manager_of(directory))
    shared = ContactFactory(institution=InstitutionFactory(state=mexico), name="Shared Contact")
    NominationFactory(directory=directory, contact=shared)
    unshared = ContactFactory(institution=InstitutionFactory(state=mexico), name="Unshared Contact")
    LogEntry.objects.all().delete()
    log("About the shared contact", START, state_id=mexico.pk, contact=str(shared.code))
    log("About the unshared contact", START, state_id=mexico.pk, contact=str(unshared.code))
    for number, stamp in enumerate([str(shared.code).upper(), "not-a-code", "", 42, None]):
        log(f"Odd stamp {number}", START, state_id=mexico.pk, contact=stamp)
    assert shown(get(client)) == ["About the shared contact"]


def test_in_spanish_the_kind_of_change_is_a_noun_and_the_language_button_a_verb(coordinator_client):
    page = coordinator_client.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert re.search(r"<label[^>]*>Cambio</label>", page)
    assert re.search(r'<button type="submit" class="btn btn-sm btn-outline-light">Cambiar</button>', page)


def test_in_spanish_the_dates_filter_reads_as_a_range_not_as_sender_and_recipient(coordinator_client):
    page = coordinator_client.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert re.search(r"<label[^>]*>Desde</label>", page)
    assert re.search(r"<label[^>]*>Hasta</label>", page)


@pytest.mark.parametrize(("language", "arrow"), [("en", "→"), ("ar", "←")])
def test_the_arrow_from_a_value_before_to_the_value_after_points_the_way_the_page_reads(
    coordinator_client, mexico, language, arrow
):
    entry = log("Ministerio Alfa", START, state_id=mexico.pk)
    entry.changes = {"name": ["Ministerio", "Ministerio Alfa"]}
    entry.save()

    page = coordinator_client.get(reverse("audit:change_log"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f"<bdi>Ministerio</bdi> {arrow} <bdi>Ministerio Alfa</bdi>" in page


def test_the_kinds_of_record_come_in_the_readers_alphabetical_order():
    with translation.override("zh-hans"):
        labels = [label for _kind, label in kind_choices()]

    # By pinyin, 电话号码 (diànhuà hàomǎ, phone number) comes before 政策文件 (zhèngcè wénjiàn, policy document),
    # although 政 comes before 电 in Unicode.
    assert labels.index("电话号码") < labels.index("政策文件")
    assert all(label != "Contact language" for label in labels)
