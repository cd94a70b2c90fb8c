"""Edges of the API: malformed cursors, and what a token limited to one directory may read."""

import base64

import pytest
from django.urls import reverse

from api.tests.conftest import api_client, token_for


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


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
