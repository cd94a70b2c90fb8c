"""An uploaded file is kept as a job: checked (in the worker when large), then applied without a second upload."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.principal import principal_for
from accounts.tests.helpers import signed_in
from directory.models import Contact, Nomination
from enlace.testing.factories import coordinator_of
from import_export import jobs
from import_export.models import ImportJob
from import_export.tasks import delete_expired_import_jobs, run_import_job
from import_export.tests.test_spreadsheet_import import csv_file, row

Status = ImportJob.Status


def upload(client, data: bytes, **fields):
    return client.post(
        reverse("import_export:import_spreadsheet", args=["un"]),
        {"file": SimpleUploadedFile("mexico.csv", data), **fields},
        follow=True,
    )


def many_rows(count: int) -> bytes:
    return csv_file(*(row(name=f"Analista {n}", emails=f"analista{n}@cert.mx.example.org") for n in range(count)))


@pytest.fixture
def in_the_worker(settings):
    """Every file goes to the worker, which has not run yet (the tasks wait in the dummy backend)."""
    settings.IMPORT_INLINE_BYTES = 0
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_the_checked_file_is_applied_with_its_job_and_no_second_upload(network):
    client = signed_in(network.coordinator_mex)
    response = upload(client, csv_file(row()))
    job = ImportJob.objects.get()
    assert response.context["job"] == job and job.status == Status.CHECKED
    assert "Dry run: nothing was written" in response.content.decode()
    assert not Contact.objects.filter(name="Ana Torres").exists()

    response = client.post(reverse("import_export:import_job_apply", args=[job.code]), follow=True)

    assert response.status_code == 200
    assert 'data-action="created">Created: 1</li>' in response.content.decode()
    assert Nomination.objects.filter(contact__name="Ana Torres").count() == 1
    job.refresh_from_db()
    assert job.status == Status.APPLIED and job.data is None, "the file (contact data) goes once applied"


def test_applying_twice_writes_once(network):
    client = signed_in(network.coordinator_mex)
    upload(client, csv_file(row()))
    job = ImportJob.objects.get()
    client.post(reverse("import_export:import_job_apply", args=[job.code]))
    assert client.post(reverse("import_export:import_job_apply", args=[job.code])).status_code == 403
    assert not jobs.request_apply(job)
    assert jobs.run_job(job.pk) == Status.APPLIED
    assert Nomination.objects.filter(contact__name="Ana Torres").count() == 1


def test_a_large_file_is_checked_by_the_worker_while_its_page_shows_progress(network, in_the_worker):
    client = signed_in(network.coordinator_mex)
    response = upload(client, many_rows(3))
    job = ImportJob.objects.get()
    body = response.content.decode()
    assert job.status == Status.QUEUED
    assert '<progress class="w-100 mb-3" id="import-progress"' in body
    assert f'hx-get="{reverse("import_export:import_job_progress", args=[job.code])}"' in body
    assert '<meta http-equiv="refresh"' in body, "without JavaScript the page refreshes itself"

    assert run_import_job.call(job.pk) == Status.CHECKED
    assert run_import_job.call(job.pk) == Status.CHECKED, "a second run (another worker) does nothing"

    response = client.get(reverse("import_export:import_job_progress", args=[job.code]))
    body = response.content.decode()
    assert "hx-get" not in body, "the page stops polling once the check is done"
    assert 'data-action="created">Created: 3</li>' in body
    assert not Contact.objects.filter(name__startswith="Analista").exists()

    client.post(reverse("import_export:import_job_apply", args=[job.code]))
    job.refresh_from_db()
    assert job.status == Status.CHECKED and job.apply_requested
    run_import_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.total, job.checked, job.written) == (Status.APPLIED, 3, 3, 3)
    assert Nomination.objects.filter(contact__name__startswith="Analista").count() == 3


def test_the_check_reports_its_progress_as_it_goes(network, in_the_worker, settings, monkeypatch):
    seen = []
    monkeypatch.setattr("import_export.importing.PROGRESS_EVERY", 2)
    original = jobs.plan_import

    def watching(*args, progress, **kwargs):
        def noted(checked):
            progress(checked)
            seen.append(ImportJob.objects.values_list("status", "checked", "total").get())

        return original(*args, progress=noted, **kwargs)

    monkeypatch.setattr(jobs, "plan_import", watching)
    upload(signed_in(network.coordinator_mex), many_rows(5))
    run_import_job.call(ImportJob.objects.get().pk)
    assert seen == [(Status.CHECKING, 2, 5), (Status.CHECKING, 4, 5)]


def test_a_refused_file_lists_its_problems_on_the_job_page_and_is_not_kept(network):
    response = upload(signed_in(network.coordinator_mex), csv_file(row(state="XYZ")), apply="on")
    job = ImportJob.objects.get()
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert job.status == Status.REFUSED and job.data is None


def test_only_its_owner_sees_or_applies_a_job(network):
    upload(signed_in(network.coordinator_mex), csv_file(row()))
    job = ImportJob.objects.get()
    colleague = signed_in(coordinator_of(network.desk.institution.state))  # same State, another person
    assert colleague.get(reverse("import_export:import_job", args=[job.code])).status_code == 404
    assert colleague.post(reverse("import_export:import_job_apply", args=[job.code])).status_code == 404
    assert signed_in(network.manager).get(reverse("import_export:import_job", args=[job.code])).status_code == 404
    assert not Contact.objects.filter(name="Ana Torres").exists()


def test_expired_jobs_and_their_files_are_deleted_once(network):
    upload(signed_in(network.coordinator_mex), csv_file(row()))
    kept = ImportJob.objects.get()
    expired = ImportJob.objects.create(
        owner=network.coordinator_mex, directory=network.directory, kind="spreadsheet", data=b"state\n"
    )
    ImportJob.objects.filter(pk=expired.pk).update(expires=timezone.now() - timedelta(minutes=1))
    assert delete_expired_import_jobs.call() == 1
    assert delete_expired_import_jobs.call() == 0
    assert list(ImportJob.objects.all()) == [kept]


def count_plans(monkeypatch) -> list:
    """Every planning of a file (its reads and checks), and every record whose values the rules checked."""
    from import_export import importing

    calls = {"plans": [], "checks": []}
    plan_import, check = importing.plan_import, importing.RowChecks.check
    monkeypatch.setattr(jobs, "plan_import", lambda *a, **k: calls["plans"].append(1) or plan_import(*a, **k))
    monkeypatch.setattr(importing.RowChecks, "check", staticmethod(lambda *a: calls["checks"].append(1) or check(*a)))
    return calls


def test_the_apply_in_the_same_worker_writes_the_plan_of_its_dry_run_when_nothing_changed(
    network, in_the_worker, monkeypatch
):
    calls = count_plans(monkeypatch)
    writing = []
    apply_plan = jobs.apply_plan
    monkeypatch.setattr(
        jobs,
        "apply_plan",
        lambda *a, **k: (
            writing.append(ImportJob.objects.values_list("status", "checked", "total").get()) or apply_plan(*a, **k)
        ),
    )
    client = signed_in(network.coordinator_mex)
    upload(client, many_rows(3))
    job = ImportJob.objects.get()
    run_import_job.call(job.pk)
    client.post(reverse("import_export:import_job_apply", args=[job.code]))
    run_import_job.call(job.pk)
    assert calls == {"plans": [1], "checks": [1, 1, 1]}, "planned once, each row's values checked once"
    assert writing == [(Status.APPLYING, 3, 3)], "while it is written, the page shows every row checked"
    assert Nomination.objects.filter(contact__name__startswith="Analista").count() == 3
    job.refresh_from_db()
    assert job.status == Status.APPLIED and [outcome["action"] for outcome in job.report["outcomes"]] == ["created"] * 3


def test_a_change_to_the_directory_after_the_dry_run_makes_the_apply_plan_again(network, in_the_worker, monkeypatch):
    """The dry run said "unchanged"; someone retires that nomination meanwhile: the apply nominates it anew."""
    from directory.services import retire
    from import_export.tests.test_import_changes import desk_row

    calls = count_plans(monkeypatch)
    client = signed_in(network.coordinator_mex)
    upload(
        client, csv_file(desk_row(role="diplomatic"), *(row(name=f"A {n}", emails=f"a{n}@mx.org") for n in range(2)))
    )
    job = ImportJob.objects.get()
    run_import_job.call(job.pk)
    job.refresh_from_db()
    assert [outcome["action"] for outcome in job.report["outcomes"]] == ["unchanged", "created", "created"]
    diplomatic = Nomination.objects.active().get(contact=network.desk, role__kind="diplomatic")
    retire(principal=principal_for(network.manager), nomination=diplomatic, ends_on=timezone.localdate())

    client.post(reverse("import_export:import_job_apply", args=[job.code]))
    run_import_job.call(job.pk)

    job.refresh_from_db()
    assert job.status == Status.APPLIED
    assert [outcome["action"] for outcome in job.report["outcomes"]] == ["linked", "created", "created"]
    assert Nomination.objects.active().filter(contact=network.desk, role__kind="diplomatic").exists()
    assert len(calls["plans"]) == 2 and len(calls["checks"]) == 3, "planned again, the rows' values checked once"


def test_a_file_checked_yesterday_is_planned_again_its_nominations_start_the_day_it_is_applied(
    network, in_the_worker, monkeypatch
):
    from datetime import timedelta

    from import_export import importing

    calls = count_plans(monkeypatch)
    client = signed_in(network.coordinator_mex)
    upload(client, many_rows(2))
    job = ImportJob.objects.get()
    run_import_job.call(job.pk)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(importing.timezone, "localdate", lambda: tomorrow)
    client.post(reverse("import_export:import_job_apply", args=[job.code]))
    run_import_job.call(job.pk)
    assert len(calls["plans"]) == 2
    assert set(Nomination.objects.filter(contact__name__startswith="Analista").values_list("starts_on", flat=True)) == {
        tomorrow
    }
