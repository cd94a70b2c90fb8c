"""The document lists (a directory's, a State's, the public one): a page at a time with the total, sorted and
filtered from the URL; the public one cached per address, page and sort included."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from enlace.testing.factories import DocumentFactory, state
from repository import listing
from repository.choices import DocumentKind, DocumentStatus, Visibility
from repository.models import Document


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 3)


def listed(page: str) -> list[str]:
    """The document names of the page's table, in order."""
    table = page.split('id="documents"', 1)[1]
    return re.findall(r'<a href="/documents/[0-9a-f-]{36}/">([^<]+)</a>', table)


def get(client, url: str, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def oas_url(network):
    return reverse("repository:documents", args=[network.oas.slug])


@pytest.fixture
def public_url(network):
    return reverse("repository:public", args=[network.oas.slug])


def in_force(year: int | None) -> date | None:
    return date(year, 1, 1) if year else None


def test_a_directorys_documents_show_a_page_at_a_time_with_the_total(client, network, oas_url, small_pages):
    for number in range(7):
        DocumentFactory(state=network.mexico, name=f"Policy {number}", entry_into_force=in_force(2020 - number))
    client.force_login(network.manager)
    first = get(client, oas_url)
    assert listed(first) == ["Policy 0", "Policy 1", "Policy 2"]
    assert "1–3 of 7 documents" in first
    second = get(client, oas_url, page=2)
    assert listed(second) == ["Policy 3", "Policy 4", "Policy 5"]
    assert "4–6 of 7 documents" in second
    assert re.search(r'href="\?page=2" aria-current="page"', second)
    assert listed(get(client, oas_url, page=99)) == ["Policy 6"]


def test_by_default_documents_are_grouped_by_state_in_the_readers_language_newest_first(client, network, oas_url):
    spain = state("ESP")
    network.oas.participations.create(state=spain)
    DocumentFactory(state=network.mexico, name="Mexican draft")
    DocumentFactory(state=network.mexico, name="Mexican 2019", entry_into_force=in_force(2019))
    DocumentFactory(state=network.mexico, name="Mexican 2024", entry_into_force=in_force(2024))
    DocumentFactory(state=spain, name="Spanish law", entry_into_force=in_force(2010))
    DocumentFactory(state=network.argentina, name="Argentine law", entry_into_force=in_force(2001))
    client.force_login(network.manager)
    english = ["Argentine law", "Mexican 2024", "Mexican 2019", "Mexican draft", "Spanish law"]
    assert listed(get(client, oas_url)) == english
    # Argentina, España, México.
    spanish = client.get(oas_url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert listed(spanish) == ["Argentine law", "Spanish law", "Mexican 2024", "Mexican 2019", "Mexican draft"]
    assert listed(get(client, oas_url, sort="-state")) == [
        "Spanish law",
        "Mexican 2024",
        "Mexican 2019",
        "Mexican draft",
        "Argentine law",
    ]


def test_documents_sort_by_name_type_entry_into_force_and_update(client, network, oas_url):
    law = DocumentFactory(state=network.mexico, name="Cybercrime law", kind=DocumentKind.LAW)
    strategy = DocumentFactory(
        state=network.argentina,
        name="Alpha strategy",
        entry_into_force=in_force(2022),
        kind=DocumentKind.NATIONAL_STRATEGY,
    )
    DocumentFactory(
        state=network.mexico, name="Beta regulation", entry_into_force=in_force(2018), kind=DocumentKind.REGULATION
    )
    Document.objects.filter(pk=law.pk).update(updated="2026-01-01T00:00:00Z")
    Document.objects.filter(pk=strategy.pk).update(updated="2025-01-01T00:00:00Z")
    client.force_login(network.manager)
    assert listed(get(client, oas_url, sort="name")) == ["Alpha strategy", "Beta regulation", "Cybercrime law"]
    assert listed(get(client, oas_url, sort="-name")) == ["Cybercrime law", "Beta regulation", "Alpha strategy"]
    # Law, national strategy, regulation (by the stored value).
    assert listed(get(client, oas_url, sort="kind")) == ["Cybercrime law", "Alpha strategy", "Beta regulation"]
    # Undated documents come last, whichever the direction.
    assert listed(get(client, oas_url, sort="in_force")) == ["Beta regulation", "Alpha strategy", "Cybercrime law"]
    assert listed(get(client, oas_url, sort="-in_force")) == ["Alpha strategy", "Beta regulation", "Cybercrime law"]
    assert listed(get(client, oas_url, sort="updated")) == ["Alpha strategy", "Cybercrime law", "Beta regulation"]


def test_a_search_lists_the_best_match_first_unless_another_order_is_chosen(client, network, oas_url):
    DocumentFactory(
        state=network.mexico, name="Plan general", description="Incluye la ciberseguridad.", languages=["es"]
    )
    DocumentFactory(state=network.argentina, name="Ley de Ciberseguridad", description="Ley.", languages=["es"])
    client.force_login(network.manager)
    page = get(client, oas_url, q="ciberseguridad")
    assert listed(page) == ["Ley de Ciberseguridad", "Plan general"]
    assert "2 documents found" in page
    assert 'aria-sort="' not in page
    assert listed(get(client, oas_url, q="ciberseguridad", sort="name")) == ["Ley de Ciberseguridad", "Plan general"]
    assert listed(get(client, oas_url, q="ciberseguridad", sort="-name")) == ["Plan general", "Ley de Ciberseguridad"]


def test_filters_and_sort_stay_in_the_page_and_sort_links(client, network, oas_url, small_pages):
    for number in range(4):
        DocumentFactory(state=network.mexico, name=f"Law {number}", kind=DocumentKind.LAW)
    DocumentFactory(state=network.argentina, name="Strategy")
    client.force_login(network.manager)
    page = get(client, oas_url, kind="law", sort="-name")
    assert listed(page) == ["Law 3", "Law 2", "Law 1"]
    assert "1–3 of 4 documents" in page
    assert 'href="?kind=law&amp;sort=-name&amp;page=2" rel="next"' in page
    assert listed(get(client, oas_url, kind="law", sort="-name", page=2)) == ["Law 0"]
    assert '<a href="?kind=law&amp;sort=updated">' in get(client, oas_url, kind="law", page=2)
    assert '<input type="hidden" name="sort" value="-name">' in page


def test_the_results_htmx_asks_for_carry_the_total_and_the_page_links(client, network, public_url, small_pages):
    for number in range(4):
        DocumentFactory(state=network.mexico, name=f"Estrategia {number}", languages=["es"])
    partial = client.get(public_url, {"q": "estrategia", "sort": "name"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="document-results"')
    assert "1–3 of 4 documents" in partial
    assert 'href="?q=estrategia&amp;sort=name&amp;page=2" rel="next"' in partial


def test_a_states_page_pages_its_documents(client, network, small_pages):
    for number in range(4):
        DocumentFactory(state=network.mexico, name=f"Policy {number}", entry_into_force=in_force(2020 + number))
    DocumentFactory(state=network.argentina, name="Argentine")
    client.force_login(network.coordinator_mex)
    url = reverse("repository:state", args=["MEX"])
    first = get(client, url)
    assert listed(first) == ["Policy 3", "Policy 2", "Policy 1"]
    assert "1–3 of 4 documents" in first
    assert listed(get(client, url, page=2)) == ["Policy 0"]
    assert listed(get(client, url, sort="name", status=DocumentStatus.IN_FORCE)) == ["Policy 0", "Policy 1", "Policy 2"]


@pytest.mark.parametrize(
    ("url_name", "who", "queries"),
    [
        ("repository:documents", "manager", 10),
        ("repository:state", "coordinator_mex", 10),
        ("repository:public", None, 7),
    ],
)
def test_the_lists_cost_the_same_queries_however_many_documents(
    client, network, url_name, who, queries, django_assert_num_queries
):
    url = reverse(url_name, args=["MEX" if url_name == "repository:state" else network.oas.slug])
    if who:
        client.force_login(getattr(network, who))

    def add(count: int) -> None:
        for number in range(count):
            DocumentFactory(
                state=[network.mexico, network.argentina][number % 2], name=f"Policy {number}", languages=["es", "en"]
            )

    add(3)
    with django_assert_num_queries(queries):
        client.get(url, {"sort": "name"})
    add(6)
    with django_assert_num_queries(queries):
        client.get(url)
    with django_assert_num_queries(queries):
        client.get(url, {"q": "policy", "language": "es", "sort": "-in_force", "page": 1})


def test_the_public_list_is_cached_per_address_page_and_sort_included(
    network, public_url, small_pages, django_assert_num_queries
):
    for number in range(4):
        DocumentFactory(state=network.mexico, name=f"Policy {number}")
    queries = ({}, {"page": 2}, {"sort": "-name"})
    rendered = [listed(Client().get(public_url, query).content.decode()) for query in queries]
    assert rendered == [["Policy 0", "Policy 1", "Policy 2"], ["Policy 3"], ["Policy 3", "Policy 2", "Policy 1"]]
    with django_assert_num_queries(0):
        served = [listed(Client().get(public_url, query).content.decode()) for query in queries]
    assert served == rendered


def test_participants_only_documents_never_appear_on_any_public_page(network, public_url, small_pages):
    for number in range(4):
        DocumentFactory(state=network.mexico, name=f"Public policy {number}")
        DocumentFactory(state=network.mexico, name=f"Reserved policy {number}", visibility=Visibility.PARTICIPANTS)
    seen = []
    for query in (
        {},
        {"page": 2},
        {"sort": "-name"},
        {"sort": "updated", "page": 2},
        {"q": "reserved"},
        {"state": "MEX"},
    ):
        page = Client().get(public_url, query).content.decode()
        assert "Reserved" not in page.split('id="documents"', 1)[1]
        seen += listed(page)
    assert sorted(set(seen)) == [f"Public policy {number}" for number in range(4)]


def test_the_results_htmx_asks_for_announce_their_count_in_the_status_not_the_whole_list(client, network, public_url):
    for number in range(4):
        DocumentFactory(state=network.mexico, name=f"Estrategia {number}", languages=["es"])

    whole = client.get(public_url).content.decode()
    partial = client.get(public_url, {"q": "estrategia"}, HTTP_HX_REQUEST="true").content.decode()

    assert '<p class="visually-hidden" role="status" id="document-status"></p>' in whole
    assert '<span id="document-status" hx-swap-oob="innerHTML">4 documents found.</span>' in partial
    assert "aria-live" not in whole.split('id="document-results"', 1)[1]
