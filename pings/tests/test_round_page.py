"""A round's page: its pings a page at a time with the total, sorted and filtered from the URL, and its summary;
the preview of a new round's recipients a page at a time."""

import re

import pytest
from django.urls import reverse

from directory.choices import RoleKind
from directory.models import Contact
from enlace.testing.factories import DirectoryFactory, coordinator_of, manager_of, state
from mail.openpgp import read_public_key
from mail.tests.keys import make_key_pair, make_signing_only_key
from pings import listing
from pings.models import Channel, PingStatus
from pings.tests.rounds import closed_round, member, ping
from pings.tests.test_results import HOURS


@pytest.fixture
def directory(db):
    return DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[state("MEX"), state("KEN")])


@pytest.fixture
def manager(directory):
    return manager_of(directory, email="manager@un.example.org")


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 3)


def names_on(page: str) -> list[str]:
    """The contact names of the table of pings, in order."""
    table = page.split('id="pings"', 1)[1]
    return re.findall(r'<a href="/contacts/[^"]+">([^<]+)</a>', table)


def get(client, ping_round, **query) -> str:
    response = client.get(reverse("pings:round", args=[ping_round.code]), query)
    assert response.status_code == 200
    return response.content.decode()


def pings_of(ping_round, directory, *people, answered_after=None, **options):
    """One ping for each (iso3, name), all answered after ``answered_after`` (or not at all)."""
    return [ping(ping_round, member(directory, iso3, name=name), answered_after, **options) for iso3, name in people]


def test_the_round_page_shows_a_page_of_pings_and_the_total(client, directory, manager, small_pages):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, *[("MEX", f"Person {number}") for number in range(7)])
    client.force_login(manager)
    first = get(client, ping_round)
    assert names_on(first) == ["Person 0", "Person 1", "Person 2"]
    assert "1–3 of 7 pings" in first
    second = get(client, ping_round, page=2)
    assert names_on(second) == ["Person 3", "Person 4", "Person 5"]
    assert "4–6 of 7 pings" in second
    assert re.search(r'href="\?page=2" aria-current="page"', second)
    assert names_on(get(client, ping_round, page=99)) == ["Person 6"]


def test_by_default_pings_follow_the_state_names_in_the_readers_language(client, directory, manager):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, ("MEX", "Mexican"), ("ESP", "Spanish"), ("DEU", "German"))
    client.force_login(manager)
    url = reverse("pings:round", args=[ping_round.code])
    assert names_on(client.get(url).content.decode()) == ["German", "Mexican", "Spanish"]
    in_spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()  # Alemania, España, México
    assert names_on(in_spanish) == ["German", "Spanish", "Mexican"]
    assert names_on(get(client, ping_round, sort="-state")) == ["Spanish", "Mexican", "German"]


def test_pings_sort_by_contact_name_either_way(client, directory, manager):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, ("MEX", "Beatriz"), ("KEN", "Amani"), ("ARG", "Carla"))
    client.force_login(manager)
    assert names_on(get(client, ping_round, sort="name")) == ["Amani", "Beatriz", "Carla"]
    assert names_on(get(client, ping_round, sort="-name")) == ["Carla", "Beatriz", "Amani"]


def test_pings_sort_by_status(client, directory, manager):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, ("MEX", "Unreachable one"))
    pings_of(ping_round, directory, ("MEX", "Confirmed one"), answered_after=HOURS)
    pings_of(ping_round, directory, ("KEN", "Changes one"), answered_after=HOURS, changes=True)
    client.force_login(manager)
    assert names_on(get(client, ping_round, sort="status")) == ["Changes one", "Confirmed one", "Unreachable one"]
    assert names_on(get(client, ping_round, sort="-status")) == ["Unreachable one", "Confirmed one", "Changes one"]


def test_pings_sort_by_answer_time_with_the_unanswered_last_either_way(client, directory, manager):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, ("MEX", "Never"))
    pings_of(ping_round, directory, ("MEX", "Late"), answered_after=3 * 24 * HOURS)
    pings_of(ping_round, directory, ("KEN", "Early"), answered_after=HOURS)
    client.force_login(manager)
    assert names_on(get(client, ping_round, sort="answered")) == ["Early", "Late", "Never"]
    assert names_on(get(client, ping_round, sort="-answered")) == ["Late", "Early", "Never"]


def test_the_sorted_column_says_so_and_links_to_the_other_direction(client, directory, manager):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, ("MEX", "Person"))
    client.force_login(manager)
    page = get(client, ping_round, sort="name")
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?sort=-name">', page)
    assert '<a href="?sort=answered">' in page


