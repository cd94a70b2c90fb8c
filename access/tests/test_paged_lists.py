"""Paged lists keep to the permission layer on every page, in every order and under every filter.

Pages of one row each: each role walks every page of the search results, the change log and a
State's accounts (following the pages' own links), and no page shows what that role may not see.
"""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from access.tests.access_cases import STATE_A_ADMINS
from access.tests.test_authorization import PAGE_MARKERS
from accounts import listing as account_listing
from audit import views as change_log
from directory import search_results
from enlace.testing.world import SECRET_C, UNNOMINATED_A

SIGNED_IN_ROLES = ("poc_a", "poc_b", "poc_c", "coord_a", "coord_c", "manager_d1", "manager_d2")
LOG_READERS = ("coord_a", "coord_c", "manager_d1", "manager_d2")


@pytest.fixture
def one_row_a_page(monkeypatch):
    monkeypatch.setattr(search_results, "PER_PAGE", 1)
    monkeypatch.setattr(change_log, "PER_PAGE", 1)
    monkeypatch.setattr(account_listing, "PER_PAGE", 1)


def client_for(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def every_page(client: Client, url: str) -> list[str]:
    """The page at ``url`` and every page after it, by its "next" links."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        pages.append(page)
        following = re.search(r'href="(\?[^"]*)" rel="next"', page)
        url = f"{url.split('?')[0]}{html.unescape(following.group(1))}" if following else None
        assert len(pages) < 500, "the pages never end"
    return pages


def assert_no_leak(role: str, pages: list[str], where: str) -> None:
    for number, page in enumerate(pages, start=1):
        for marker, may_see in PAGE_MARKERS.items():
            if role not in may_see:
                assert marker not in page, f"{role} saw {marker!r} on page {number} of {where}"


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_every_page_of_the_search_results_in_every_order(world, one_row_a_page, role):
    client = client_for(world, role)
    for sort in ("", "-name", "state", "-state", "verified", "-verified"):
        url = f"{reverse('directory:search')}?q=Pointperson&sort={sort}"
        pages = every_page(client, url)
        assert_no_leak(role, pages, url)
        if role in PAGE_MARKERS[SECRET_C]:
            assert any(SECRET_C in page for page in pages), f"{role} should find {SECRET_C!r} at {url}"


@pytest.mark.parametrize("role", LOG_READERS)
def test_every_page_of_the_change_log_in_both_orders_and_filtered(world, one_row_a_page, role):
    client = client_for(world, role)
    queries = ["", "sort=when", "state=MEX", "state=KEN", "kind=directory.contact", "action=0&sort=when"]
    for query in queries:
        url = f"{reverse('audit:change_log')}?{query}"
        pages = every_page(client, url)
        if not query:
            assert len(pages) > 1, "the walk should cross several pages"
        assert_no_leak(role, pages, url)


@pytest.mark.parametrize("role", sorted(STATE_A_ADMINS))
def test_every_page_of_a_states_accounts_and_invitations(world, one_row_a_page, role):
    client = client_for(world, role)
    for sort in ("", "-name", "email", "role", "-last_login"):
        url = f"{reverse('accounts:state_users', args=['MEX'])}?sort={sort}"
        pages = every_page(client, url)
        assert_no_leak(role, pages, url)
        invitations = client.get(f"{url}&invitations_page=2").content.decode()
        assert_no_leak(role, [invitations], f"{url}&invitations_page=2")
    if role not in PAGE_MARKERS[UNNOMINATED_A]:
        # The world's invitation names a contact that D1's manager may not see: it is not listed at all.
        assert "invited@enlace.test" not in client.get(reverse("accounts:state_users", args=["MEX"])).content.decode()
