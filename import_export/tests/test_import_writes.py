"""An import writes all of its rows or none, never over a change made since it read, logged as saved rows are."""

import pytest
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.urls import reverse

from directory.models import Contact, ContactEmail, ContactLanguage, ContactPhone, Institution, Nomination
from enlace import staged_writes
from import_export.models import ImportJob
from import_export.tests.test_import_changes import desk_row
from import_export.tests.test_import_jobs import in_the_worker, many_rows, upload  # noqa: F401
from import_export.tests.test_spreadsheet_import import csv_file, row, run

MODELS = (Institution, Contact, ContactEmail, ContactPhone, ContactLanguage, Nomination, LogEntry)


def everything() -> dict:
    """Every row an import could write, as stored."""
    return {model.__name__: sorted(map(repr, model.objects.values_list())) for model in MODELS}


def a_file_that_writes_every_kind_of_row() -> bytes:
    return csv_file(
        desk_row(title="Duty desk", phones="+525587654321 (emergency)", languages="en, es, fr"),  # changed
        *(row(name=f"Analyst {n}", emails=f"analyst{n}@cert.mx.example.org", institution="CERT-MX") for n in range(5)),
    )


def failing_at(monkeypatch, model) -> None:
    """The write transaction fails when it reaches ``model``'s rows, after the rows it wrote before them."""
    apply = staged_writes._apply

    def failing(cursor, operation, table):
        if operation.model is model:
            raise RuntimeError("the database went away")
        apply(cursor, operation, table)

    monkeypatch.setattr(staged_writes, "_apply", failing)


@pytest.mark.parametrize("model", [Nomination, LogEntry])
def test_a_failure_in_the_middle_of_the_apply_leaves_the_database_as_it_was(network, monkeypatch, model):
    before = everything()
    failing_at(monkeypatch, model)
    with pytest.raises(RuntimeError):
        run(network, a_file_that_writes_every_kind_of_row(), retire_missing=True)
    assert everything() == before
    network.desk.refresh_from_db()
    assert network.desk.title == "Centro de respuesta; 24/7"


def test_a_job_whose_apply_fails_is_marked_failed_and_wrote_nothing(network, in_the_worker, monkeypatch):  # noqa: F811
    from accounts.tests.helpers import signed_in
    from import_export.tasks import run_import_job

    client = signed_in(network.coordinator_mex)
    upload(client, many_rows(20))
    job = ImportJob.objects.get()
    run_import_job.call(job.pk)
    before = everything()
    failing_at(monkeypatch, LogEntry)
    client.post(reverse("import_export:import_job_apply", args=[job.code]))
    assert run_import_job.call(job.pk) == ImportJob.Status.FAILED
    assert everything() == before


def test_a_contact_changed_during_the_apply_is_not_overwritten_the_file_is_planned_again(network, monkeypatch):
    """Someone saves the desk between the plan and the write: the write refuses, the import plans again and writes."""
    write = staged_writes.StagedWrites.write
    attempts = []

    def someone_saves_the_desk_first(writes):
        if not attempts:
            desk = Contact.objects.get(pk=network.desk.pk)
            desk.title = "Changed meanwhile"
            desk.save()
        attempts.append(1)
        write(writes)

    monkeypatch.setattr(staged_writes.StagedWrites, "write", someone_saves_the_desk_first)
    report = run(network, csv_file(desk_row(title="Duty desk"), row()))

    assert len(attempts) == 2
    assert [outcome.action for outcome in report.outcomes] == ["changed", "created"]
    network.desk.refresh_from_db()
    assert network.desk.title == "Duty desk"
    entry = LogEntry.objects.get_for_object(network.desk).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.changes == {"title": ["Changed meanwhile", "Duty desk"]}, "the diff is from what was there"
    assert Contact.objects.filter(name="Ana Torres").count() == 1, "the first attempt left nothing"


def test_every_row_an_import_writes_is_logged_as_auditlog_logs_a_saved_row(network):
    entries = LogEntry.objects.count()
    run(network, a_file_that_writes_every_kind_of_row(), retire_missing=True)
    new = list(LogEntry.objects.order_by("pk")[entries:])
    assert {(entry.content_type.model, entry.action) for entry in new} == {
        ("institution", LogEntry.Action.CREATE),
        ("contact", LogEntry.Action.CREATE),
        ("contact", LogEntry.Action.UPDATE),
        ("contactemail", LogEntry.Action.CREATE),
        ("contactphone", LogEntry.Action.CREATE),
        ("contactphone", LogEntry.Action.UPDATE),
        ("contactlanguage", LogEntry.Action.CREATE),
        ("contactlanguage", LogEntry.Action.UPDATE),
        ("nomination", LogEntry.Action.CREATE),
        ("nomination", LogEntry.Action.UPDATE),  # Lucía's diplomatic nomination, retired
    }
    for entry in new:
        saved = entry.content_type.model_class().objects.get(pk=entry.object_id)
        assert (entry.object_repr, entry.additional_data) == (str(saved), saved.get_additional_data())
        if entry.action == LogEntry.Action.CREATE:
            expected = {name: list(change) for name, change in model_instance_diff(None, saved).items()}
            assert entry.changes == expected, entry


def test_the_search_columns_are_written_with_the_rows_as_a_refresh_would_write_them(network):
    from directory.search import refresh_search_text

    run(network, a_file_that_writes_every_kind_of_row())

    def columns():
        return (
            sorted(Contact.objects.values_list("pk", "search_text", "phone_digits")),
            sorted(Institution.objects.values_list("pk", "search_text")),
        )

    written = columns()
    refresh_search_text(Contact.objects.values_list("pk", flat=True))
    assert columns() == written


def test_phones_and_languages_an_import_deletes_are_logged_as_auditlog_logs_a_deletion(network):
    phone = ContactPhone.objects.get(contact=network.desk)
    english = ContactLanguage.objects.get(contact=network.desk, code="en")
    expected = {
        (model._meta.model_name, str(row.pk)): (str(row), row.get_additional_data(), model_instance_diff(row, None))
        for model, row in ((ContactPhone, phone), (ContactLanguage, english))
    }
    entries = LogEntry.objects.count()
    run(network, csv_file(desk_row(phones="", languages="es")))
    new = LogEntry.objects.order_by("pk")[entries:]
    assert {
        (entry.content_type.model, entry.object_pk): (entry.object_repr, entry.additional_data, entry.changes)
        for entry in new
    } == {
        key: (text, data, {name: list(change) for name, change in diff.items()})
        for key, (text, data, diff) in expected.items()
    }
    assert all(entry.action == LogEntry.Action.DELETE for entry in new)
    assert not ContactPhone.objects.filter(contact=network.desk).exists()


def test_a_file_the_worker_applies_names_its_importer_in_the_change_log(network, in_the_worker):  # noqa: F811
    from accounts.tests.helpers import signed_in
    from import_export.tasks import run_import_job

    client = signed_in(network.coordinator_mex)
    upload(client, many_rows(2))
    job = ImportJob.objects.get()
    run_import_job.call(job.pk)
    client.post(reverse("import_export:import_job_apply", args=[job.code]))
    run_import_job.call(job.pk)  # no request here: the worker
    contact = Contact.objects.get(name="Analista 1")
    assert LogEntry.objects.get_for_object(contact).get().actor == network.coordinator_mex
