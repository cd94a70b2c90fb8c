"""The search page: contacts found a page at a time, with a total counted up to a cap, sorted from the URL."""

import re
from datetime import date

import pytest
from django.urls import reverse

from directory import search_results
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    manager_of,
    state,
)


@pytest.fixture
def directory(db):
    return DirectoryFactory(slug="un", states=[state("MEX"), state("DEU"), state("ESP")])


@pytest.fixture
def manager_client(client, directory):
    client.force_login(manager_of(directory))
    return client


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(search_results, "PER_PAGE", 3)


def found_contact(directory, name: str, iso3: str = "MEX", institution: str = "Agencia", **fields):
    """A contact of that State's institution, nominated to the directory (so its manager finds it)."""
    member = state(iso3)
    home, _created = member.institutions.get_or_create(name=institution, defaults={"kind": "csirt"})
    contact = ContactFactory(institution=home, name=name, **fields)
    NominationFactory(directory=directory, contact=contact)
    return contact


def search(client, **query) -> str:
    response = client.get(reverse("directory:search"), query)
    assert response.status_code == 200
    return response.content.decode()


def names_on(page: str) -> list[str]:
    return re.findall(r'<td><a href="/contacts/[^"]+">([^<]+)</a></td>', page)


def test_results_come_a_page_at_a_time_with_their_total(manager_client, directory, small_pages):
    for number in range(7):
        found_contact(directory, f"Analyst {number}")
    first = search(manager_client, q="analyst")
    assert names_on(first) == ["Analyst 0", "Analyst 1", "Analyst 2"]
    assert "1–3 of 7 contacts" in first
    assert 'href="?q=analyst&amp;page=2" rel="next"' in first
    assert names_on(search(manager_client, q="analyst", page=2)) == ["Analyst 3", "Analyst 4", "Analyst 5"]
    last = search(manager_client, q="analyst", page=3)
    assert names_on(last) == ["Analyst 6"]
    assert "7–7 of 7 contacts" in last


def test_a_single_page_shows_the_count_without_page_links(manager_client, directory):
    found_contact(directory, "Analyst")
    page = search(manager_client, q="analyst")
    assert "1 contact" in page
    assert 'aria-current="page"' not in page


def test_a_broad_term_is_counted_up_to_the_cap_and_only_that_many_are_paged(
    manager_client, directory, small_pages, monkeypatch
):
    monkeypatch.setattr(search_results, "COUNT_CAP", 5)
    for number in range(8):
        found_contact(directory, f"Analyst {number}")
    first = search(manager_client, q="analyst")
    assert "1–3 of more than 5 contacts" in first
    assert 'id="refine"' not in first
    last = search(manager_client, q="analyst", page=2)
    assert names_on(last) == ["Analyst 3", "Analyst 4"]
    assert 'rel="next"' not in last
    assert "Only the first 5 contacts are listed: refine the search to find the others." in last


def test_sorting_by_name_either_way(manager_client, directory):
    for name in ("Beatriz Analyst", "Amani Analyst", "Carla Analyst"):
        found_contact(directory, name)
    assert names_on(search(manager_client, q="analyst")) == ["Amani Analyst", "Beatriz Analyst", "Carla Analyst"]
    assert names_on(search(manager_client, q="analyst", sort="-name")) == [
        "Carla Analyst",
        "Beatriz Analyst",
        "Amani Analyst",
    ]


def test_sorting_by_state_follows_the_state_names_in_the_readers_language(manager_client, directory):
    # In English: Germany, Mexico, Spain; in Spanish: Alemania, España, México.
    for iso3, name in [("ESP", "Spanish Analyst"), ("MEX", "Mexican Analyst"), ("DEU", "German Analyst")]:
        found_contact(directory, name, iso3=iso3)

    def order(language: str, sort: str = "state") -> list[str]:
        response = manager_client.get(
            reverse("directory:search"), {"q": "analyst", "sort": sort}, HTTP_ACCEPT_LANGUAGE=language
        )
        return names_on(response.content.decode())

    assert order("en") == ["German Analyst", "Mexican Analyst", "Spanish Analyst"]
    assert order("es") == ["German Analyst", "Spanish Analyst", "Mexican Analyst"]
    assert order("en", "-state") == ["Spanish Analyst", "Mexican Analyst", "German Analyst"]


def test_sorting_by_last_verified_puts_never_verified_first(manager_client, directory):
    found_contact(directory, "Recent Analyst", last_verified=date(2026, 6, 1))
    found_contact(directory, "Never Analyst")
    found_contact(directory, "Old Analyst", last_verified=date(2025, 1, 1))
    assert names_on(search(manager_client, q="analyst", sort="verified")) == [
        "Never Analyst",
        "Old Analyst",
        "Recent Analyst",
    ]
    assert names_on(search(manager_client, q="analyst", sort="-verified")) == [
        "Recent Analyst",
        "Old Analyst",
        "Never Analyst",
    ]


def test_the_sorted_column_header_says_so_and_keeps_the_term(manager_client, directory):
    found_contact(directory, "Analyst")
    page = search(manager_client, q="analyst", sort="state")
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?q=analyst&amp;sort=-state">', page)
    assert re.search(r'<th scope="col" aria-sort="ascending">', search(manager_client, q="analyst"))


def test_the_term_and_sort_stay_in_the_page_links_and_a_new_sort_starts_at_page_one(
    manager_client, directory, small_pages
):
    for number in range(4):
        found_contact(directory, f"Analyst {number}")
    first = search(manager_client, q="analyst", sort="-name")
    assert names_on(first) == ["Analyst 3", "Analyst 2", "Analyst 1"]
    assert 'href="?q=analyst&amp;sort=-name&amp;page=2" rel="next"' in first
    assert names_on(search(manager_client, q="analyst", sort="-name", page=2)) == ["Analyst 0"]
    assert '<a href="?q=analyst&amp;sort=verified">' in search(manager_client, q="analyst", page=2)


