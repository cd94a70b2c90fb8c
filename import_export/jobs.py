"""Import jobs: an uploaded file is checked (the dry run) and later applied without being uploaded again.

A job runs in a task (``import_export.tasks.run_import_job``) or, for a small file, in
the request itself: the same function either way. Each step claims the job with a
conditional UPDATE on its status, so a task run twice, or by two workers at once,
does the work once. The file holds personal data: it is emptied once applied or
refused, and the job deleted at its expiry (``delete_expired_jobs``).
"""

import logging
from collections import OrderedDict

from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation

from accounts.principal import principal_for
from directory.models import Directory
from enlace.translated_texts import reader_language
from import_export.importing import (
    ImportPlan,
    ImportRefused,
    ImportReport,
    Outcome,
    RowChecks,
    apply_plan,
    plan_import,
    read_exchange,
)
from import_export.models import ImportJob
from import_export.spreadsheets import read_spreadsheet

logger = logging.getLogger(__name__)

# Files up to this size (a few hundred rows) are checked and applied in the request: the person sees the
# report at once, with no page to wait on. Larger ones go to the worker.
INLINE_BYTES = 64 * 1024

# The plans of the last few files this process checked, kept for their apply when the same process runs
# it: written as they stand if nothing they read has changed since (``ImportPlan.still_current``), else
# the file is planned again reusing what the rules said of its values. A few files only: it is memory,
# and another worker simply plans the file again.
_PLANS: "OrderedDict[str, ImportPlan]" = OrderedDict()
_PLANS_KEPT = 2

Status = ImportJob.Status
_READERS = {ImportJob.Kind.EXCHANGE: read_exchange, ImportJob.Kind.SPREADSHEET: read_spreadsheet}


def start_import(
    *,
    directory: Directory,
    user,
    kind: str,
    data: bytes,
    retire_missing: bool = False,
    apply: bool = False,
    language: str | None = None,
) -> ImportJob:
    """Keep the uploaded file as a job and check it (then apply it, if ``apply``): now if small, else in the worker."""
    job = ImportJob.objects.create(
        owner=user,
        directory=directory,
        kind=kind,
        data=data,
        retire_missing=retire_missing,
        apply_requested=apply,
        language=reader_language(language),
    )
    _run_or_enqueue(job)
    job.refresh_from_db()
    return job


def request_apply(job: ImportJob) -> bool:
    """Apply a checked job (once, however often asked); False if it is not (or no longer) waiting to be applied."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=Status.CHECKED, apply_requested=False).update(
        apply_requested=True, updated=timezone.now()
    )
    if claimed:
        _run_or_enqueue(job)
    job.refresh_from_db()
    return bool(claimed)


def _run_or_enqueue(job: ImportJob) -> None:
    if len(job.data or b"") <= getattr(settings, "IMPORT_INLINE_BYTES", INLINE_BYTES):
        run_job(job.pk)
    else:
        from import_export.tasks import run_import_job

        # The job row is committed (views run in autocommit): the worker finds it.
        run_import_job.enqueue(job.pk)


def run_job(job_id: int) -> str | None:
    """Check a queued job, then apply it if asked; each step only if this call claims it. Returns the final status."""
    if _claim(job_id, Status.QUEUED, Status.CHECKING):
        _step(job_id, apply=False)
    if _claim(job_id, Status.CHECKED, Status.APPLYING, apply_requested=True):
        _step(job_id, apply=True)
    return ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()


def _claim(job_id: int, current: str, new: str, **conditions) -> bool:
    values = {"status": new, "updated": timezone.now()}
    if new == Status.APPLYING:
        values["checked"] = 0  # applying checks every row again, against the directory as it is now
    return bool(ImportJob.objects.filter(pk=job_id, status=current, **conditions).update(**values))


def _step(job_id: int, *, apply: bool) -> None:
    job = ImportJob.objects.select_related("owner", "directory").get(pk=job_id)
    with translation.override(job.language):
        try:
            report = _run(job, apply=apply)
        except ImportRefused as refused:
            _finish(job, Status.REFUSED, {"problems": [str(problem) for problem in refused.problems]})
        except Exception:
            logger.exception("Import job %s failed", job.code)
            _finish(job, Status.FAILED, None)
        else:
            outcomes = [_outcome_json(outcome) for outcome in report.outcomes]
            if apply:
                _finish(
                    job, Status.APPLIED, {"applied": True, "outcomes": outcomes}, checked=F("total"), written=job.total
                )
            else:
                ImportJob.objects.filter(pk=job.pk).update(
                    status=Status.CHECKED,
                    checked=F("total"),
                    report={"applied": False, "outcomes": outcomes},
                    updated=timezone.now(),
                )


def _run(job: ImportJob, *, apply: bool) -> ImportReport:
    key = str(job.code)
    kept = _PLANS.pop(key, None)
    principal = principal_for(job.owner)

    def planned(checks: RowChecks | None) -> ImportPlan:
        records, problems = _READERS[job.kind](bytes(job.data or b""))
        ImportJob.objects.filter(pk=job.pk).update(total=len(records))
        job.total = len(records)
        spreadsheet = job.kind == ImportJob.Kind.SPREADSHEET
        return plan_import(
            records,
            problems=problems,
            directory=job.directory,
            principal=principal,
            user=job.owner,
            update_contacts=spreadsheet,
            retire_missing=spreadsheet and job.retire_missing,
            progress=lambda checked: ImportJob.objects.filter(pk=job.pk).update(checked=checked),
            checks=checks,
        )

    if not apply:
        plan = planned(None)
        _PLANS[key] = plan
        while len(_PLANS) > _PLANS_KEPT:
            _PLANS.popitem(last=False)
        return plan.report
    if kept is not None and kept.still_current(principal):
        # Every row stands checked against the directory as it is: the page's bar says so while it is written.
        ImportJob.objects.filter(pk=job.pk).update(checked=F("total"))
    else:
        kept = planned(kept.checks if kept is not None else None)
    return apply_plan(kept, replan=lambda: planned(kept.checks))


def _finish(job: ImportJob, status: str, report: dict | None, **counts) -> None:
    """The job's last state; the file goes (it holds personal data and has no further use)."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, report=report, data=None, updated=timezone.now(), **counts
    )


def _outcome_json(outcome: Outcome) -> dict:
    return {
        "where": outcome.where,
        "action": outcome.action,
        "state": outcome.state,
        "role": outcome.role,
        "contact": outcome.contact,
        "reason": str(outcome.reason),
    }


def report_of(job: ImportJob) -> ImportReport | None:
    """The job's report as the import page shows it (None while it runs or once refused)."""
    if not job.report or "outcomes" not in job.report:
        return None
    return ImportReport(
        applied=job.report["applied"], outcomes=[Outcome(**outcome) for outcome in job.report["outcomes"]]
    )


def problems_of(job: ImportJob) -> list[str]:
    return list((job.report or {}).get("problems", []))


def delete_expired_jobs() -> int:
    """Delete the jobs (and files) past their expiry, whatever their state; run again, it deletes nothing more."""
    deleted, _by_model = ImportJob.objects.filter(expires__lte=timezone.now()).delete()
    return deleted