def test_the_round_filters_by_status(client, directory, manager):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, ("MEX", "Silent"))
    pings_of(ping_round, directory, ("MEX", "Correct"), answered_after=HOURS)
    pings_of(ping_round, directory, ("KEN", "Changed"), answered_after=HOURS, changes=True)
    client.force_login(manager)
    assert names_on(get(client, ping_round, status="answered")) == ["Changed", "Correct"]
    assert names_on(get(client, ping_round, status=PingStatus.CONFIRMED)) == ["Correct"]
    assert names_on(get(client, ping_round, status=PingStatus.CHANGES)) == ["Changed"]
    assert names_on(get(client, ping_round, status="unanswered")) == ["Silent"]
    assert "1 ping" in get(client, ping_round, status=PingStatus.UNREACHABLE)


def test_the_round_filters_by_state_channel_encryption_delivery_and_text(client, directory, manager):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, ("KEN", "Kenyan Desk"), answered_after=HOURS)
    pings_of(ping_round, directory, ("MEX", "Bounced Desk"), delivered=False)
    [encrypted] = pings_of(ping_round, directory, ("MEX", "Sealed Desk"), answered_after=HOURS)
    encrypted.encrypted = True
    encrypted.channel = Channel.PHONE
    encrypted.save()
    client.force_login(manager)
    assert names_on(get(client, ping_round, state="KEN")) == ["Kenyan Desk"]
    assert names_on(get(client, ping_round, channel=Channel.PHONE)) == ["Sealed Desk"]
    assert names_on(get(client, ping_round, encrypted="yes")) == ["Sealed Desk"]
    assert names_on(get(client, ping_round, encrypted="no", state="MEX")) == ["Bounced Desk"]
    assert names_on(get(client, ping_round, delivery="failed")) == ["Bounced Desk"]
    assert names_on(get(client, ping_round, q="sealed")) == ["Sealed Desk"]
    # The text is compared as the contact's search text is stored: any case, no accents.
    assert names_on(get(client, ping_round, q="KÉNYAN")) == ["Kenyan Desk"]


def test_filters_and_sort_stay_in_the_page_and_sort_links(client, directory, manager, small_pages):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, *[("MEX", f"Mexican {number}") for number in range(4)], ("KEN", "Kenyan"))
    client.force_login(manager)
    page = get(client, ping_round, state="MEX", sort="-name")
    assert names_on(page) == ["Mexican 3", "Mexican 2", "Mexican 1"]
    assert "1–3 of 4 pings" in page
    assert 'href="?state=MEX&amp;sort=-name&amp;page=2" rel="next"' in page
    assert names_on(get(client, ping_round, state="MEX", sort="-name", page=2)) == ["Mexican 0"]
    # A sort link keeps the filters and goes back to the first page; the filter form keeps the sort.
    assert '<a href="?state=MEX&amp;sort=status">' in get(client, ping_round, state="MEX", page=2)
    assert '<input type="hidden" name="sort" value="-name">' in page


def test_the_summary_counts_the_whole_round_whatever_the_filters(client, directory, manager):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, ("MEX", "A"), ("MEX", "B"))
    pings_of(ping_round, directory, ("KEN", "C"), answered_after=HOURS)
    pings_of(ping_round, directory, ("KEN", "D"), answered_after=HOURS, changes=True)
    client.force_login(manager)
    page = get(client, ping_round, state="KEN", status="answered")
    assert "4 of 4 sent" in page
    assert '<a href="?status=answered">Confirmed: <strong>2</strong></a>' in page
    assert '<a href="?status=changes">of which changes reported: <strong>1</strong></a>' in page
    assert '<a href="?status=unreachable">Unreachable: <strong>2</strong></a>' in page
    assert "2 pings" in page


def test_a_coordinator_sees_only_its_own_states_pings_on_every_page_and_filter(client, directory, small_pages):
    ping_round = closed_round(directory)
    pings_of(ping_round, directory, *[("KEN", f"Kenyan {number}") for number in range(4)])
    pings_of(ping_round, directory, *[("MEX", f"Mexican {number}") for number in range(4)], answered_after=HOURS)
    client.force_login(coordinator_of(state("KEN")))
    seen = []
    for query in (
        {},
        {"page": 2},
        {"sort": "-name"},
        {"sort": "status", "page": 2},
        {"state": "MEX"},
        {"q": "Mexican"},
    ):
        page = get(client, ping_round, **query)
        assert "Mexican" not in page.split("<tbody>", 1)[1]
        seen += names_on(page)
    assert sorted(set(seen)) == [f"Kenyan {number}" for number in range(4)]
    first = get(client, ping_round)
    assert "1–3 of 4 pings" in first
    assert "4 of 4 sent" in first
    assert '<option value="MEX"' not in first
    assert '<option value="KEN">Kenya</option>' in first


