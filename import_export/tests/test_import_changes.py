"""What an import writes: nothing for an unchanged file, only what changed otherwise, in a few statements."""

import re
from collections import Counter

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from accounts.tests.helpers import signed_in
from directory.models import Contact, ContactEmail, ContactPhone, Nomination
from enlace.testing.factories import ContactFactory, InstitutionFactory
from enlace.testing.queries import queries_run
from import_export.importing import ImportRefused
from import_export.tests.test_export import download
from import_export.tests.test_spreadsheet_import import csv_file, row, run

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(queries) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]


def test_a_reimported_export_reports_every_row_unchanged_and_writes_nothing(network):
    exported = download(network.manager, network.directory, "csv")
    entries = LogEntry.objects.count()
    with queries_run() as queries:
        report = run(network, exported, user=network.manager)
    assert {outcome.action for outcome in report.outcomes} == {"unchanged"}
    assert len(report.outcomes) == 4
    assert writes(queries.captured_queries) == []
    assert LogEntry.objects.count() == entries


def test_a_reimported_xlsx_export_changes_nothing_either(network):
    report = run(network, download(network.manager, network.directory, "xlsx"), user=network.manager)
    assert {outcome.action for outcome in report.outcomes} == {"unchanged"}


def desk_row(**cells) -> dict:
    return row(
        **{
            "name": "Mesa de Guardia",
            "emails": "guardia@csirt.mx.example.org; cert@csirt.mx.example.org (duty)",
            "institution": "CSIRT MX, Guardia",
            "kind": "functional",
            "title": "Centro de respuesta; 24/7",
            "languages": "es, en",
            "phones": "+525512345678 (emergency)",
            "time_zone": "America/Mexico_City",
            **cells,
        }
    )


def test_a_changed_phone_is_updated_in_place_and_the_addresses_are_left_alone(network):
    emails = list(ContactEmail.objects.filter(contact=network.desk).values_list("pk", "address"))
    phone = ContactPhone.objects.get(contact=network.desk)
    entries = LogEntry.objects.count()
    report = run(network, csv_file(desk_row(phones="+525587654321 (emergency)")))
    assert [outcome.action for outcome in report.outcomes] == ["changed"]
    assert list(ContactEmail.objects.filter(contact=network.desk).values_list("pk", "address")) == emails
    assert list(ContactPhone.objects.filter(contact=network.desk).values_list("pk", "number")) == [
        (phone.pk, "+525587654321")
    ]
    new_entries = LogEntry.objects.order_by("pk")[entries:]
    assert [(entry.content_type.model, entry.action) for entry in new_entries] == [
        ("contactphone", LogEntry.Action.UPDATE)
    ]
    assert new_entries[0].changes["number"] == ["+525512345678", "+525587654321"]
    assert new_entries[0].actor is None or new_entries[0].actor == network.coordinator_mex


def test_a_changed_title_is_one_update_of_the_contact_in_the_change_log(network):
    entries = LogEntry.objects.count()
    run(network, csv_file(desk_row(title="Duty desk")))
    new_entries = list(LogEntry.objects.order_by("pk")[entries:])
    assert [(entry.content_type.model, entry.action) for entry in new_entries] == [("contact", LogEntry.Action.UPDATE)]
    assert new_entries[0].changes == {"title": ["Centro de respuesta; 24/7", "Duty desk"]}
    assert new_entries[0].additional_data["contact"] == str(network.desk.code)


def test_created_records_are_in_the_change_log_with_their_state(network):
    entries = LogEntry.objects.count()
    run(network, csv_file(row()))
    logged = Counter(entry.content_type.model for entry in LogEntry.objects.order_by("pk")[entries:])
    assert logged == {
        "institution": 1,
        "contact": 1,
        "contactemail": 1,
        "contactphone": 1,
        "contactlanguage": 2,
        "nomination": 1,
    }
    contact = Contact.objects.get(name="Ana Torres")
    entry = LogEntry.objects.get_for_object(contact).get()
    assert entry.additional_data == {"state": contact.institution.state_id, "contact": str(contact.code)}


