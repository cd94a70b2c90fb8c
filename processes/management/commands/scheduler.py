"""The scheduler (django-crontask's ``crontask``) whose jobs outlast a busy database.

Each periodic job only enqueues a task, a write to the task table. On a busy database that
write fails, and crontask would log the error and drop the job until its next time; here
the enqueue waits and tries again until the database takes it.
"""

from crontask.management.commands.crontask import Command as CrontaskCommand

from processes.patience import retrying


def make_jobs_patient(scheduler) -> None:
    """Wrap every job registered so far so that a failed enqueue is retried, not lost."""
    for job in scheduler.get_jobs():
        if not getattr(job.func, "is_patient", False):
            job.modify(func=retrying(job.func, what=f"Scheduling {job.name}"))


class Command(CrontaskCommand):
    help = "Run the periodic jobs (django-crontask), retrying an enqueue the database refused."
    # As for the worker: the system checks would fail, and stop it, while another process writes.
    requires_system_checks = []

    def launch_scheduler(self, lock, scheduler):
        make_jobs_patient(scheduler)
        super().launch_scheduler(lock, scheduler)
