"""The managers' view of the deployment's health: the readiness checks with their detail, and the figures that
say whether the background work keeps up."""

from django.shortcuts import render
from django.utils import timezone

from access.guards import MANAGER
from monitoring import health
from processes.models import ProcessKind


@MANAGER
def status(request):
    now = timezone.now()
    checks = health.readiness(now)
    return render(
        request,
        "monitoring/status.html",
        {
            "checks": checks,
            "ready": all(check.passed for check in checks),
            "queue_depth": health.task_queue_depth(),
            "oldest_task": _seconds(health.oldest_ready_task_age(now)),
            "running_tasks": health.running_tasks(),
            "oldest_email": _seconds(health.oldest_undelivered_email_age(now)),
            "heartbeats": [
                (ProcessKind(process).label, _seconds(age)) for process, age in health.heartbeat_ages(now).items()
            ],
        },
    )


def _seconds(age) -> int | None:
    return None if age is None else int(age.total_seconds())