def test_the_summary_counts_what_the_table_lists(network):
    data = csv_file(
        row(),  # created
        desk_row(title="Duty desk"),  # changed
        desk_row(role="diplomatic", title="Duty desk"),  # unchanged (already nominated, changed above)
        row(state="KEN", emails="k@ke.example.org"),  # skipped: another State
    )
    response = signed_in(network.coordinator_mex).post(
        reverse("import_export:import_spreadsheet", args=["un"]),
        {"file": SimpleUploadedFile("f.csv", data), "apply": "on"},
        follow=True,
    )
    report = response.context["report"]
    assert Counter(outcome.action for outcome in report.outcomes) == {
        action: count for action, _label, count in report.counts
    }
    assert [(action, count) for action, _label, count in report.counts] == [
        ("created", 1),
        ("changed", 1),
        ("unchanged", 1),
        ("skipped", 1),
    ]
    body = response.content.decode()
    assert "Created: 1" in body and "Linked, details changed: 1" in body and "Unchanged: 1" in body
    desk = LogEntry.objects.get_for_object(network.desk).latest("pk")
    assert desk.actor == network.coordinator_mex, "bulk-written entries name who imported"


def test_an_address_the_importer_may_not_use_is_refused_without_saying_whose_it_is(network):
    """Mexico's coordinator names an Estonian contact's address (a State it cannot see) and a Kenyan one."""
    estonian = network.estonian.emails.first().address
    kenyan = network.kenyan.emails.first().address
    with pytest.raises(ImportRefused) as refused:
        run(
            network,
            csv_file(row(emails=estonian), row(name="Other", emails=kenyan), row(name="Fine", emails="f@x.org")),
        )
    messages = [str(problem) for problem in refused.value.problems]
    assert messages == [
        "line 2, emails: This e-mail address cannot be used in this import.",
        "line 3, emails: This e-mail address cannot be used in this import.",
    ]
    assert not Contact.objects.filter(name="Fine").exists(), "a refused row refuses the whole file"


def test_an_invisible_contact_of_the_importers_own_state_is_not_linked(network, monkeypatch):
    """Whatever the permission rules hide from the importer cannot be reached by naming its address."""
    hidden = ContactFactory(
        institution=InstitutionFactory(state=network.desk.institution.state), email="hidden@sre.mx.example.org"
    )
    from directory.models import ContactQuerySet

    restrict = ContactQuerySet.restrict

    def without_hidden(self, principal, action):
        return restrict(self, principal, action).exclude(pk=hidden.pk)

    monkeypatch.setattr(ContactQuerySet, "restrict", without_hidden)
    with pytest.raises(ImportRefused) as refused:
        run(network, csv_file(row(emails="hidden@sre.mx.example.org")))
    assert [str(problem) for problem in refused.value.problems] == [
        "line 2, emails: This e-mail address cannot be used in this import."
    ]


def rows_for(count: int, prefix: str) -> bytes:
    return csv_file(
        *(
            row(name=f"{prefix} {number}", emails=f"{prefix}{number}@cert.mx.example.org", institution=f"{prefix} CERT")
            for number in range(count)
        )
    )


def statements(queries) -> list[str]:
    """The statements run, as written (an ``executemany`` is logged as "N times: …")."""
    return [re.sub(r"^\d+ times: ", "", query["sql"].lstrip()) for query in queries.captured_queries]


def write_transaction(statements: list[str]) -> tuple[list[str], list[str]]:
    """The statements before the import's write transaction, and those inside it (the block that inserts contacts)."""
    opening = closing = None
    for index, sql in enumerate(statements):
        if sql.startswith("SAVEPOINT"):
            opening = index
        elif sql.startswith("RELEASE SAVEPOINT") and opening is not None:
            if any(statement.startswith('INSERT INTO "directory_') for statement in statements[opening:index]):
                closing = index
                break
            opening = None
    assert closing is not None, "no write transaction"
    return statements[:opening], statements[opening + 1 : closing]


