"""Watching a real child process (a worker) from a test: its output as it comes, and patient waits."""

import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

# Generous: a loaded two-core machine starts Django slowly. Nothing waits this long when all is well.
PATIENCE_SECONDS = 120


class Output:
    """The lines a child process prints, read as they come."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + PATIENCE_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.5)
            except queue.Empty:
                assert self.process.poll() is None, "the worker exited:\n" + "".join(self.lines)
                continue
            self.lines.append(line)
            if text in line:
                return
        pytest.fail(f"the worker never said {text!r}:\n" + "".join(self.lines))


def wait_until(condition, output: Output) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        assert output.process.poll() is None, "the worker exited:\n" + "".join(output.lines)
        assert time.monotonic() < deadline, "gave up waiting:\n" + "".join(output.lines)
        time.sleep(0.2)


def copy_of_test_database(directory: Path) -> Path:
    """A SQLite file holding what the test database holds, for another process to open."""
    database = directory / "enlace.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    copy.close()
    return database


def environment_for(database: Path, smtp_server) -> dict[str, str]:
    """The environment of a child process on ``database`` that mails the test SMTP server."""
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "EMAIL_HOST": smtp_server.hostname,
        "EMAIL_PORT": str(smtp_server.port),
        "PYTHONUNBUFFERED": "1",
    }


def start_worker(environment: dict[str, str]) -> subprocess.Popen:
    command = ["worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"]
    return subprocess.Popen(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *command],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)
