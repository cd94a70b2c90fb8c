"""Entries for rows written in bulk are the entries auditlog's own signals write."""

from auditlog.context import set_actor
from auditlog.models import LogEntry

from audit.bulk import PendingLog
from directory.models import Contact, Institution
from enlace.bulk_insert import insert_rows
from enlace.testing.factories import UserFactory, state


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


def values_of(instance) -> dict:
    """A row's columns by attname, as a writer holding plain values has them."""
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def entry(instance, action: int) -> LogEntry:
    return LogEntry.objects.get_for_object(instance).filter(action=action).latest("pk")


def logged_from_values(method: str, *args) -> LogEntry:
    """The entry ``PendingLog.<method>(*args)`` writes."""
    log = PendingLog()
    getattr(log, method)(*args)
    log.write()
    return LogEntry.objects.latest("pk")


def the_same(bulk: LogEntry, by_signal: LogEntry) -> None:
    fields = ("content_type", "object_pk", "object_repr", "action", "changes", "additional_data", "serialized_data")
    assert {name: getattr(bulk, name) for name in fields} == {name: getattr(by_signal, name) for name in fields}


def rows_of_every_kind():
    """A new institution, contact (with a key's expiry, hours), address, phone, language and nomination."""
    from datetime import UTC, date, datetime, time

    from directory.models import ContactEmail, ContactLanguage, ContactPhone, Nomination
    from enlace.testing.factories import DirectoryFactory

    mexico = state("MEX")
    institution = Institution.objects.create(state=mexico, name="Centro Nacional", acronym="CN", kind="csirt")
    contact = Contact.objects.create(
        institution=institution,
        name="Lucía",
        title="Jefa",
        is_24_7=True,
        opens_at=time(8),
        closes_at=time(18, 30),
        time_zone="America/Mexico_City",
        pgp_key="key",
        pgp_fingerprint="ABCD",
        pgp_expires=datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    directory = DirectoryFactory(states=[mexico])
    return [
        institution,
        contact,
        ContactEmail.objects.create(contact=contact, address="lucia@cert.mx.example.org", usage="duty", position=1),
        ContactPhone.objects.create(contact=contact, number="+525512345678", usage="mobile"),
        ContactLanguage.objects.create(contact=contact, code="es"),
        Nomination.objects.create(
            directory=directory, role=directory.roles.first(), contact=contact, state=mexico, starts_on=date(2026, 3, 1)
        ),
    ]


def test_rows_written_from_values_are_logged_as_saved_rows_are(db):
    for instance in rows_of_every_kind():
        bulk = logged_from_values(
            "created_row", type(instance), values_of(instance), str(instance), instance.get_additional_data()
        )
        the_same(bulk, entry(instance, LogEntry.Action.CREATE))


def test_changes_written_from_values_are_logged_as_saved_changes_are(db):
    from datetime import time

    for instance in rows_of_every_kind():
        before = values_of(instance)
        if isinstance(instance, Contact):
            instance.title, instance.opens_at, instance.pgp_expires = "Directora", time(9), None
        elif isinstance(instance, Institution):
            instance.acronym = ""
        elif hasattr(instance, "ends_on"):  # the nomination
            instance.ends_on = instance.starts_on.replace(month=12, day=31)
        else:
            instance.position = 3
        instance.save()
        after, text, additional = values_of(instance), str(instance), instance.get_additional_data()
        bulk = logged_from_values("updated_row", type(instance), instance.pk, before, after, text, additional)
        the_same(bulk, entry(instance, LogEntry.Action.UPDATE))


def test_deletions_written_from_values_are_logged_as_deleted_rows_are(db):
    *_parents, email, phone, language, nomination = rows_of_every_kind()
    for instance in (nomination, email, phone, language):
        model, values, text, additional = (
            type(instance),
            values_of(instance),
            str(instance),
            instance.get_additional_data(),
        )
        instance.delete()
        by_signal = LogEntry.objects.latest("pk")
        assert by_signal.action == LogEntry.Action.DELETE
        the_same(logged_from_values("deleted_row", model, values, text, additional), by_signal)
