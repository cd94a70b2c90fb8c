"""The communication lists: a page at a time with the total, sorted and filtered from the URL, and never another
State's exchange on any page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communication_templates.defaults import INCIDENT_NOTIFICATION
from communications import listing
from communications.models import Communication, CommunicationStatus, Recipient

LISTS = ("communications:inbox", "communications:sent", "communications:needs_action")


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 3)


def communication(
    network,
    sender,
    recipient,
    *,
    hours_ago: float = 1,
    status: str = CommunicationStatus.SENT,
    tlp: str = "green",
    urgency: str = "routine",
    is_exercise: bool = False,
    sent_by=None,
    to=(),
) -> Communication:
    """A communication written as sending one leaves it (its deadlines 72 hours and 15 days after sending)."""
    sent_at = timezone.now() - timedelta(hours=hours_ago)
    template = network.directory.communication_templates.get(key=INCIDENT_NOTIFICATION)
    created = Communication.objects.create(
        directory=network.directory,
        template_version=template.current_version,
        sender_state=sender,
        recipient_state=recipient,
        sent_by=sent_by or network.poc_mx,
        audience="technical",
        tlp=tlp,
        urgency=urgency,
        is_exercise=is_exercise,
        language="en",
        status=status,
        sent_at=sent_at,
        acknowledge_by=sent_at + timedelta(hours=72),
        answer_by=sent_at + timedelta(days=15),
        acknowledged_at=None if status == CommunicationStatus.SENT else sent_at + timedelta(hours=1),
        answered_at=sent_at + timedelta(hours=2) if status == CommunicationStatus.ANSWERED else None,
    )
    for number, contact in enumerate(to):
        Recipient.objects.create(
            communication=created, contact=contact, language="en", token_hash=f"{created.pk}-{number}"
        )
    return created


def listed(page: str) -> list[str]:
    """The codes of the communications in the page's table, in order."""
    table = page.split('id="communications"', 1)[1]
    return re.findall(r'<a href="/communications/([0-9a-f-]{36})/">', table)


def codes(*communications) -> list[str]:
    return [str(communication.code) for communication in communications]


def get(client, name: str = "communications:inbox", **query) -> str:
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_inbox_shows_a_page_at_a_time_with_the_total(network, client, small_pages):
    # Due soonest first: the oldest unacknowledged first.
    received = [communication(network, network.mexico, network.kenya, hours_ago=10 - number) for number in range(7)]
    client.force_login(network.poc_ke)
    first = get(client)
    assert listed(first) == codes(*received[:3])
    assert "1–3 of 7 communications" in first
    second = get(client, page=2)
    assert listed(second) == codes(*received[3:6])
    assert "4–6 of 7 communications" in second
    assert re.search(r'href="\?page=2" aria-current="page"', second)
    assert listed(get(client, page=99)) == codes(received[6])


def test_the_lists_sort_by_sending_time_either_way(network, client):
    older = communication(network, network.mexico, network.kenya, hours_ago=5)
    newer = communication(network, network.mexico, network.kenya, hours_ago=1)
    client.force_login(network.poc_ke)
    assert listed(get(client, sort="sent")) == codes(older, newer)
    assert listed(get(client, sort="-sent")) == codes(newer, older)


def test_the_lists_sort_by_urgency_the_most_urgent_first(network, client):
    routine = communication(network, network.mexico, network.kenya, urgency="routine", hours_ago=3)
    critical = communication(network, network.mexico, network.kenya, urgency="critical", hours_ago=1)
    high = communication(network, network.mexico, network.kenya, urgency="high", hours_ago=2)
    client.force_login(network.poc_ke)
    assert listed(get(client, sort="urgency")) == codes(critical, high, routine)
    assert listed(get(client, sort="-urgency")) == codes(routine, high, critical)


def test_the_inbox_sorts_by_the_sending_state_and_the_sent_list_by_the_receiving_one(network, client):
    from_mexico = communication(network, network.mexico, network.kenya, hours_ago=2)
    from_estonia = communication(network, network.estonia, network.kenya, hours_ago=1)
    client.force_login(network.coordinator_ke)
    assert listed(get(client, sort="state")) == codes(from_estonia, from_mexico)
    page = get(client, sort="-state")
    assert listed(page) == codes(from_mexico, from_estonia)
    assert re.search(r'<th scope="col" aria-sort="descending"><a href="\?sort=state">From', page)
    to_mexico = communication(network, network.kenya, network.mexico, hours_ago=2, sent_by=network.coordinator_ke)
    to_estonia = communication(network, network.kenya, network.estonia, hours_ago=1, sent_by=network.coordinator_ke)
    sent = get(client, "communications:sent", sort="state")
    assert listed(sent) == codes(to_estonia, to_mexico)
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="\?sort=-state">To', sent)


