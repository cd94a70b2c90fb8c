"""Pages of the API's lists: a fixed order on an index, cursors that neither skip nor repeat, a fixed number of
queries per page whatever the number of rows, and lists read from columns that say what the serializers say."""

import json
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.tests.conftest import api_client, token_for
from communications.api import serializers as communications_serializers
from directory.api import serializers as directory_serializers
from directory.models import Nomination
from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory
from pings.api import serializers as pings_serializers

# Every list, the role that reads the most of it in the shared test world, and the orders it offers.
LISTS = {
    "api:state-list": ("coord_a", ["iso3", "english_name"]),
    "api:directory-list": ("coord_a", ["name", "created"]),
    "api:institution-list": ("coord_a", ["name", "created"]),
    "api:contact-list": ("coord_a", ["name", "created", "updated"]),
    "api:nomination-list": ("coord_a", ["created", "starts_on"]),
    "api:ping-round-list": ("coord_a", ["started_at", "created"]),
    "api:document-list": ("coord_a", ["name", "entry_into_force", "created", "updated"]),
    "api:communication-list": ("coord_a", ["sent_at", "acknowledge_by", "answer_by"]),
}
DATED = {"created", "updated", "starts_on", "started_at", "entry_into_force", "sent_at", "acknowledge_by", "answer_by"}
ORDERS = [(name, f"{sign}{field}") for name, (_role, fields) in LISTS.items() for field in fields for sign in ("-", "")]


def walk(client, url: str, *, backwards_from: str | None = None) -> list[dict]:
    """Every row of a list, following ``next`` links (or ``previous`` links back from a page)."""
    rows, link = [], backwards_from or url
    while link:
        page = client.get(link)
        assert page.status_code == 200, page.content
        body = page.json()
        rows = body["results"] + rows if backwards_from else rows + body["results"]
        link = body["previous"] if backwards_from else body["next"]
    return rows


def nominations_at_one_instant(directory, count: int) -> list[Nomination]:
    """Nominations created at the same microsecond, as an import's rows are."""
    institution = InstitutionFactory(state=directory.participants.first())
    nominations = [
        NominationFactory(directory=directory, contact=ContactFactory(institution=institution)) for _ in range(count)
    ]
    Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(created=timezone.now() - timedelta(days=1))
    return nominations


def test_rows_created_at_the_same_instant_are_neither_skipped_nor_repeated_across_pages(api_world):
    tied = nominations_at_one_instant(api_world.directory, 7)
    client = api_client(token_for(api_world.manager))
    rows = walk(client, reverse("api:nomination-list") + "?page_size=2")
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)) == 9
    # Newest first; among equals, the last written first, on every page alike.
    assert codes[2:] == [str(n.code) for n in reversed(tied)]


def test_previous_links_walk_back_through_the_same_rows_in_the_same_order(api_world):
    nominations_at_one_instant(api_world.directory, 5)
    client = api_client(token_for(api_world.manager))
    url = reverse("api:nomination-list") + "?page_size=2"
    forwards = walk(client, url)
    last_page = client.get(url)
    while last_page.json()["next"]:
        last_page = client.get(last_page.json()["next"])
    last_rows = last_page.json()["results"]
    backwards = walk(client, url, backwards_from=last_page.json()["previous"]) + last_rows
    assert [row["code"] for row in backwards] == [row["code"] for row in forwards]


def test_a_page_deep_in_the_list_starts_right_after_the_cursor_even_when_rows_were_added_meanwhile(api_world):
    client = api_client(token_for(api_world.manager))
    nominations_at_one_instant(api_world.directory, 4)
    first = client.get(reverse("api:nomination-list"), {"page_size": 3}).json()
    nominations_at_one_instant(api_world.directory, 2)  # newer rows come before the cursor: not on the next page
    second = client.get(first["next"]).json()
    seen = [row["code"] for row in first["results"] + second["results"]]
    assert len(seen) == len(set(seen)) == 6


@pytest.fixture
def paged_world(world):
    """The shared world with an earlier, closed ping round of D1 beside its current one."""
    from pings.models import PingRound, RoundStatus, RoundTrigger

    ended = timezone.now() - timedelta(days=150)
    PingRound.objects.create(
        directory=world.objects["d1"],
        status=RoundStatus.CLOSED,
        trigger=RoundTrigger.SCHEDULE,
        started_at=ended - timedelta(days=14),
        closes_at=ended,
        closed_at=ended,
    )
    return world


@pytest.mark.parametrize(("name", "ordering"), ORDERS)
def test_every_order_a_list_offers_pages_through_every_row_once_in_that_order(paged_world, name, ordering):
    role, _fields = LISTS[name]
    client = api_client(token_for(paged_world.users[role]))
    whole = client.get(reverse(name), {"ordering": ordering, "page_size": 500}).json()["results"]
    assert len(whole) >= 2, "the shared world has rows for every list"
    assert walk(client, f"{reverse(name)}?ordering={ordering}&page_size=1") == whole
    field, descending = ordering.lstrip("-"), ordering.startswith("-")
    if field not in DATED or field not in whole[0]:
        return  # names come in the database collation's order, and a field the list does not show is not checked
    values = [row[field] for row in whole]
    present = [datetime.fromisoformat(value) for value in values if value is not None]
    assert present == sorted(present, reverse=descending)
    # Missing values (no date yet) come after every value going up, before them going down.
    missing = [index for index, value in enumerate(values) if value is None]
    expected = range(len(missing)) if descending else range(len(values) - len(missing), len(values))
    assert missing == list(expected)


