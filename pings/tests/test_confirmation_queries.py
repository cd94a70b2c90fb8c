"""The confirmation is the hot path of a round: what it reads and writes, statement by statement."""

from datetime import date

from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from directory.models import ContactEmail, ContactPhone
from enlace.testing.queries import queries_run
from pings.models import Channel, Ping, PingStatus
from pings.tests.conftest import code_in, link_in


def statements(queries) -> list[str]:
    """Each statement's first words and table, without the savepoints of the test's own transaction.

    A statement WITH data-modifying parts is named by them: "UPDATE pings_ping + UPDATE directory_contact".
    """
    modifying = {"(UPDATE": 1, "(INSERT": 2}  # where the table's name is after the word
    found = []
    for query in queries.captured_queries:
        words = query["sql"].replace('"', "").split()
        if words[0] in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            continue
        if words[0] == "WITH":
            found.append(
                " + ".join(
                    f"{word[1:]} {words[at + modifying[word]]}" for at, word in enumerate(words) if word in modifying
                )
            )
            continue
        table = outer_from(words) if words[0] == "SELECT" else words[2 if words[0] == "INSERT" else 1]
        found.append(f"{words[0]} {table}")
    return found


def outer_from(words: list[str]) -> str:
    """The table a SELECT reads from, not one of its subqueries'."""
    depth = 0
    for at, word in enumerate(words):
        if word == "FROM" and depth == 0:
            return words[at + 1]
        depth += word.count("(") - word.count(")")
    raise ValueError("no FROM")


def the_answers_statements() -> list[str]:
    """Claim the ping, mark its contact verified, log it: on PostgreSQL all three are one statement."""
    if connection.vendor == "postgresql":
        return ["UPDATE pings_ping + UPDATE directory_contact + INSERT auditlog_logentry"]
    return ["UPDATE pings_ping", "UPDATE directory_contact", "INSERT auditlog_logentry"]


def the_claims_statement() -> str:
    return the_answers_statements()[0]


def the_pages_statements() -> list[str]:
    """The ping with its contact, then all the lists the page shows: on PostgreSQL both in one statement."""
    if connection.vendor == "postgresql":
        return ["SELECT pings_ping"]
    return ["SELECT pings_ping", "SELECT directory_contactemail"]


def test_opening_the_link_reads_the_ping_with_its_contact_and_all_its_lists_in_two_statements_or_one_on_postgresql(
    client, network, start, mailbox
):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    with queries_run() as queries:
        response = client.get(link)
    assert "lq@sre.mx.example.org" in response.content.decode()
    assert statements(queries) == the_pages_statements()
    # The last reads the addresses, phones, languages and the nominations the ping covers at once.
    assert queries.captured_queries[-1]["sql"].count("UNION ALL") == 3


def test_the_page_takes_the_same_statements_however_much_the_contact_has(client, network, start, mailbox):
    desk = network.mexico_desk
    for number in range(3):
        ContactPhone.objects.create(contact=desk, number=f"+5255123456{number}", position=number)
        ContactEmail.objects.create(contact=desk, address=f"extra{number}@csirt.mx.example.org", position=2 + number)
    start(network.directory)
    link = link_in(mailbox.to("guardia@csirt.mx.example.org")[0])
    with queries_run() as queries:
        response = client.get(link)
    assert response.content.decode().count("@csirt.mx.example.org") >= 5
    assert statements(queries) == the_pages_statements()


def test_the_answer_claims_the_ping_marks_the_contact_and_logs_it_in_three_statements_or_one_on_postgresql(
    client, network, start, mailbox
):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    with queries_run() as queries:
        response = client.post(link, {"answer": "correct", "attest": "on"})
    assert "Your answer is recorded" in response.content.decode()
    assert statements(queries) == the_answers_statements()
    claim = next(query["sql"] for query in queries.captured_queries if query["sql"].split()[0] != "SAVEPOINT")
    assert "RETURNING" in claim
    network.mexico_diplomat.refresh_from_db()
    assert network.mexico_diplomat.last_verified == timezone.localdate()
    assert network.mexico_diplomat.unverified_since is None


def test_a_second_answer_tries_the_update_then_reads_the_ping_to_say_it_was_already_answered(
    client, network, start, mailbox
):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    client.post(link, {"answer": "correct", "attest": "on"})
    with queries_run() as queries:
        response = client.post(link, {"answer": "correct", "attest": "on"})
    assert "Already confirmed" in response.content.decode()
    assert statements(queries) == [the_claims_statement(), "SELECT pings_ping"]


def test_a_typed_code_answer_takes_the_same_statements(client, network, start, mailbox):
    start(network.directory)
    code = code_in(mailbox.to("lq@sre.mx.example.org")[0])
    with queries_run() as queries:
        client.post(reverse("pings:enter_code"), {"code": code, "answer": "correct", "attest": "on"})
    assert statements(queries) == the_answers_statements()
    assert Ping.objects.get(contact=network.mexico_diplomat).channel == Channel.CODE


def test_the_change_log_entry_is_the_one_saving_the_contact_writes(client, network, start, mailbox):
    start(network.directory)
    diplomat, desk = network.mexico_diplomat, network.kenya_desk
    for contact in (diplomat, desk):
        contact.unverified_since = date(2026, 1, 5)
        contact.save()
    client.post(link_in(mailbox.to("lq@sre.mx.example.org")[0]), {"answer": "correct", "attest": "on"})
    desk.refresh_from_db()
    desk.mark_verified(Ping.objects.get(contact=diplomat).answered_at.date())

    def entry(contact) -> tuple:
        logged = LogEntry.objects.get_for_object(contact).order_by("-pk").first()
        return (logged.action, logged.changes, logged.additional_data, logged.object_repr)

    recorded, saved = entry(diplomat), entry(desk)
    assert recorded[:2] == saved[:2]
    assert set(recorded[1]) == {"last_verified", "unverified_since"}
    assert recorded[2] == {"state": diplomat.institution.state_id, "contact": str(diplomat.code)}
    assert recorded[3] == "Lucía Quiroga"


def test_a_contact_verified_that_day_already_gets_no_change_log_entry_as_saving_it_would_write_none(
    client, network, start, mailbox
):
    start(network.directory)
    diplomat = network.mexico_diplomat
    diplomat.mark_verified(timezone.localdate())
    logged = LogEntry.objects.get_for_object(diplomat).count()
    response = client.post(link_in(mailbox.to("lq@sre.mx.example.org")[0]), {"answer": "correct", "attest": "on"})
    assert "Your answer is recorded" in response.content.decode()
    assert Ping.objects.get(contact=diplomat).status == PingStatus.CONFIRMED
    assert LogEntry.objects.get_for_object(diplomat).count() == logged


def test_concurrent_or_repeated_answers_are_recorded_once(client, network, start, mailbox):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    client.post(link, {"answer": "changes", "changes": "New phone", "attest": "on"})
    client.post(link, {"answer": "correct", "attest": "on"})
    ping = Ping.objects.get(contact=network.mexico_diplomat)
    assert (ping.status, ping.reported_changes) == (PingStatus.CHANGES, "New phone")
    assert (
        LogEntry.objects.get_for_object(network.mexico_diplomat).filter(changes__has_key="last_verified").count() == 1
    )
