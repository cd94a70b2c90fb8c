"""Entries for rows written in bulk are the entries auditlog's own signals write."""

from auditlog.context import set_actor
from auditlog.models import LogEntry

from accounts.tests.factories import UserFactory
from audit.bulk import PendingLog
from directory.models import Contact, Institution
from directory.tests.factories import state
from enlace.bulk_insert import insert_rows


def test_a_bulk_created_row_is_logged_as_a_saved_one_would_be(db):
    mexico = state("MEX")
    user = UserFactory()
    with set_actor(user, remote_addr="192.0.2.7"):
        saved = Institution.objects.create(state=mexico, name="CERT-MX", kind="csirt")
        bulk = Institution(state=mexico, name="CSIRT", kind="csirt")
        log = PendingLog()
        log.created([bulk])
        (bulk.pk,) = insert_rows(
            Institution, ["state", "name", "kind", "code"], [(mexico.pk, "CSIRT", "csirt", bulk.code)]
        )
        log.write()
    by_signal = LogEntry.objects.get_for_object(saved).get()
    by_bulk = LogEntry.objects.get_for_object(bulk).get()
    assert by_bulk.changes.keys() == by_signal.changes.keys()
    for name in by_signal.changes.keys() - {"id", "code", "name"}:
        assert by_bulk.changes[name] == by_signal.changes[name], name
    assert by_bulk.changes["id"] == ["None", str(bulk.pk)]
    fields = ("action", "additional_data", "actor", "remote_addr")
    assert [getattr(by_bulk, name) for name in fields] == [getattr(by_signal, name) for name in fields]


def test_a_bulk_created_contact_is_logged_as_a_saved_one_would_be(db):
    """A contact has reverse relations (its user, addresses, nominations) that a creation's entry lists too."""
    institution = Institution.objects.create(state=state("MEX"), name="CERT-MX", kind="csirt")
    values = {"institution": institution, "name": "Ana", "title": "Analyst", "time_zone": "UTC"}
    saved = Contact.objects.create(**values)
    bulk = Contact(**values)
    log = PendingLog()
    log.created([bulk])
    (bulk.pk,) = insert_rows(
        Contact,
        ["institution", "name", "title", "time_zone", "code"],
        [(institution.pk, "Ana", "Analyst", "UTC", bulk.code)],
    )
    log.write()
    by_signal = LogEntry.objects.get_for_object(saved).get().changes
    by_bulk = LogEntry.objects.get_for_object(bulk).get().changes
    assert by_bulk.keys() == by_signal.keys()
    assert {name: by_bulk[name] for name in by_bulk.keys() - {"id", "code"}} == {
        name: by_signal[name] for name in by_signal.keys() - {"id", "code"}
    }
