"""/metrics: Prometheus's text format for a caller with the bearer token, nothing for anyone else; requests by
route and status, task durations, and the state of the work read from the database at scrape time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from communications.models import Communication, CommunicationStatus
from mail.models import EmailStatus, OutboundEmail
from mail.services import queue_email
from pings.models import ANSWERED, Channel, Ping, PingRound, PingStatus, RoundStatus
from processes.heartbeats import beat
from processes.models import ProcessKind

TOKEN = "metrics-token-for-the-tests"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def read() -> dict[tuple[str, tuple], float]:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain; version=0.0.4")
        samples = {}
        for family in text_string_to_metric_families(response.content.decode()):
            for sample in family.samples:
                samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return samples

    return read


def test_without_a_token_set_the_address_does_not_exist(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404


@pytest.mark.parametrize("authorization", ["", "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_a_missing_or_wrong_token_is_refused(client, settings, authorization):
    settings.METRICS_TOKEN = TOKEN
    response = client.get("/metrics", headers={"Authorization": authorization} if authorization else {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"enlace_" not in response.content


def test_requests_are_counted_by_route_name_and_status_never_by_path(client, db, network, scrape):
    def count(view: str, status: str) -> float:
        return REGISTRY.get_sample_value("enlace_http_requests_total", {"view": view, "status": status}) or 0

    before_found, before_missing = count("directory:public", "200"), count("unmatched", "404")
    client.get(reverse("directory:public", args=[network.oas.slug]))
    client.get("/no-such-page/a1b2c3/")
    assert count("directory:public", "200") == before_found + 1
    assert count("unmatched", "404") == before_missing + 1
    assert not any("a1b2c3" in str(labels) for _name, labels in scrape())


def test_the_outbox_is_counted_by_state(db, scrape, background, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    for number, status, attempts in [(1, EmailStatus.SENT, 1), (2, EmailStatus.FAILED, 6), (3, EmailStatus.QUEUED, 2)]:
        email = background(
            queue_email, to=f"duty{number}@csirt.mx.example.org", template="mail/email/test_message",
            context={"name": "Lucía"}, language="en", purpose="test",
        )  # fmt: skip
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=status, attempts=attempts, sent_at=timezone.now() if status == EmailStatus.SENT else None
        )
    samples = scrape()
    assert samples[("enlace_emails", (("status", "sent"),))] == 1
    assert samples[("enlace_emails", (("status", "failed"),))] == 1
    assert samples[("enlace_emails", (("status", "deferred"),))] == 1
    assert samples[("enlace_emails", (("status", "queued"),))] == 0
    assert samples[("enlace_task_queue_depth", ())] == 3  # three deliveries wait for a worker
    assert samples[("enlace_email_oldest_undelivered_age_seconds", ())] >= 0


def test_an_open_ping_round_reports_its_response_rate(world, scrape):
    ping_round = PingRound.objects.filter(directory=world.d1).not_closed().get()
    PingRound.objects.filter(pk=ping_round.pk).update(status=RoundStatus.OPEN)
    pings = Ping.objects.filter(round=ping_round)
    Ping.objects.filter(pk=pings.order_by("pk")[0].pk).update(
        status=PingStatus.CONFIRMED, answered_at=timezone.now(), channel=Channel.LINK
    )
    answered = pings.filter(status__in=ANSWERED).count()
    samples = scrape()
    labels = (("directory", world.d1.slug), ("round", str(ping_round.code)))
    assert samples[("enlace_ping_round_response_ratio", labels)] == pytest.approx(answered / ping_round.total)
    assert samples[("enlace_ping_rounds_open", ())] >= 1


def test_communications_past_their_deadlines_are_counted(world, scrape):
    now = timezone.now()
    originals = Communication.objects.filter(in_reply_to__isnull=True)
    expected_ack = originals.filter(status=CommunicationStatus.SENT, acknowledge_by__lt=now).count()
    communication = originals.filter(status=CommunicationStatus.SENT).exclude(acknowledge_by__lt=now).first()
    Communication.objects.filter(pk=communication.pk).update(acknowledge_by=now - timedelta(hours=1))
    samples = scrape()
    assert samples[("enlace_communications_past_deadline", (("deadline", "acknowledgement"),))] == expected_ack + 1


def test_the_heartbeats_ages_are_exposed(db, scrape):
    beat(ProcessKind.SCHEDULER, now=timezone.now() - timedelta(minutes=10))
    samples = scrape()
    assert samples[("enlace_heartbeat_age_seconds", (("process", "scheduler"),))] >= 600
    assert ("enlace_heartbeat_age_seconds", (("process", "worker"),)) not in samples
    assert samples[("enlace_check_passed", (("check", "database"),))] == 1
    assert samples[("enlace_check_passed", (("check", "worker"),))] == 0
    assert samples[("enlace_check_passed", (("check", "scheduler"),))] == 0


def test_a_task_s_duration_is_observed_by_task_and_outcome(db, background):
    def observed() -> float:
        labels = {"task": "mail.tasks.deliver_email", "status": "successful"}
        return REGISTRY.get_sample_value("enlace_task_duration_seconds_count", labels) or 0

    before = observed()
    background(
        queue_email, to="duty@csirt.mx.example.org", template="mail/email/test_message", context={"name": "Lucía"},
        language="en", purpose="test",
    )  # fmt: skip
    assert observed() == before + 1
