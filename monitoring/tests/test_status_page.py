"""The managers' page: the readiness checks with their detail, the task queue, the outbox and the heartbeats."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mail.models import EmailStatus, OutboundEmail
from mail.services import queue_email
from processes.heartbeats import beat
from processes.models import ProcessKind


def test_a_manager_reads_each_check_with_its_detail(client, network):
    beat(ProcessKind.WORKER, now=timezone.now() - timedelta(seconds=40))
    client.force_login(network.manager)
    response = client.get(reverse("monitoring:status"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not ready: a check fails." in page
    assert [(check.name, check.passed) for check in response.context["checks"]] == [
        ("database", True),
        ("cache", True),
        ("migrations", True),
        ("worker", True),
        ("scheduler", False),
    ]
    assert "never" in page


def test_the_page_shows_the_age_of_the_oldest_undelivered_email(client, network, settings, background):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    email = background(
        queue_email,
        to="duty@csirt.mx.example.org", template="mail/email/test_message", context={"name": "Lucía"},
        language="en", purpose="test",
    )  # fmt: skip
    OutboundEmail.objects.filter(pk=email.pk).update(created=timezone.now() - timedelta(hours=2))
    client.force_login(network.manager)
    response = client.get(reverse("monitoring:status"))
    assert OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.QUEUED
    assert 7200 <= response.context["oldest_email"] < 7200 + 600
    assert response.context["queue_depth"] == 1  # the delivery task waits for a worker


def test_the_page_asks_the_same_number_of_queries_however_much_waits(client, network, settings, background):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client.force_login(network.manager)
    client.get(reverse("monitoring:status"))

    def queries_with(waiting: int) -> int:
        for number in range(waiting):
            background(
                queue_email,
                to=f"duty{number}@csirt.mx.example.org", template="mail/email/test_message", context={"name": "Lucía"},
                language="en", purpose="test",
            )  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("monitoring:status")).status_code == 200
        return len(captured)

    assert queries_with(1) == queries_with(3)
