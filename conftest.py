"""Shared test fixtures: a real SMTP server on loopback, tasks run in-process, a world of roles."""

import contextlib
import email
import email.policy
import os
import socket
import threading
import uuid

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import caches

# Playwright's sync API runs an event loop in the test thread; Django must allow DB access beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The harness every app's tests share: data built once (``enlace.testing``), and the browser tests' fixtures
# (the browser, a page, a coordinator with an authenticator), and the API's world (``api_world``) that every
# app's API tests read.
pytest_plugins = ["enlace.testing.plugin", "enlace.testing.browser", "api.tests.world"]


class Mailbox:
    """Messages received by the test SMTP server, parsed."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.envelopes.clear()

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for message in self.messages if address in message["To"]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture(autouse=True)
def mailbox(settings, smtp_server) -> Mailbox:
    """E-mail goes over real SMTP to a server on loopback; tests read what arrives."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": smtp_server.hostname, "port": smtp_server.port, "timeout": 5},
        }
    }
    smtp_server.handler.clear()
    return smtp_server.handler


@pytest.fixture
def background(django_capture_on_commit_callbacks):
    """Run a service and the tasks it enqueues on commit (deliveries...), as the worker would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Tasks run in the test's own process as soon as they are enqueued (the worker has its own test)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def clean_cache():
    """allauth keeps rate-limit counters and used TOTP codes in the cache; the test rollback does not reach it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shared_cache(settings):
    """The production set-up: Redis as the cache (a database of the tests' own), under this test's own prefix;
    its keys are deleted afterwards (never the whole database: other runs may share it)."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.REDIS_URL = "redis://127.0.0.1:6379/13"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "enlace.redis_cache.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    yield
    client = caches["default"]._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def plain_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def interface_language_starts_as_the_default():
    """Every test starts in the site's default language, whatever a test before it activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


# --- Browser tests: the live server and the browser must be quiet before the database is reset ---

# How long a request of a failed browser test may still run after it (an import on a loaded machine).
LIVE_SERVER_GRACE_SECONDS = 300


class LiveServerGate:
    """Wraps the live server's application: counts the requests under way and, when the server
    shares the test's in-memory SQLite connection, runs one at a time (two requests' transactions
    on one connection would nest into each other)."""

    def __init__(self, application, *, one_at_a_time: bool):
        self.application = application
        self.one_at_a_time = threading.Lock() if one_at_a_time else contextlib.nullcontext()
        self.idle = threading.Condition()
        self.under_way = 0

    def __call__(self, environ, start_response):
        with self.idle:
            self.under_way += 1
        try:
            with self.one_at_a_time:
                result = self.application(environ, start_response)
                try:
                    # Read the whole response here, so that it is finished when the request is counted out.
                    return [b"".join(result)]
                finally:
                    if hasattr(result, "close"):
                        result.close()
        finally:
            with self.idle:
                self.under_way -= 1
                self.idle.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        with self.idle:
            return self.idle.wait_for(lambda: self.under_way == 0, timeout=timeout)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, made once the test database exists: on SQLite in memory it can only
    see that database through the test's own connection, which it takes when it starts (otherwise it
    opens one of its own and the two lock each other's tables)."""
    return live_server


@pytest.fixture(scope="session")
def live_server_gate(live_server) -> LiveServerGate:
    httpd = live_server.thread.httpd
    gate = LiveServerGate(httpd.get_app(), one_at_a_time=bool(live_server.thread.connections_override))
    httpd.set_app(gate)
    return gate


@pytest.fixture(autouse=True)
def browser_test_leaves_nothing_running(request):
    """A browser test that fails mid-way must not break the next one: when it ends, its browser
    contexts are closed and the live server's last requests have finished before the database is reset.

    The database first, then the server: the server is made once, and must see the test database
    (on SQLite in memory, it shares the test's connection); and this ends before the database is reset.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    gate = request.getfixturevalue("live_server_gate")
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
    assert gate.wait_until_idle(LIVE_SERVER_GRACE_SECONDS), "the live server was still answering a request"
