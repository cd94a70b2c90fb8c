"""The probes: /health/live says the process answers, /health/ready that it can do its work (database, cache,
migrations, a worker and a scheduler with recent heartbeats); both cheap, open and telling nothing more."""

from datetime import timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from monitoring import health
from processes.heartbeats import beat
from processes.management.commands.scheduler import add_heartbeat
from processes.models import Heartbeat, ProcessKind


@pytest.fixture(autouse=True)
def migrations_looked_at_afresh():
    health.reset()
    yield
    health.reset()


def both_beat(age: timedelta = timedelta(seconds=10)) -> None:
    for process in ProcessKind:
        beat(process, now=timezone.now() - age)


def test_live_answers_ok_without_asking_the_database(client):
    # No database for this test: a query would fail it.
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_ready_answers_ok_when_every_check_passes(client, db):
    both_beat()
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_ready_names_the_processes_that_never_beat_and_nothing_more(client, db):
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.content == b"not ready: worker, scheduler\n"


def test_ready_fails_when_the_worker_s_heartbeat_is_older_than_allowed(client, db, settings):
    settings.HEALTH_HEARTBEAT_MAX_AGE = 300
    both_beat()
    beat(ProcessKind.WORKER, now=timezone.now() - timedelta(seconds=301))
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.content == b"not ready: worker\n"


def test_ready_fails_while_a_migration_is_not_applied(client, db):
    both_beat()
    MigrationRecorder.Migration.objects.filter(app="processes", name="0001_heartbeats").delete()
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.content == b"not ready: migrations\n"


def test_ready_fails_when_the_cache_cannot_be_reached(client, db, settings):
    both_beat()
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "enlace.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.content == b"not ready: cache\n"


def test_the_probes_answer_over_plain_http_whatever_the_host(client, db, settings):
    """An orchestrator probes the process's own address over HTTP: no HTTPS redirect, no host check."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["enlace.example.int"]
    both_beat()
    assert client.get("/health/live", HTTP_HOST="10.0.3.7:8000").status_code == 200
    assert client.get("/health/ready", HTTP_HOST="10.0.3.7:8000").status_code == 200


def test_a_heartbeat_written_again_keeps_one_row_with_the_latest_time(db):
    first = timezone.now() - timedelta(minutes=1)
    assert beat(ProcessKind.WORKER, now=first)
    assert beat(ProcessKind.WORKER, now=first + timedelta(seconds=30))
    assert beat(ProcessKind.WORKER, now=first + timedelta(seconds=30))
    [heartbeat] = Heartbeat.objects.all()
    assert heartbeat.beaten_at == first + timedelta(seconds=30)


def test_the_scheduler_writes_its_heartbeat_from_a_job_of_its_own():
    scheduler = BackgroundScheduler()
    add_heartbeat(scheduler)
    [job] = scheduler.get_jobs()
    assert job.name == "processes.heartbeat"
    assert job.args == (ProcessKind.SCHEDULER,)
    assert job.trigger.interval == timedelta(seconds=30)
