"""Background jobs of imports. Each is idempotent and safe on several workers."""

from crontask import cron
from django.tasks import task

from import_export import jobs


@task
def run_import_job(job_id: int) -> str | None:
    """Check an uploaded file, then apply it if its owner asked (each step claimed with a conditional UPDATE)."""
    return jobs.run_job(job_id)


@cron("17 * * * *")
@task
def delete_expired_import_jobs() -> int:
    """Hourly: delete the uploaded files (contact data) that were never applied, once they expire."""
    return jobs.delete_expired_jobs()
