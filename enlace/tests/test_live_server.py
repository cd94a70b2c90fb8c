"""Browser tests share one live server: what a test leaves running there must not reach the next test."""

import threading
import urllib.request

import pytest
from django.db import connection

import directory.views

WAIT_SECONDS = 120  # only reached if something is broken


@pytest.fixture
def held_page(monkeypatch):
    """The home page's view, held at its rendering until the test lets it go."""
    entered, release = threading.Semaphore(0), threading.Event()
    render = directory.views.render

    def held_render(*args, **kwargs):
        entered.release()
        release.wait(timeout=WAIT_SECONDS)
        return render(*args, **kwargs)

    monkeypatch.setattr(directory.views, "render", held_render)
    return entered, release


def get_in_background(url: str, statuses: list) -> threading.Thread:
    thread = threading.Thread(target=lambda: statuses.append(urllib.request.urlopen(url, timeout=WAIT_SECONDS).status))  # noqa: S310
    thread.start()
    return thread


def test_the_end_of_a_browser_test_waits_for_the_request_still_under_way(live_server, live_server_gate, held_page):
    entered, release = held_page
    statuses = []
    request = get_in_background(live_server.url + "/", statuses)
    assert entered.acquire(timeout=WAIT_SECONDS)
    assert not live_server_gate.wait_until_idle(timeout=0)
    release.set()
    assert live_server_gate.wait_until_idle(timeout=WAIT_SECONDS)
    request.join(timeout=WAIT_SECONDS)
    assert statuses == [200]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only an in-memory SQLite database is shared with the server")
def test_requests_sharing_the_test_database_connection_run_one_at_a_time(live_server, live_server_gate, held_page):
    entered, release = held_page
    statuses = []
    first = get_in_background(live_server.url + "/", statuses)
    assert entered.acquire(timeout=WAIT_SECONDS)
    second = get_in_background(live_server.url + "/", statuses)
    assert not entered.acquire(timeout=2)  # the second waits for the first to finish
    release.set()
    assert entered.acquire(timeout=WAIT_SECONDS)
    first.join(timeout=WAIT_SECONDS)
    second.join(timeout=WAIT_SECONDS)
    assert statuses == [200, 200]