def test_the_search_form_keeps_the_chosen_sort(manager_client, directory):
    found_contact(directory, "Analyst")
    assert '<input type="hidden" name="sort" value="-name">' in search(manager_client, q="analyst", sort="-name")


def test_live_results_are_paged_too(manager_client, directory, small_pages):
    for number in range(4):
        found_contact(directory, f"Analyst {number}")
    response = manager_client.get(reverse("directory:search"), {"q": "analyst"}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "<h1>" not in fragment
    assert names_on(fragment) == ["Analyst 0", "Analyst 1", "Analyst 2"]
    assert "1–3 of 4 contacts" in fragment


def test_institutions_are_still_listed_and_say_when_there_are_more(manager_client, directory, monkeypatch):
    monkeypatch.setattr(search_results, "INSTITUTIONS_SHOWN", 2)
    for name in ("Analysis Centre A", "Analysis Centre B", "Analysis Centre C"):
        InstitutionFactory(state=state("MEX"), name=name)
    page = search(manager_client, q="analysis centre")
    assert "Analysis Centre A — Mexico" in page
    assert "Analysis Centre B — Mexico" in page
    assert "Analysis Centre C" not in page
    assert "Only the first 2 institutions are listed: refine the search to find the others." in page


def test_the_query_count_does_not_grow_with_the_results(
    manager_client, directory, small_pages, django_assert_num_queries
):
    manager_client.get(reverse("directory:search"))  # the session's first request settles its own writes
    for created, total in ((5, 5), (10, 15)):
        for number in range(total - created, total):
            found_contact(directory, f"Analyst {number:02d}", institution=f"Analysis Centre {number % 4}")
        for sort in ("name", "-state", "verified"):
            # Sorting by State reads the States' names once more, to rank them in the reader's language.
            with django_assert_num_queries(7 if "state" in sort else 6):
                manager_client.get(reverse("directory:search"), {"q": "analys", "sort": sort, "page": 2})


def test_a_line_shows_the_contact_its_institution_and_state_in_the_readers_language_first_address_and_verification(
    manager_client, directory
):
    # Lines are built from plain values (no model instance per line): they still read as the contact's page does.
    agency = InstitutionFactory(state=state("DEU"), name="Bundesamt", acronym="BSI")
    contact = ContactFactory(institution=agency, name="Jonas Analyst", last_verified=date(2026, 6, 1))
    contact.emails.all().delete()
    contact.emails.create(address="second@bsi.example.org", position=1)
    contact.emails.create(address="first@bsi.example.org", position=0)
    NominationFactory(directory=directory, contact=contact)
    never = found_contact(directory, "Never Analyst")
    never.emails.all().delete()

    def cells(language: str) -> list[list[str]]:
        response = manager_client.get(reverse("directory:search"), {"q": "analyst"}, HTTP_ACCEPT_LANGUAGE=language)
        lines = re.findall(r'<tr class="search-result">(.*?)</tr>', response.content.decode(), re.S)
        return [re.findall(r"<td>(.*?)</td>", line) for line in lines]

    assert cells("en") == [
        [
            f'<a href="{contact.get_absolute_url()}">Jonas Analyst</a>',
            "Bundesamt (BSI)",
            "Germany",
            '<bdi dir="ltr">first@bsi.example.org</bdi>',
            "June 1, 2026",
        ],
        [f'<a href="{never.get_absolute_url()}">Never Analyst</a>', "Agencia", "Mexico", "", "never"],
    ]
    assert [line[2] for line in cells("es")] == ["Alemania", "México"]


def test_a_first_page_the_results_do_not_fill_is_its_own_total_without_a_count(
    manager_client, directory, small_pages, django_assert_num_queries
):
    manager_client.get(reverse("directory:search"))  # the session's first request settles its own writes
    for number in range(2):
        found_contact(directory, f"Analyst {number}")
    # Session, user, principal, the page's lines, institutions: the two lines are the total.
    with django_assert_num_queries(5):
        assert "2 contacts" in search(manager_client, q="analyst")
    found_contact(directory, "Analyst 2")
    # A full first page may have more behind it: the total is counted (one query more).
    with django_assert_num_queries(6):
        assert "3 contacts" in search(manager_client, q="analyst")


def test_live_results_announce_how_many_were_found_in_the_status_not_the_whole_list(manager_client, directory):
    for number in range(2):
        found_contact(directory, f"Analyst {number}", institution="Analysis Centre")

    whole = search(manager_client, q="analys")
    partial = manager_client.get(reverse("directory:search"), {"q": "analys"}, HTTP_HX_REQUEST="true")

    assert '<p class="visually-hidden" role="status" id="search-status"></p>' in whole
    assert '<div id="search-results">' in whole
    assert re.search(
        r'<span id="search-status" hx-swap-oob="innerHTML">2 contacts found\. 1 institution found\.</span>',
        partial.content.decode(),
    )


def test_a_capped_count_is_announced_as_more_than_the_cap(manager_client, directory, small_pages, monkeypatch):
    monkeypatch.setattr(search_results, "COUNT_CAP", 5)
    for number in range(8):
        found_contact(directory, f"Analyst {number}")

    partial = manager_client.get(reverse("directory:search"), {"q": "analyst"}, HTTP_HX_REQUEST="true")

    assert "More than 5 contacts found. 0 institutions found." in partial.content.decode()
