"""Shared test fixtures: a real SMTP server on loopback, tasks run in-process, a world of roles."""

import email
import email.policy
import os
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

# Playwright's sync API runs an event loop in the test thread; Django must allow DB access beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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


@pytest.fixture(autouse=True)
def plain_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, settings, tmp_path):
    from access.tests.world import build_world

    settings.MEDIA_ROOT = tmp_path / "media"

    return build_world()


@pytest.fixture(autouse=True)
def interface_language_starts_as_the_default():
    """Every test starts in the site's default language, whatever a test before it activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
