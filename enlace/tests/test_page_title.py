"""Every page's title, in the browser's tab and read first by a screen reader: the page's own title, an en dash,
then "Enlace"; a page without a title of its own is just "Enlace"."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse


def title_of(client: Client, address: str) -> str:
    response = client.get(address)
    assert response.status_code in (200, 404), (address, response.status_code)
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL).group(1)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_signed_in_readers_pages_read_page_then_enlace(world):
    poc, coordinator = signed_in(world.users["poc_a"]), signed_in(world.users["coord_a"])

    assert title_of(poc, reverse("directory:search")) == "Search – Enlace"
    assert title_of(poc, reverse("directory:detail", args=[world.d1.slug])) == "OAS network – Enlace"
    assert title_of(poc, reverse("pings:mine")) == "My ping tests – Enlace"
    assert title_of(coordinator, reverse("audit:change_log")) == "Change log – Enlace"


def test_a_signed_out_visitors_pages_read_page_then_enlace(world):
    visitor = Client()

    assert title_of(visitor, reverse("account_login")) == "Sign in – Enlace"
    # Served from the public pages' cache the second time.
    for _ in range(2):
        assert title_of(visitor, reverse("directory:public", args=[world.d1.slug])) == "OAS network – Enlace"


def test_the_pages_put_into_the_frame_read_page_then_enlace(world):
    # The ping confirmation and its answer are rendered in a frame made once per language (enlace.page_frame).
    visitor = Client()

    assert title_of(visitor, reverse("pings:confirm", args=["not-a-token"])) == "Link not valid – Enlace"
    assert title_of(visitor, reverse("pings:confirm", args=["not-a-token"])) == "Link not valid – Enlace"


@pytest.fixture
def untitled_page(settings):
    settings.ROOT_URLCONF = "enlace.tests.untitled_urls"
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [Path(__file__).parent / "untitled", *engine["DIRS"]]}]


def test_a_page_without_a_title_of_its_own_is_just_enlace(db, untitled_page):
    assert title_of(Client(), "/untitled/") == "Enlace"
    assert title_of(Client(), "/untitled/framed/") == "Enlace"
    assert title_of(Client(), "/untitled/framed/") == "Enlace"
