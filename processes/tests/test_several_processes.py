"""Enlace on several machines: two web processes and three workers on one PostgreSQL database and one Redis.

Real processes, started as production starts them (granian for the web, ``manage.py worker`` for the tasks), are
given three things at once: a ping round started through one web process and answered through both, a
communication whose deadlines pass (its jobs run as of a later time by three processes at the same moment), and a
large import uploaded through a web process and run by the workers. Every e-mail arrives once at the SMTP server,
every escalation step is taken once, and no answer or imported row is lost.

Run it alone with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/enlace .venv/bin/pytest processes/tests/test_several_processes.py``.
"""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
import redis
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from communications import services as communications
from communications.models import ActionKind, EventKind, Recipient, ScheduledAction
from communications.tests.conftest import SENT_AT, incident_draft, un_network  # noqa: F401 (the ``network`` fixture)
from directory.choices import RoleKind
from directory.models import Nomination
from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory
from import_export.models import ImportJob
from import_export.tests.test_spreadsheet_import import csv_file, row
from mail.models import EmailStatus, OutboundEmail
from pings.models import Ping, PingRound, PingStatus
from pings.services import link_token
from processes.tests.processes import PATIENCE_SECONDS, Output

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="several machines share one PostgreSQL database: this test needs PostgreSQL (set DATABASE_URL)",
)

WEB_PROCESSES = 2
WORKERS = 3
# A Redis database of this test's own (the shared cache's tests use 13).
REDIS_URL = "redis://127.0.0.1:6379/12"
# More contacts to ping than the shared network's few, so that the three workers share the round.
EXTRA_CONTACTS = 24
# A file larger than what a request checks itself (64 KB), so the workers check and apply it.
IMPORTED_ROWS = 900

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, as an address the other processes can open."""
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )


class Processes:
    """The machines: each child process, its output, and an orderly stop at the end."""

    def __init__(self, environment: dict[str, str]):
        self.environment = environment
        self.running: list[tuple[subprocess.Popen, Output]] = []
        self.finishing: list[tuple[subprocess.Popen, Output]] = []

    def run_once(self, *command: str) -> Output:
        """A command that does its work and exits (not a server)."""
        output = self.start(*command)
        self.finishing.append(self.running.pop())
        return output

    def start(self, *command: str) -> Output:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=self.environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output = Output(process)
        self.running.append((process, output))
        return output

    def web(self, port: int) -> Output:
        return self.start(
            str(settings.BASE_DIR / ".venv" / "bin" / "granian"),
            *("--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port)),
            *("--workers", "1", "--blocking-threads", "4", "enlace.wsgi:application"),
        )

    def worker(self) -> Output:
        return self.start(
            sys.executable, "manage.py", "worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"
        )

    def all_alive(self) -> None:
        for process, _output in self.running:
            assert process.poll() is None, f"{process.args[1:3]} exited:\n" + self.transcript()

    def transcript(self) -> str:
        """What every child has printed so far (the end of it), to explain a failure."""
        parts = []
        for process, output in self.running + self.finishing:
            while not output._queue.empty():
                output.lines.append(output._queue.get())
            parts.append(f"--- {' '.join(map(str, process.args[1:4]))}:\n" + "".join(output.lines)[-3000:])
        return "\n".join(parts)

    def stop(self) -> None:
        for process, _output in self.running + self.finishing:
            if process.poll() is None:
                process.terminate()
        for process, _output in self.running + self.finishing:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def eventually(condition, processes: Processes, what: str) -> None:
    """Wait (generously) until ``condition`` holds, every child still running."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        processes.all_alive()
        assert time.monotonic() < deadline, f"gave up waiting until {what}:\n" + processes.transcript()
        time.sleep(0.2)


def signed_in_session(user) -> requests.Session:
    """A browser of ``user``'s, signed in: its session is in the database every web process reads."""
    client = Client()
    client.force_login(user)
    browser = requests.Session()
    browser.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    return browser