def test_an_import_reads_everything_before_it_writes_anything(network):
    """Before its write transaction an import only reads, takes ids and stages rows in its own temporary tables."""
    with queries_run() as queries:
        run(network, csv_file(desk_row(title="Duty desk"), row()))
    before, _inside = write_transaction(statements(queries))
    preparing = (
        "SELECT",
        "(SELECT",
        "SAVEPOINT",
        "RELEASE SAVEPOINT",
        "CREATE TEMPORARY TABLE",
        'INSERT INTO "enlace_stage_',
    )
    # Ids: SQLite's numbering of AUTOINCREMENT keys (a SELECT of the sequences on PostgreSQL).
    taking_ids = ("INSERT INTO sqlite_sequence", "UPDATE sqlite_sequence")
    assert [sql for sql in before if not sql.startswith(preparing + taking_ids)] == []


def test_the_write_transaction_moves_staged_rows_with_one_statement_per_table_whatever_the_rows(network):
    """What keeps other writers waiting (on SQLite) is the database copying rows, not a round trip per row."""

    def inside(data: bytes) -> list[str]:
        with queries_run() as queries:
            run(network, data)
        return write_transaction(statements(queries))[1]

    few, many = inside(rows_for(2, "few")), inside(rows_for(40, "many"))
    assert len(few) == len(many) == 7  # institutions, contacts, addresses, phones, languages, nominations, change log
    assert all('"enlace_stage_' in sql for sql in few + many), "every statement reads a staged table"
    assert Nomination.objects.filter(contact__name__startswith="many").count() == 40


def queries_of(network, data: bytes, **options) -> int:
    with queries_run() as queries:
        run(network, data, **options)
    return len(queries.captured_queries)


# An import's queries: the importer's rights (2), then reads (States, what the plan depends on, participating
# States, roles, the addresses, the institutions, the active nominations; with contacts to link: their rows,
# addresses, phones, languages, and whether the importer may see and change them), the ids it takes, the
# staging of each kind of row (SQLite: create, fill, drop; PostgreSQL: create, COPY (uncounted), one drop)
# and one write transaction of one statement per kind of row.
NEW_ROWS_QUERIES = {"sqlite": 42, "postgresql": 26}
CHANGED_ROWS_QUERIES = {"sqlite": 28, "postgresql": 23}


def test_an_import_runs_the_same_number_of_queries_for_10_and_100_new_rows(network):
    # A process looks up each table's id sequence once (PostgreSQL): count after the first import.
    run(network, rows_for(2, "first"))
    few = queries_of(network, rows_for(10, "few"))
    many = queries_of(network, rows_for(100, "many"))
    assert Nomination.objects.filter(contact__name__startswith="many").count() == 100
    assert few == many == NEW_ROWS_QUERIES[connection.vendor]


def test_an_import_runs_the_same_number_of_queries_for_10_and_100_changed_contacts(network):
    run(network, rows_for(10, "few"))
    run(network, rows_for(100, "many"))
    few = csv_file(
        *(
            row(name=f"few {n}", emails=f"few{n}@cert.mx.example.org", institution="few CERT", phones="+525511113333")
            for n in range(10)
        )
    )
    many = csv_file(
        *(
            row(
                name=f"many {n}", emails=f"many{n}@cert.mx.example.org", institution="many CERT", phones="+525511113333"
            )
            for n in range(100)
        )
    )
    assert queries_of(network, many) == queries_of(network, few) == CHANGED_ROWS_QUERIES[connection.vendor]
    assert set(ContactPhone.objects.filter(contact__name__startswith="many").values_list("number", flat=True)) == {
        "+525511113333"
    }
