"""The directory page: a page of nominations at a time, with its total, sorted and filtered from the URL."""

import gzip
import re
from datetime import date

import pytest
from django.urls import reverse

from directory import listing
from directory.choices import RoleKind
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
    return DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[state("MEX"), state("KEN")])


@pytest.fixture
def manager_client(client, directory):
    client.force_login(manager_of(directory))
    return client


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 3)


def nominate(directory, iso3: str, name: str, **contact_fields):
    member = state(iso3)
    directory.participations.get_or_create(state=member)
    contact = ContactFactory(institution=InstitutionFactory(state=member), name=name, **contact_fields)
    return NominationFactory(directory=directory, contact=contact)


def names_on(page: str) -> list[str]:
    """The contact names of the page's table, in order."""
    return re.findall(r'<a href="/contacts/[^"]+">([^<]+)</a>', page)


def get(client, directory, **query) -> str:
    response = client.get(reverse("directory:detail", args=[directory.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_directory_page_query_count_does_not_grow_with_the_number_of_nominations(
    manager_client, directory, django_assert_num_queries
):
    url = reverse("directory:detail", args=[directory.slug])
    for number in range(10):
        nominate(directory, ["MEX", "KEN", "ARG"][number % 3], f"Person {number:02d}")
    with django_assert_num_queries(17):
        manager_client.get(url)
    for number in range(10, 60):
        nominate(directory, ["MEX", "KEN", "ARG", "EST", "FJI"][number % 5], f"Person {number:02d}")
    with django_assert_num_queries(17):
        manager_client.get(url)
    with django_assert_num_queries(17):
        manager_client.get(url, {"page": 2, "sort": "name"})


def test_the_page_shows_its_slice_and_the_total(manager_client, directory, small_pages):
    for number in range(7):
        nominate(directory, "MEX", f"Person {number}")
    first = get(manager_client, directory)
    assert names_on(first) == ["Person 0", "Person 1", "Person 2"]
    assert "1–3 of 7 nominated points of contact" in first
    last = get(manager_client, directory, page=3)
    assert names_on(last) == ["Person 6"]
    assert "7–7 of 7" in last
    assert re.search(r'href="\?page=3" aria-current="page"', last)


def test_a_page_past_the_end_shows_the_last_page(manager_client, directory, small_pages):
    for number in range(4):
        nominate(directory, "MEX", f"Person {number}")
    assert names_on(get(manager_client, directory, page=99)) == ["Person 3"]


def test_a_single_page_shows_the_count_without_page_links(manager_client, directory):
    nominate(directory, "MEX", "Person 0")
    page = get(manager_client, directory)
    assert "1 nominated point of contact" in page
    assert "aria-current" not in page


def test_by_default_nominations_follow_the_state_names_in_the_readers_language(manager_client, directory, small_pages):
    # In English: Germany, Mexico, Spain; in Spanish: Alemania, España, México.
    for iso3, name in [("ESP", "Spanish A"), ("ESP", "Spanish B"), ("MEX", "Mexican A"), ("MEX", "Mexican B")]:
        nominate(directory, iso3, name)
    nominate(directory, "DEU", "German A")

    def every_page(language):
        shown = []
        for number in (1, 2):
            response = manager_client.get(
                reverse("directory:detail", args=[directory.slug]), {"page": number}, HTTP_ACCEPT_LANGUAGE=language
            )
            shown += names_on(response.content.decode())
        return shown

    assert every_page("en") == ["German A", "Mexican A", "Mexican B", "Spanish A", "Spanish B"]
    assert every_page("es") == ["German A", "Spanish A", "Spanish B", "Mexican A", "Mexican B"]


def test_within_a_state_diplomatic_contacts_come_before_technical_ones(manager_client, directory):
    technical = directory.roles.get(kind=RoleKind.TECHNICAL)
    NominationFactory(
        directory=directory, role=technical, contact=ContactFactory(institution=InstitutionFactory(), name="Aaron")
    )
    nominate(directory, "MEX", "Zoe")
    assert names_on(get(manager_client, directory)) == ["Zoe", "Aaron"]


def test_sorting_by_state_descending_reverses_states_and_rows(manager_client, directory, small_pages):
    for iso3, name in [("MEX", "Mexican A"), ("MEX", "Mexican B"), ("KEN", "Kenyan A"), ("ARG", "Argentine A")]:
        nominate(directory, iso3, name)
    shown = names_on(get(manager_client, directory, sort="-state")) + names_on(
        get(manager_client, directory, sort="-state", page=2)
    )
    assert shown == ["Mexican B", "Mexican A", "Kenyan A", "Argentine A"]


def test_sorting_by_name_either_way(manager_client, directory):
    for iso3, name in [("MEX", "Beatriz"), ("KEN", "Amani"), ("ARG", "Carla")]:
        nominate(directory, iso3, name)
    assert names_on(get(manager_client, directory, sort="name")) == ["Amani", "Beatriz", "Carla"]
    assert names_on(get(manager_client, directory, sort="-name")) == ["Carla", "Beatriz", "Amani"]


def test_sorting_by_last_verified_puts_never_verified_first(manager_client, directory):
    nominate(directory, "MEX", "Recent", last_verified=date(2026, 6, 1))
    nominate(directory, "MEX", "Never")
    nominate(directory, "KEN", "Old", last_verified=date(2025, 1, 1))
    assert names_on(get(manager_client, directory, sort="verified")) == ["Never", "Old", "Recent"]
    assert names_on(get(manager_client, directory, sort="-verified")) == ["Recent", "Old", "Never"]


def test_the_sorted_column_header_says_so_and_links_to_the_other_direction(manager_client, directory):
    nominate(directory, "MEX", "Person")
    page = get(manager_client, directory, sort="name")
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?sort=-name">', page)
    assert '<a href="?sort=verified">' in page


def test_filters_and_sort_stay_in_the_page_links(manager_client, directory, small_pages):
    for number in range(4):
        nominate(directory, "MEX", f"Mexican {number}")
    nominate(directory, "KEN", "Kenyan")
    page = get(manager_client, directory, state="MEX", sort="-name")
    assert names_on(page) == ["Mexican 3", "Mexican 2", "Mexican 1"]
    assert 'href="?state=MEX&amp;sort=-name&amp;page=2" rel="next"' in page
    assert names_on(get(manager_client, directory, state="MEX", sort="-name", page=2)) == ["Mexican 0"]


def test_changing_the_sort_goes_back_to_the_first_page(manager_client, directory, small_pages):
    for number in range(4):
        nominate(directory, "MEX", f"Mexican {number}")
    page = get(manager_client, directory, state="MEX", page=2)
    assert '<a href="?state=MEX&amp;sort=name">' in page


def test_the_filter_form_keeps_the_chosen_sort(manager_client, directory):
    nominate(directory, "MEX", "Person")
    assert '<input type="hidden" name="sort" value="-name">' in get(manager_client, directory, sort="-name")


def test_the_download_links_carry_the_filters_but_not_the_page_or_sort(manager_client, directory, small_pages):
    for number in range(4):
        nominate(directory, "KEN", f"Kenyan {number}")
    page = get(manager_client, directory, state="KEN", role=RoleKind.DIPLOMATIC, sort="name", page=2)
    for format in ("csv", "xlsx", "json", "vcf"):
        assert f'href="/directories/un/export.{format}?state=KEN&amp;role=diplomatic"' in page


def test_html_pages_are_compressed_for_clients_that_accept_gzip(manager_client, directory):
    nominate(directory, "MEX", "Compressed Person")
    response = manager_client.get(reverse("directory:detail", args=[directory.slug]), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Compressed Person" in gzip.decompress(response.content).decode()


def test_the_managers_list_pages_with_its_total_and_keeps_filters_and_sort(manager_client, directory, small_pages):
    for number in range(5):
        nominate(directory, "MEX", f"Mexican {number}")
    nominate(directory, "KEN", "Kenyan")
    url = reverse("directory:manager_nominations", args=[directory.slug])
    first = manager_client.get(url, {"q": "Mexican", "sort": "-name"}).content.decode()
    assert names_on(first) == ["Mexican 4", "Mexican 3", "Mexican 2"]
    assert "1–3 of 5 nominations" in first
    assert 'href="?q=Mexican&amp;sort=-name&amp;page=2" rel="next"' in first
    second = manager_client.get(url, {"q": "Mexican", "sort": "-name", "page": 2}).content.decode()
    assert names_on(second) == ["Mexican 1", "Mexican 0"]


def test_the_managers_list_query_count_does_not_grow_with_the_number_of_nominations(
    manager_client, directory, django_assert_num_queries
):
    url = reverse("directory:manager_nominations", args=[directory.slug])
    for number in range(10):
        nominate(directory, ["MEX", "KEN", "ARG"][number % 3], f"Person {number:02d}")
    with django_assert_num_queries(10):
        manager_client.get(url)
    for number in range(10, 60):
        nominate(directory, ["MEX", "KEN", "ARG", "EST", "FJI"][number % 5], f"Person {number:02d}")
    with django_assert_num_queries(10):
        manager_client.get(url)


def test_filtered_results_announce_their_count_in_the_status_not_the_whole_list(manager_client, directory):
    nominate(directory, "MEX", "Ana")
    nominate(directory, "KEN", "Wanjiru")
    url = reverse("directory:detail", args=[directory.slug])

    whole = get(manager_client, directory)
    partial = manager_client.get(url, {"state": "KEN"}, HTTP_HX_REQUEST="true").content.decode()

    assert '<p class="visually-hidden" role="status" id="results-status"></p>' in whole
    assert '<div id="results">' in whole
    assert '<span id="results-status" hx-swap-oob="innerHTML">1 nominated point of contact found.</span>' in partial
    assert "aria-live" not in partial