def test_the_round_page_and_its_progress_cost_the_same_queries_however_many_pings(
    client, directory, manager, django_assert_num_queries
):
    ping_round = closed_round(directory)
    url = reverse("pings:round", args=[ping_round.code])
    progress = reverse("pings:round_progress", args=[ping_round.code])
    client.force_login(manager)

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            iso3 = ["MEX", "KEN", "ARG"][number % 3]
            ping(ping_round, member(directory, iso3, name=f"Person {number:02d}"), HOURS if number % 2 else None)

    filtered = {"sort": "-answered", "status": "answered", "state": "MEX", "q": "person", "page": 1}
    add(4, 0)
    # Unfiltered, the page's total and State order come from the summary's grouped count; filtered, one more count.
    with django_assert_num_queries(11):
        client.get(url)
    with django_assert_num_queries(12):
        client.get(url, filtered)
    with django_assert_num_queries(5):
        client.get(progress, HTTP_HX_REQUEST="true")
    add(8, 4)
    with django_assert_num_queries(11):
        client.get(url)
    with django_assert_num_queries(12):
        client.get(url, filtered)
    with django_assert_num_queries(5):
        client.get(progress, HTTP_HX_REQUEST="true")


# --- The preview of a new round ---------------------------------------------------------------


def recipients_on(page: str) -> list[str]:
    table = page.split('id="recipients"', 1)[1]
    return re.findall(r"<tr>\s*<td>[^<]*</td>\s*<td>([^<]+)</td>", table)


def test_the_preview_pages_the_recipients_with_their_total(client, directory, manager, small_pages):
    for number in range(5):
        member(directory, "MEX", name=f"Mexican {number}")
    member(directory, "KEN", kinds=(RoleKind.DIPLOMATIC, RoleKind.TECHNICAL), name="Kenyan")
    client.force_login(manager)
    url = reverse("pings:round_new", args=[directory.slug])
    first = client.get(url).content.decode()
    assert "The round will ping 6 contacts in 2 States." in first
    assert recipients_on(first) == ["Kenyan", "Mexican 0", "Mexican 1"]
    assert "Diplomatic, Technical" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert recipients_on(second) == ["Mexican 2", "Mexican 3", "Mexican 4"]
    assert recipients_on(client.get(url, {"sort": "-name"}).content.decode()) == ["Mexican 4", "Mexican 3", "Mexican 2"]
    assert 'href="?sort=-name&amp;page=2" rel="next"' in client.get(url, {"sort": "-name"}).content.decode()


def test_the_preview_costs_the_same_queries_however_many_recipients(
    client, directory, manager, django_assert_num_queries
):
    client.force_login(manager)
    url = reverse("pings:round_new", args=[directory.slug])
    for number in range(3):
        member(directory, ["MEX", "KEN"][number % 2], name=f"Person {number}")
    with django_assert_num_queries(11):
        client.get(url)
    for number in range(3, 9):
        member(directory, ["MEX", "KEN", "ARG"][number % 3], name=f"Person {number}")
    with django_assert_num_queries(11):
        client.get(url)


def test_the_preview_says_encrypted_only_for_keys_the_round_will_encrypt_to(client, directory, manager):
    usable, signing_only = make_key_pair("usable@mx.example.org").public, make_signing_only_key("sign@mx.example.org")
    for name, key in (("Usable key", usable), ("Signing key", signing_only), ("No key", "")):
        info = read_public_key(key) if key else None
        Contact.objects.filter(pk=member(directory, "MEX", name=name).pk).update(
            pgp_key=key, pgp_fingerprint=info.fingerprint if info else "", pgp_expires=info.expires if info else None
        )
    client.force_login(manager)
    table = client.get(reverse("pings:round_new", args=[directory.slug])).content.decode().split('id="recipients"')[1]
    encrypted = dict(re.findall(r"<td>([^<]+)</td>\s*<td>[^<]*</td>\s*<td>[^<]*</td>\s*<td>(Yes|No)</td>", table))
    assert encrypted == {"No key": "No", "Signing key": "No", "Usable key": "Yes"}
