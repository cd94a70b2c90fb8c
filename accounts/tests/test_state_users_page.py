"""A State's user accounts: a page at a time with the total, sorted and filtered from the URL."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts import listing
from accounts.models import Invitation, Role
from enlace.testing.factories import ContactFactory, coordinator_of, point_of_contact

from .helpers import signed_in

URL = reverse("accounts:state_users", args=["MEX"])


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 3)


def account(cast, name: str, email: str | None = None, **fields):
    """A point of contact of Mexico with an account."""
    contact = ContactFactory(institution=cast.contact_mex.institution, name=name)
    return point_of_contact(
        contact, name=name, email=email or f"{name.lower().replace(' ', '.')}@mx.example.org", **fields
    )


def get(client, **query) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def names_on(page: str) -> list[str]:
    table = page.split('id="accounts"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>\s*<td>([^<]*)</td>", table)


def test_accounts_come_a_page_at_a_time_with_their_total(cast, small_pages):
    for number in range(7):
        account(cast, f"Person {number}")
    client = signed_in(cast.coordinator_mex)
    first = get(client)
    assert names_on(first) == ["Person 0", "Person 1", "Person 2"]
    assert "1–3 of 7 accounts" in first
    assert 'href="?page=2" rel="next"' in first
    assert names_on(get(client, page=2)) == ["Person 3", "Person 4", "Person 5"]
    last = get(client, page=3)
    assert names_on(last) == ["Person 6"]
    assert "7–7 of 7 accounts" in last


def test_a_single_page_shows_the_count(cast):
    account(cast, "Person")
    page = get(signed_in(cast.coordinator_mex))
    assert "1 account" in page
    assert 'aria-current="page"' not in page


def test_sorting_by_name_e_mail_and_last_sign_in(cast):
    account(cast, "Beatriz", email="z.beatriz@mx.example.org", last_login=datetime(2026, 5, 1, tzinfo=UTC))
    account(cast, "Amani", email="y.amani@mx.example.org")
    account(cast, "Carla", email="x.carla@mx.example.org", last_login=datetime(2026, 1, 1, tzinfo=UTC))
    client = signed_in(cast.coordinator_mex)
    assert names_on(get(client)) == ["Amani", "Beatriz", "Carla"]
    assert names_on(get(client, sort="-name")) == ["Carla", "Beatriz", "Amani"]
    assert names_on(get(client, sort="email")) == ["Carla", "Amani", "Beatriz"]
    # Never signed in counts as the longest ago.
    assert names_on(get(client, sort="last_login")) == ["Amani", "Carla", "Beatriz"]
    assert names_on(get(client, sort="-last_login")) == ["Beatriz", "Carla", "Amani"]


def test_sorting_by_role_puts_coordinators_first_for_a_manager(cast):
    account(cast, "Aaron Point")
    coordinator_of(cast.mex, name="Zoe Coordinator", email="zoe@mx.example.org")
    client = signed_in(cast.manager)
    assert names_on(get(client, sort="role")) == ["Carmen Coordinadora", "Zoe Coordinator", "Aaron Point"]
    assert names_on(get(client, sort="-role")) == ["Aaron Point", "Zoe Coordinator", "Carmen Coordinadora"]


def test_the_sorted_column_header_says_so(cast):
    account(cast, "Person")
    page = get(signed_in(cast.coordinator_mex), sort="email")
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?sort=-email">', page)
    assert '<a href="?sort=last_login">' in page


def test_the_role_and_status_filters(cast):
    account(cast, "Active Point")
    account(cast, "Gone Point", is_active=False)
    client = signed_in(cast.manager)
    assert names_on(get(client, role=Role.COORDINATOR)) == ["Carmen Coordinadora"]
    assert names_on(get(client, role=Role.POINT_OF_CONTACT)) == ["Active Point", "Gone Point"]
    assert names_on(get(client, status="deactivated")) == ["Gone Point"]
    assert names_on(get(client, role=Role.POINT_OF_CONTACT, status="active")) == ["Active Point"]
    assert "No account matches these filters." in get(client, role=Role.COORDINATOR, status="deactivated")


def test_filters_and_sort_stay_in_the_page_links_and_the_deactivate_button_returns_to_them(cast, small_pages):
    for number in range(4):
        account(cast, f"Person {number}")
    client = signed_in(cast.coordinator_mex)
    first = get(client, status="active", sort="-name")
    assert names_on(first) == ["Person 3", "Person 2", "Person 1"]
    assert 'href="?status=active&amp;sort=-name&amp;page=2" rel="next"' in first
    assert '<input type="hidden" name="sort" value="-name">' in first
    second = get(client, status="active", sort="-name", page=2)
    assert names_on(second) == ["Person 0"]
    assert '<a href="?status=active&amp;sort=email">' in second
    assert (
        '<input type="hidden" name="back" value="/states/MEX/users/?status=active&amp;sort=-name&amp;page=2">' in second
    )


def test_pending_invitations_come_a_page_at_a_time(cast, small_pages):
    for number in range(4):
        Invitation.objects.create(
            email=f"invited{number}@mx.example.org", role=Role.COORDINATOR, state=cast.mex, token_hash=f"hash{number}"
        )
    client = signed_in(cast.manager)
    first = get(client)
    assert "1–3 of 4 pending invitations" in first
    assert 'href="?invitations_page=2#invitations" rel="next"' in first
    second = get(client, invitations_page=2)
    assert "4–4 of 4 pending invitations" in second
    assert "invited3@mx.example.org" in second
    assert "invited0@mx.example.org" not in second


def test_the_query_count_does_not_grow_with_the_accounts(cast, small_pages, django_assert_num_queries):
    client = signed_in(cast.manager)
    client.get(URL)  # the session's first request settles its own writes
    for created, total in ((5, 5), (10, 15)):
        for number in range(total - created, total):
            account(cast, f"Person {number:02d}")
            Invitation.objects.create(
                email=f"invited{number}@mx.example.org", role=Role.COORDINATOR, state=cast.mex, token_hash=f"h{number}"
            )
        for query in ({}, {"sort": "role", "page": 2}, {"role": Role.POINT_OF_CONTACT, "sort": "-last_login"}):
            with django_assert_num_queries(10):
                client.get(URL, query)


def test_in_french_an_active_account_agrees_with_compte_not_with_designation(cast):
    account(cast, "Person")
    page = signed_in(cast.coordinator_mex).get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<td>Actif</td>" in page