def test_the_lists_filter_by_status_tlp_urgency_and_exercise(network, client):
    overdue = communication(network, network.mexico, network.kenya, hours_ago=100)
    awaiting = communication(network, network.mexico, network.kenya, hours_ago=1, tlp="clear", urgency="critical")
    acknowledged = communication(network, network.mexico, network.kenya, status="acknowledged", is_exercise=True)
    answered = communication(network, network.mexico, network.kenya, status="answered", hours_ago=2)
    client.force_login(network.poc_ke)
    assert listed(get(client, status="sent")) == codes(overdue, awaiting)
    assert listed(get(client, status="acknowledged")) == codes(acknowledged)
    assert listed(get(client, status="answered")) == codes(answered)
    assert listed(get(client, status="overdue")) == codes(overdue)
    assert listed(get(client, tlp="clear")) == codes(awaiting)
    assert listed(get(client, urgency="critical")) == codes(awaiting)
    assert listed(get(client, is_exercise="true")) == codes(acknowledged)
    assert set(listed(get(client, is_exercise="false"))) == set(codes(overdue, awaiting, answered))
    assert "No communication matches these filters." in get(client, tlp="red")


def test_an_answer_past_its_originals_deadlines_is_not_overdue(network, client):
    original = communication(network, network.kenya, network.mexico, status="answered", hours_ago=400)
    answer = communication(network, network.mexico, network.kenya, hours_ago=399)
    Communication.objects.filter(pk=answer.pk).update(in_reply_to=original, acknowledge_by=None, answer_by=None)
    client.force_login(network.poc_ke)
    assert listed(get(client)) == codes(answer)
    assert listed(get(client, status="overdue")) == []


def test_filters_scope_and_sort_stay_in_the_page_and_sort_links(network, client, small_pages):
    for number in range(4):
        communication(
            network, network.mexico, network.kenya, urgency="high", hours_ago=number + 1, to=[network.ke_desk]
        )
    communication(network, network.mexico, network.kenya, urgency="routine")
    client.force_login(network.poc_ke)
    page = get(client, urgency="high", scope="mine", sort="-sent")
    assert "1–3 of 4 communications" in page
    assert 'href="?urgency=high&amp;scope=mine&amp;sort=-sent&amp;page=2" rel="next"' in page
    assert len(listed(get(client, urgency="high", scope="mine", sort="-sent", page=2))) == 1
    assert '<a href="?urgency=high&amp;scope=mine&amp;sort=urgency">' in get(
        client, urgency="high", scope="mine", page=2
    )
    assert '<input type="hidden" name="scope" value="mine">' in page
    assert '<input type="hidden" name="sort" value="-sent">' in page


def test_the_lists_cost_the_same_queries_however_many_communications(network, client, django_assert_num_queries):
    def add(count: int) -> None:
        for number in range(count):
            communication(
                network,
                network.mexico,
                network.kenya,
                hours_ago=number + 1,
                status=["sent", "acknowledged"][number % 2],
                to=[network.ke_desk],
            )
            communication(network, network.kenya, network.mexico, hours_ago=number + 1, sent_by=network.poc_ke)

    client.force_login(network.poc_ke)
    add(2)
    for name in LISTS:
        with django_assert_num_queries(8):
            client.get(reverse(name))
    add(6)
    for name in LISTS:
        with django_assert_num_queries(8):
            client.get(reverse(name))
        with django_assert_num_queries(8):
            client.get(reverse(name), {"sort": "-state", "status": "sent", "is_exercise": "false", "scope": "mine"})


def test_another_states_communications_never_appear_on_any_page(network, client, small_pages):
    """Estonia and Kenya write to each other; Mexico's members see none of it, on any list, page, sort or filter."""
    theirs = set()
    for number in range(4):
        for tlp in ("clear", "green", "amber", "red"):
            theirs.add(str(communication(network, network.estonia, network.kenya, hours_ago=number + 1, tlp=tlp).code))
            theirs.add(str(communication(network, network.kenya, network.estonia, hours_ago=number + 1, tlp=tlp).code))
    ours = {str(communication(network, network.mexico, network.kenya, hours_ago=number).code) for number in range(4)}
    queries = [
        {},
        {"page": 2},
        {"sort": "-state"},
        {"sort": "urgency", "page": 2},
        {"status": "overdue"},
        {"tlp": "red"},
    ]
    for user in (network.poc_mx, network.coordinator_mx):
        client.force_login(user)
        seen = set()
        for name in LISTS:
            for query in [*queries, *[{**query, "scope": "mine"} for query in queries]]:
                page = get(client, name, **query)
                seen.update(listed(page))
                assert not theirs & set(re.findall(r"[0-9a-f-]{36}", page))
        assert seen == ours
