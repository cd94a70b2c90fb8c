"""The scheduler (django-crontask's ``crontask``) whose jobs outlast a busy database.

Each periodic job only enqueues a task, a write to the task table. On a busy database that
write fails, and crontask would log the error and drop the job until its next time; here
the enqueue waits and tries again until the database takes it.
"""

from apscheduler.triggers.interval import IntervalTrigger
from crontask.management.commands.crontask import Command as CrontaskCommand
from django.utils import timezone

from processes.heartbeats import HEARTBEAT_SECONDS, beat
from processes.models import ProcessKind
from processes.patience import retrying


def add_heartbeat(scheduler) -> None:
    """The scheduler's heartbeat, written by a job of its own, now and at every interval: while it is written, the
    scheduler is running its jobs."""
    scheduler.add_job(
        beat,
        IntervalTrigger(seconds=HEARTBEAT_SECONDS),
        args=(ProcessKind.SCHEDULER,),
        name="processes.heartbeat",
        next_run_time=timezone.now(),
    )


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
        add_heartbeat(scheduler)
        super().launch_scheduler(lock, scheduler)
