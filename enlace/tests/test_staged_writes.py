"""Staged writes: rows prepared beforehand, written in one transaction of set statements; all of them or none."""

import uuid

import pytest
from django.db import IntegrityError

from directory.models import Contact, ContactLanguage, Institution
from enlace.bulk_insert import reserve_ids
from enlace.staged_writes import StagedWrites, StaleRows
from enlace.testing.factories import ContactFactory, InstitutionFactory, state
from enlace.testing.queries import queries_run

INSTITUTION = ["id", "code", "state_id", "name", "kind"]


def institutions(ids: list[int], mexico, prefix: str = "CSIRT") -> list[list]:
    return [[pk, uuid.uuid4(), mexico.pk, f"{prefix} {pk}", "csirt"] for pk in ids]


def test_reserved_ids_are_new_and_the_database_never_gives_them_again(db):
    mexico = state("MEX")
    before = InstitutionFactory(state=mexico)
    reserved = reserve_ids({Institution: 3, ContactLanguage: 2, Contact: 0})
    assert reserved[Contact] == []
    assert len(reserved[Institution]) == 3 and reserved[Institution] == sorted(reserved[Institution])
    assert min(reserved[Institution]) > before.pk
    after = InstitutionFactory(state=mexico)
    assert after.pk > max(reserved[Institution])
    contact = ContactFactory(institution=after, languages=["es"])
    assert contact.languages.get().pk > max(reserved[ContactLanguage])


def test_rows_are_inserted_updated_and_deleted_in_one_go(db):
    mexico = state("MEX")
    renamed, deleted, kept = (InstitutionFactory(state=mexico, name=name) for name in ("Old", "Gone", "Kept"))
    writes = StagedWrites()
    ids = reserve_ids({Institution: 2})[Institution]
    writes.insert(Institution, INSTITUTION, institutions(ids, mexico))
    writes.update(Institution, ["name"], [[renamed.pk, "New"]])
    writes.delete(Institution, [[deleted.pk]])
    writes.write()
    assert sorted(Institution.objects.values_list("pk", "name")) == sorted(
        [(renamed.pk, "New"), (kept.pk, "Kept"), *((pk, f"CSIRT {pk}") for pk in ids)]
    )
    created = Institution.objects.get(pk=ids[0])
    assert created.created is not None and created.website == "", "columns left out take their defaults"


def test_a_row_changed_since_it_was_read_is_not_overwritten_and_nothing_is_written(db):
    mexico = state("MEX")
    contact = ContactFactory(title="Analyst")
    read = Contact.objects.get(pk=contact.pk)
    contact.title = "Head of the CSIRT"  # someone else's change, after the writer read the row
    contact.save()
    writes = StagedWrites()
    writes.insert(Institution, INSTITUTION, institutions(reserve_ids({Institution: 1})[Institution], mexico, "New"))
    writes.update(Contact, ["title"], [[contact.pk, "Imported title", read.updated]], guard=["updated"])
    with pytest.raises(StaleRows):
        writes.write()
    assert Contact.objects.get(pk=contact.pk).title == "Head of the CSIRT"
    assert not Institution.objects.filter(name__startswith="New").exists()


def test_a_row_deleted_since_it_was_read_refuses_the_whole_write(db):
    mexico = state("MEX")
    gone = InstitutionFactory(state=mexico)
    gone.delete()
    writes = StagedWrites()
    writes.insert(Institution, INSTITUTION, institutions(reserve_ids({Institution: 1})[Institution], mexico, "New"))
    writes.update(Institution, ["name"], [[gone.pk, "Renamed"]])
    with pytest.raises(StaleRows):
        writes.write()
    assert not Institution.objects.filter(name__startswith="New").exists()


def test_a_failure_halfway_leaves_nothing_and_the_next_write_works(db):
    mexico = state("MEX")
    InstitutionFactory(state=mexico, name="Taken")
    ids = reserve_ids({Institution: 3})[Institution]
    writes = StagedWrites()
    writes.insert(Institution, INSTITUTION, institutions(ids[:2], mexico))
    writes.insert(Institution, INSTITUTION, [[ids[2], uuid.uuid4(), mexico.pk, "taken", "csirt"]])  # same name
    with pytest.raises(IntegrityError):
        writes.write()
    assert list(Institution.objects.values_list("name", flat=True)) == ["Taken"]

    again = StagedWrites()  # its staging tables are the connection's own again
    again.insert(Institution, INSTITUTION, institutions(ids[:2], mexico))
    again.write()
    assert Institution.objects.count() == 3


def test_the_transaction_has_one_statement_per_operation_whatever_the_rows(db):
    mexico = state("MEX")

    def statements_inside(count: int) -> int:
        writes = StagedWrites()
        writes.insert(Institution, INSTITUTION, institutions(reserve_ids({Institution: count})[Institution], mexico))
        with queries_run() as queries:
            writes.write()
        sql = [query["sql"] for query in queries.captured_queries]
        opening = max(index for index, statement in enumerate(sql) if statement.startswith("SAVEPOINT"))
        closing = max(index for index, statement in enumerate(sql) if statement.startswith("RELEASE SAVEPOINT"))
        return closing - opening - 1

    assert statements_inside(2) == statements_inside(200) == 1


def test_json_values_are_stored_as_django_stores_them(db):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Institution).pk
    changes = {"name": ["Agencia", "Agência de Segurança – ICT"], "empty": ["None", ""], 7: [None, 1.5]}
    additional = {"state": 12, "contact": str(uuid.uuid4()), "nested": {"list": [1, "dos", True, None]}}
    saved = LogEntry.objects.create(
        content_type_id=kind, object_pk="1", action=1, object_repr="x", changes=changes, additional_data=additional
    )
    writes = StagedWrites()
    ids = reserve_ids({LogEntry: 1})[LogEntry]
    columns = ["id", "content_type", "object_pk", "action", "object_repr", "changes", "additional_data"]
    writes.insert(LogEntry, columns, [[ids[0], kind, "1", 1, "x", changes, additional]])
    writes.write()
    staged = LogEntry.objects.get(pk=ids[0])
    saved.refresh_from_db()
    assert (staged.changes, staged.additional_data) == (saved.changes, saved.additional_data)
    assert staged.changes["name"] == ["Agencia", "Agência de Segurança – ICT"]
