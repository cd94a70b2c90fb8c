"""Metrics in Prometheus's text format, for ``/metrics``.

Two sources:

- what happens in a process — requests by route and status, how long tasks take — counted with
  ``prometheus_client``'s counters and histograms. Web servers run several processes: with
  ``PROMETHEUS_MULTIPROC_DIR`` set (an empty directory, the same for the web processes and the workers on one
  machine, emptied when the service starts) every process writes its counts there and a scrape adds them up;
  without it, a scrape shows only the counts of the process that answers it.
- the state of the work, read from the database at scrape time (the task queue, the outbox, open ping rounds,
  communications past a deadline, the heartbeats), so any process, on any machine, answers alike.
"""

import os
from collections.abc import Iterator

from django.db.models import Count, Q
from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from communications.models import Communication, CommunicationStatus
from mail.models import EmailStatus, OutboundEmail
from monitoring import health
from pings.models import ANSWERED, PingRound, RoundStatus

REQUESTS = Counter("enlace_http_requests", "Requests answered, by route name and status code.", ["view", "status"])
REQUEST_SECONDS = Histogram(
    "enlace_http_request_duration_seconds",
    "Time to answer a request, by route name.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
TASK_SECONDS = Histogram(
    "enlace_task_duration_seconds",
    "Time a background task ran, by task and outcome.",
    ["task", "status"],
    buckets=(0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)


class WorkCollector(Collector):
    """The state of the work, read from the database when Prometheus scrapes (a handful of counting queries)."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        yield _gauge(
            "enlace_task_queue_depth", "Tasks ready to run, not yet taken by a worker.", health.task_queue_depth()
        )
        oldest_task = health.oldest_ready_task_age(now)
        yield _gauge(
            "enlace_task_oldest_ready_age_seconds",
            "How long the oldest task ready to run has waited (0: none waiting).",
            oldest_task.total_seconds() if oldest_task else 0,
        )
        yield _gauge("enlace_tasks_running", "Tasks a worker is running.", health.running_tasks())

        emails = GaugeMetricFamily(
            "enlace_emails",
            "Messages in the outbox by state (deferred: queued again after a failed try).",
            labels=["status"],
        )
        counts = OutboundEmail.objects.aggregate(
            queued=Count("pk", filter=Q(status=EmailStatus.QUEUED, attempts=0)),
            deferred=Count("pk", filter=Q(status=EmailStatus.QUEUED, attempts__gt=0)),
            sending=Count("pk", filter=Q(status=EmailStatus.SENDING)),
            sent=Count("pk", filter=Q(status=EmailStatus.SENT)),
            failed=Count("pk", filter=Q(status=EmailStatus.FAILED)),
        )
        for status, count in counts.items():
            emails.add_metric([status], count)
        yield emails
        oldest_email = health.oldest_undelivered_email_age(now)
        yield _gauge(
            "enlace_email_oldest_undelivered_age_seconds",
            "Age of the oldest message not yet delivered (0: none).",
            oldest_email.total_seconds() if oldest_email else 0,
        )

        rounds = list(
            PingRound.objects.filter(status=RoundStatus.OPEN)
            .annotate(answered=Count("pings", filter=Q(pings__status__in=ANSWERED)))
            .values_list("code", "directory__slug", "total", "answered")
            .order_by("pk")
        )
        yield _gauge("enlace_ping_rounds_open", "Ping rounds open for answers.", len(rounds))
        rates = GaugeMetricFamily(
            "enlace_ping_round_response_ratio",
            "Share of an open ping round's pings answered (0 to 1).",
            labels=["directory", "round"],
        )
        for code, directory, total, answered in rounds:
            rates.add_metric([directory, str(code)], answered / total if total else 0)
        yield rates

        overdue = GaugeMetricFamily(
            "enlace_communications_past_deadline",
            "Communications past the deadline they still await (acknowledgement or answer).",
            labels=["deadline"],
        )
        past = Communication.objects.expecting_reply().aggregate(
            acknowledgement=Count("pk", filter=Q(status=CommunicationStatus.SENT, acknowledge_by__lt=now)),
            answer=Count("pk", filter=Q(status=CommunicationStatus.ACKNOWLEDGED, answer_by__lt=now)),
        )
        for deadline, count in past.items():
            overdue.add_metric([deadline], count)
        yield overdue

        checks = GaugeMetricFamily(
            "enlace_check_passed",
            "1 while a readiness check passes, 0 while it fails (as /health/ready).",
            labels=["check"],
        )
        for check in health.readiness(now):
            checks.add_metric([check.name], 1 if check.passed else 0)
        yield checks

        heartbeats = GaugeMetricFamily(
            "enlace_heartbeat_age_seconds",
            "Seconds since the process last wrote its heartbeat (absent: never).",
            labels=["process"],
        )
        for process, age in health.heartbeat_ages(now).items():
            if age is not None:
                heartbeats.add_metric([process], age.total_seconds())
        yield heartbeats


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def exposition() -> bytes:
    """Every metric, in Prometheus's text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        MultiProcessCollector(counted)
    else:
        counted = REGISTRY
    work = CollectorRegistry(auto_describe=False)
    work.register(WorkCollector())
    return generate_latest(counted) + generate_latest(work)
