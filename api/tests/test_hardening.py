"""Edges of the API: malformed cursors, and what a token limited to one directory may read."""

import base64
import json

import pytest
from django.urls import reverse

from api.tests.conftest import api_client, token_for


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _values_cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps({"r": 0, "p": values}).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        _cursor("p=not-a-date"),
        _cursor("p=2026-13-45T99:00:00"),
        _cursor("o=-1"),
        _cursor("r=maybe&p=x"),
        _cursor("p=a%00b"),
        "ñ",
        _values_cursor(["2026-11-29T10:00:00+00:00", 10**30]),
        _values_cursor(["2026-11-29T10:00:00+00:00"]),
        _values_cursor([None, 1]),
        _values_cursor([True, 1]),
        _values_cursor(["2026-11-29T10:00:00+00:00", "x"]),
        _values_cursor({"a": 1}),
    ],
)
@pytest.mark.parametrize("name", ["api:nomination-list", "api:contact-list", "api:communication-list"])
def test_a_malformed_cursor_is_refused_with_400_and_says_so(api_world, name, cursor):
    response = api_client(token_for(api_world.manager)).get(reverse(name), {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["cursor"][0].startswith("This cursor is not valid")


def test_a_cursor_enlace_wrote_still_pages(api_world):
    client = api_client(token_for(api_world.manager))
    page = client.get(reverse("api:nomination-list"), {"page_size": 1}).json()
    assert client.get(page["next"]).status_code == 200


LIST_ENDPOINTS = [
    "api:directory-list",
    "api:institution-list",
    "api:contact-list",
    "api:nomination-list",
    "api:ping-round-list",
    "api:document-list",
    "api:communication-list",
]


@pytest.fixture
def scoped_coordinator(world):
    """State A's coordinator, its State taking part in D2 as well, with a token limited to D1."""
    from pings.models import PingRound

    d1, d2 = world.d1, world.d2
    d2.participations.create(state=world.users["coord_a"].role_assignments.get().state)
    client = api_client(token_for(world.users["coord_a"], directory=d1))
    return client, PingRound.objects.get(directory=d2)


def test_a_token_limited_to_one_directory_lists_no_ping_round_of_another(scoped_coordinator):
    client, _other_round = scoped_coordinator
    rounds = client.get(reverse("api:ping-round-list")).json()["results"]
    assert rounds and {row["directory"] for row in rounds} == {"oas"}


def test_a_token_limited_to_one_directory_cannot_open_another_directorys_round_or_its_results(scoped_coordinator):
    client, other_round = scoped_coordinator
    assert client.get(reverse("api:ping-round-detail", args=[other_round.code])).status_code == 404
    assert client.get(reverse("api:ping-round-results", args=[other_round.code])).status_code == 404
    assert client.get(reverse("api:cbm-status-detail", args=["d2"])).status_code == 404


@pytest.mark.parametrize("name", LIST_ENDPOINTS)
def test_no_list_read_with_a_token_limited_to_one_directory_mentions_another(scoped_coordinator, name):
    client, _other_round = scoped_coordinator
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert '"d2"' not in response.content.decode()
