"""Log lines: JSON lines in production, each with its time, level, logger, message and request id; the request
id comes from a well-formed X-Request-ID or is made, goes back in the response and follows the tasks the request
enqueues; and no password, API token or AMBER content ever reaches a log."""

import io
import json
import logging
import re

import pytest
from django.core.management import call_command
from django.tasks import task
from django.urls import reverse

from api.tests.world import api_client, token_for
from communications import services as communications
from communications.tests.conftest import INCIDENT, give_key, incident_draft, un_network  # noqa: F401 (network)
from enlace.testing.factories import PASSWORD
from mail.tests.keys import make_key_pair
from monitoring import request_id
from monitoring.logs import AddRequestId, JsonLines, RedactSecrets, redact

AMBER_CONTENT = "Beacon to c2.hidden-91ce.example"
task_logger = logging.getLogger("monitoring.tests")


@task
def log_a_line() -> None:
    task_logger.info("The task ran")


@pytest.fixture
def log_lines():
    """What the production handler writes (``LOG_FORMAT=json``: its formatter and filters), at every level."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    handler.addFilter(AddRequestId())
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)

    def read() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    read.text = stream.getvalue
    yield read
    root.removeHandler(handler)
    root.setLevel(level)


def test_each_line_is_a_json_object_with_time_level_logger_message_and_request_id(log_lines):
    token = request_id.current.set("req-0123456789")
    try:
        logging.getLogger("communications").warning("Reminder for %s not sent", "KE-CIRT")
    finally:
        request_id.current.reset(token)
    [line] = log_lines()
    assert set(line) == {"time", "level", "logger", "message", "request_id"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert (line["level"], line["logger"], line["message"]) == (
        "WARNING",
        "communications",
        "Reminder for KE-CIRT not sent",
    )
    assert line["request_id"] == "req-0123456789"


def test_a_well_formed_incoming_request_id_is_kept_and_returned(client, db, log_lines):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "edge-5f2c9a1b"})
    assert response["X-Request-ID"] == "edge-5f2c9a1b"
    assert [line["request_id"] for line in log_lines() if line["logger"] == "django.request"] == ["edge-5f2c9a1b"]


@pytest.mark.parametrize("incoming", [None, "", "short", "two words here", "x" * 65, "id\nlevel=ERROR", "<b>id</b>x"])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(client, db, incoming):
    headers = {"X-Request-ID": incoming} if incoming is not None else {}
    returned = client.get(reverse("account_login"), headers=headers)["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", returned)


def test_a_task_enqueued_by_a_request_logs_with_the_request_s_id(transactional_db, settings, log_lines):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    token = request_id.current.set("req-enqueued-42")  # what the middleware does for the request's duration
    try:
        log_a_line.enqueue()
    finally:
        request_id.current.reset(token)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")
    [line] = [line for line in log_lines() if line["message"] == "The task ran"]
    assert line["request_id"] == "req-enqueued-42"


def test_secrets_in_a_message_or_its_arguments_are_taken_out():
    assert redact("Authorization: Bearer enl_Abc123def456ghi789") == "Authorization: Bearer enl_[redacted]"
    assert redact("token enl_Abc123def456ghi789 used") == "token enl_[redacted] used"
    assert redact("login=a@b.org&password=hunter2-very-long") == "login=a@b.org&password=[redacted]"
    assert redact("{'password1': 'x', 'otp': '123456'}") == "{'password1': '[redacted]', 'otp': '[redacted]'}"
    assert redact("Not Found: /ping/Zq3xR8v0aB1c2D3e4F5g6H/") == "Not Found: /ping/[redacted]/"
    assert redact("GET /accounts/password/reset/key/1-abc-def/") == "GET /accounts/password/reset/key/[redacted]/"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "sign-in with %s", ("password=hunter2-long",), None)
    RedactSecrets().filter(record)
    assert record.getMessage() == "sign-in with password=[redacted]"


def test_no_password_api_token_or_amber_content_reaches_the_log(client, network, background, log_lines):
    """A sign-in with a password (a wrong one, then the right one), an API token's use, an unknown ping link,
    and an AMBER communication delivered encrypted: then the whole log is searched for each secret."""
    client.post(reverse("account_login"), {"login": network.poc_mx.email, "password": "wrong-" + PASSWORD})
    client.post(reverse("account_login"), {"login": network.poc_mx.email, "password": PASSWORD})
    secret = token_for(network.poc_mx)
    assert api_client(secret).get("/api/v1/").status_code in (200, 404)
    api_client(secret + "x").get("/api/v1/")
    client.get(f"/ping/{secret}/")
    give_key(network.ke_desk, make_key_pair("desk@ke-cirt.ke.example.org"))
    background(
        communications.send,
        incident_draft(network, tlp="amber", values={**INCIDENT, "technical_indicators": AMBER_CONTENT}),
        user=network.poc_mx,
    )
    text = log_lines.text()
    assert "django.request" in text  # the log was written: the refused token, the unknown link
    assert PASSWORD not in text
    assert secret not in text
    assert secret[4:20] not in text
    assert AMBER_CONTENT not in text
    assert INCIDENT["systems_concerned"] not in text