def test_an_ordering_the_list_does_not_offer_leaves_its_default_order(api_world):
    client = api_client(token_for(api_world.manager))
    default = client.get(reverse("api:contact-list")).json()["results"]
    assert client.get(reverse("api:contact-list"), {"ordering": "pgp_key"}).json()["results"] == default


@pytest.mark.parametrize("accept", ["application/json", "*/*", None])
def test_a_program_is_answered_in_json_whatever_it_accepts(api_world, accept):
    headers = {"Accept": accept} if accept else {}
    response = api_client(token_for(api_world.manager)).get(reverse("api:nomination-list"), headers=headers)
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"]


# --- Queries ----------------------------------------------------------------------------------------------


def queries_of(client, url: str, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200, response.content
    return len(captured)


def add_nominated_contacts(directory, count: int) -> None:
    institution = InstitutionFactory(state=directory.participants.first())
    for _ in range(count):
        NominationFactory(directory=directory, contact=ContactFactory(institution=institution, languages=["es"]))


# The token with its user, and the user's roles, its directories' States and its second factor (one statement),
# then the page itself: one query; contacts also read their e-mail addresses, phones and languages, directories
# their roles and States (one query each).
PAGE_QUERIES = {
    "api:nomination-list": 2,
    "api:institution-list": 2,
    "api:contact-list": 5,
    "api:directory-list": 4,
}


@pytest.mark.parametrize("name", PAGE_QUERIES)
def test_a_page_runs_a_fixed_number_of_queries_for_n_and_for_3n_rows(api_world, name):
    client = api_client(token_for(api_world.manager))
    client.get(reverse("api:state-list"))  # the token's first use writes its "last used" time
    add_nominated_contacts(api_world.directory, 5)
    few = queries_of(client, reverse(name), page_size=500)
    add_nominated_contacts(api_world.directory, 10)
    assert Nomination.objects.count() >= 3 * 5
    assert queries_of(client, reverse(name), page_size=500) == few == PAGE_QUERIES[name]


def test_a_page_deep_in_the_cursor_runs_as_many_queries_as_the_first(api_world):
    add_nominated_contacts(api_world.directory, 6)
    client = api_client(token_for(api_world.manager))
    client.get(reverse("api:state-list"))
    first = client.get(reverse("api:nomination-list"), {"page_size": 2}).json()
    assert queries_of(client, first["next"]) == PAGE_QUERIES["api:nomination-list"]


def test_no_list_counts_its_rows(api_world):
    client = api_client(token_for(api_world.manager))
    for name in LISTS:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(name))
        assert not [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()], name


# --- Lists read from columns --------------------------------------------------------------------------------

COLUMN_LISTS = {
    "api:institution-list": directory_serializers.InstitutionSerializer,
    "api:nomination-list": directory_serializers.NominationSerializer,
    "api:ping-round-list": pings_serializers.PingRoundSerializer,
    "api:communication-list": communications_serializers.CommunicationSerializer,
}


@pytest.mark.parametrize("name", COLUMN_LISTS)
def test_a_list_read_from_columns_gives_every_field_as_its_serializer_does(world, name):
    from rest_framework.renderers import JSONRenderer

    serializer_class = COLUMN_LISTS[name]
    assert list(serializer_class.list_columns) == serializer_class.Meta.fields
    listed = api_client(token_for(world.users["coord_a"])).get(reverse(name), {"page_size": 500}).json()["results"]
    assert listed
    model = serializer_class.Meta.model
    instances = {str(row.code): row for row in model.objects.filter(code__in=[row["code"] for row in listed])}
    expected = serializer_class([instances[row["code"]] for row in listed], many=True).data
    assert listed == json.loads(JSONRenderer().render(expected))


# --- Plans (PostgreSQL) --------------------------------------------------------------------------------------


def plan_nodes(plan: dict) -> list[str]:
    nodes = [plan["Node Type"]]
    for child in plan.get("Plans", []):
        nodes += plan_nodes(child)
    return nodes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize(("name", "ordering"), ORDERS)
def test_every_order_a_list_offers_is_read_from_an_index_without_sorting(paged_world, name, ordering):
    """With sorting priced out, PostgreSQL still sorts when no index gives the order: a Sort node says so."""
    role, _fields = LISTS[name]
    client = api_client(token_for(paged_world.users[role]))
    client.get(reverse("api:state-list"))
    url = f"{reverse(name)}?ordering={ordering}&page_size=1"
    cursor_page = client.get(url).json()["next"]
    for page in (url, cursor_page):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        (sql,) = [query["sql"] for query in captured if "ORDER BY" in query["sql"] and "LIMIT 2" in query["sql"]]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            cursor.execute("RESET enable_sort")
            cursor.execute("RESET enable_seqscan")
        nodes = plan_nodes((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"])
        assert not [node for node in nodes if "Sort" in node], (sql, nodes)