def post_form(
    processes: Processes, browser: requests.Session, form_address: str, target: str, data: dict, **extra
) -> requests.Response:
    """Open the form at ``form_address`` (one web process), then post it to ``target`` (possibly the other)."""
    page = browser.get(form_address, timeout=PATIENCE_SECONDS)
    assert page.status_code == 200, processes.transcript()
    token = CSRF_FIELD.search(page.text).group(1)
    return browser.post(
        target, data={**data, "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=PATIENCE_SECONDS, **extra
    )


def forget_cache(prefix: str) -> None:
    """Delete the keys the processes kept in Redis (only theirs: another run may share the database)."""
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def web_is_up(address: str) -> bool:
    try:
        return requests.get(f"{address}{reverse('pings:enter_code')}", timeout=30).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def more_contacts_to_ping(network) -> None:
    states = [network.mexico, network.kenya, network.estonia]
    technical = network.directory.roles.get(kind=RoleKind.TECHNICAL)
    for n in range(EXTRA_CONTACTS):
        state = states[n % len(states)]
        contact = ContactFactory(
            institution=InstitutionFactory(state=state, name=f"CSIRT {state.iso3} {n}"),
            name=f"Duty officer {n}",
            email=f"duty{n}@csirt.{state.iso3.lower()}.example.org",
        )
        NominationFactory(directory=network.directory, contact=contact, role=technical)


def test_two_web_processes_and_three_workers_do_everything_once(
    network, more_contacts_to_ping, transactional_db, settings, smtp_server, mailbox, tmp_path
):
    # What the test itself does (send a communication) goes through the task queue in the database too.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    ports = [free_port() for _ in range(WEB_PROCESSES)]
    cache_prefix = f"test-{uuid.uuid4().hex}"
    web = [f"http://127.0.0.1:{port}" for port in ports]
    processes = Processes(
        os.environ
        | {
            "DATABASE_URL": database_url(),
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": cache_prefix,
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": web[0],
            "EMAIL_HOST": smtp_server.hostname,
            "EMAIL_PORT": str(smtp_server.port),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "DJANGO_SETTINGS_MODULE": "enlace.settings",
            "PYTHONUNBUFFERED": "1",
        }
    )
    try:
        for port in ports:
            processes.web(port)
        workers = [processes.worker() for _ in range(WORKERS)]
        for output in workers:
            output.wait_for("Starting worker")
        eventually(lambda: all(web_is_up(address) for address in web), processes, "both web processes answer")

        # A ping round, started through the first web process from the form the second one served.
        manager = signed_in_session(network.manager)
        new_round = reverse("pings:round_new", args=[network.directory.slug])
        started = post_form(processes, manager, f"{web[1]}{new_round}", f"{web[0]}{new_round}", {})
        assert started.status_code == 302, processes.transcript()
        ping_round = PingRound.objects.get(directory=network.directory)

        # An import of many rows, uploaded through the second web process, checked and applied by the workers.
        coordinator = signed_in_session(network.coordinator_mx)
        upload = reverse("import_export:import_spreadsheet", args=[network.directory.slug])
        rows = [row(name=f"Analista {n}", emails=f"analista{n}@cert.mx.example.org") for n in range(IMPORTED_ROWS)]
        uploaded = post_form(
            processes,
            coordinator,
            f"{web[0]}{upload}",
            f"{web[1]}{upload}",
            {"apply": "on"},
            files={"file": ("mexico.csv", csv_file(*rows), "text/csv")},
        )
        assert uploaded.status_code == 302, processes.transcript()
        job = ImportJob.objects.get()

        # A communication, sent (its e-mails go through the workers), whose deadlines have passed: three
        # processes run its jobs as of four days later at the same moment, as the scheduler's runs on
        # several machines might, beside the workers delivering the same outbox.
        communication = communications.send(incident_draft(network), user=network.poc_mx, now=SENT_AT)
        later = (SENT_AT + timedelta(hours=96)).isoformat()
        jobs = [
            processes.run_once(sys.executable, "manage.py", "run_communication_jobs", "--now", later) for _ in range(3)
        ]

        # The pings go out through the workers; every one is answered, through both web processes in turn.
        eventually(
            lambda: not Ping.objects.filter(round=ping_round, sent_at__isnull=True).exists(),
            processes,
            "every ping is sent",
        )
        pings = list(Ping.objects.filter(round=ping_round))
        assert len(pings) == ping_round.total >= EXTRA_CONTACTS
        for n, ping in enumerate(pings):
            link = reverse("pings:confirm", args=[link_token(ping)])
            answered = post_form(
                processes,
                requests.Session(),
                f"{web[n % 2]}{link}",
                f"{web[(n + 1) % 2]}{link}",
                {"answer": "correct", "attest": "on"},
            )
            assert answered.status_code in (200, 302), processes.transcript()

        for output in jobs:
            output.process.wait(timeout=PATIENCE_SECONDS)
            assert output.process.returncode == 0, processes.transcript()
        eventually(
            lambda: ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.APPLIED).exists(),
            processes,
            "the import is applied",
        )
        eventually(
            lambda: not OutboundEmail.objects.exclude(status=EmailStatus.SENT).exists(),
            processes,
            "every e-mail is delivered",
        )
        eventually(
            lambda: len(mailbox.messages) >= OutboundEmail.objects.count(),
            processes,
            "every e-mail has reached the SMTP server",
        )
        processes.all_alive()
    finally:
        processes.stop()
        forget_cache(cache_prefix)

    # Every e-mail was sent exactly once.
    received = Counter(message["Message-ID"] for message in mailbox.messages)
    assert [key for key, count in received.items() if count > 1] == []
    assert len(mailbox.messages) == OutboundEmail.objects.count()
    assert Counter(recipient for _sender, recipients in mailbox.envelopes for recipient in recipients) == Counter(
        OutboundEmail.objects.values_list("to_address", flat=True)
    )

    # Every answer counted: each ping answered once, by its link, through whichever process took it.
    assert Ping.objects.filter(round=ping_round, status=PingStatus.CONFIRMED).count() == ping_round.total
    assert not Ping.objects.filter(round=ping_round, answered_at__isnull=True).exists()
    assert OutboundEmail.objects.filter(purpose="ping-ping").count() == ping_round.total

    # Every deadline acted on exactly once: both escalation steps taken once, each of their e-mails sent once.
    escalations = ScheduledAction.objects.filter(communication=communication, kind=ActionKind.ESCALATION)
    assert escalations.count() == 2 and not escalations.filter(done_at__isnull=True).exists()
    assert communication.events.filter(kind=EventKind.ESCALATED).count() == 2
    assert Recipient.objects.filter(communication=communication, reason="escalation").count() == 2
    escalated = OutboundEmail.objects.filter(purpose="communication-escalation")
    assert sorted(escalated.values_list("to_address", flat=True)) == ["coord@ke.example.org", "wk@mfa.ke.example.org"]
    assert len(mailbox.to("coord@ke.example.org")) == 1
    assert len(mailbox.to("wk@mfa.ke.example.org")) == 2, "its ping and the escalation"

    # Every imported row is there, once.
    job.refresh_from_db()
    assert (job.total, job.written) == (IMPORTED_ROWS, IMPORTED_ROWS)
    assert Nomination.objects.filter(contact__name__startswith="Analista ").count() == IMPORTED_ROWS
