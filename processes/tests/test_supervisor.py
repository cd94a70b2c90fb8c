"""`manage.py serve` keeps its children running: one that exits is started again, later each time."""

import os
import signal
import socket
import subprocess
import sys

import pytest
from django.conf import settings

from processes.patience import Backoff
from processes.supervisor import Supervisor
from processes.tests.processes import Output

EXITS_AT_ONCE = [sys.executable, "-c", "raise SystemExit(3)"]
MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]
KEEPS_RUNNING = [sys.executable, "-c", "import time; time.sleep(600)"]


class Clock:
    """The supervisor's clock, moved by the test instead of waited for."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def supervise(children, clock, lines, stable_after=60.0) -> Supervisor:
    return Supervisor(
        children,
        write=lines.append,
        backoff=lambda: Backoff(initial=1, maximum=8),
        clock=clock,
        stable_after=stable_after,
    )


def restart_after_exit(supervisor: Supervisor, name: str, clock: Clock) -> None:
    """Let the child exit, have the supervisor notice, move the clock past the delay, let it restart."""
    [child] = [child for child in supervisor.children if child.name == name]
    child.process.wait(timeout=60)
    supervisor.check()
    clock.now = child.restart_at
    supervisor.check()


def test_a_child_that_exits_is_restarted_and_the_output_says_so():
    clock, lines = Clock(), []
    supervisor = supervise({"worker": EXITS_AT_ONCE}, clock, lines)
    supervisor.start()
    try:
        first = supervisor.children[0].process
        restart_after_exit(supervisor, "worker", clock)
        worker = supervisor.children[0]
        assert worker.process is not first
        assert worker.restarts == 1
        assert lines == ["The worker exited (status 3); restarting it in 1 s.", "The worker was restarted."]
    finally:
        supervisor.stop()


def test_a_child_is_not_restarted_before_its_delay_has_passed():
    clock, lines = Clock(), []
    supervisor = supervise({"worker": EXITS_AT_ONCE}, clock, lines)
    supervisor.start()
    try:
        supervisor.children[0].process.wait(timeout=60)
        supervisor.check()
        clock.now += 0.5
        supervisor.check()
        assert supervisor.children[0].restarts == 0
    finally:
        supervisor.stop()


def test_the_delay_doubles_while_a_child_keeps_exiting_up_to_its_limit():
    clock, lines = Clock(), []
    supervisor = supervise({"worker": EXITS_AT_ONCE}, clock, lines)
    supervisor.start()
    try:
        for _ in range(5):
            restart_after_exit(supervisor, "worker", clock)
        assert supervisor.children[0].delays == [1, 2, 4, 8, 8]
    finally:
        supervisor.stop()


def test_a_child_that_ran_for_a_while_before_exiting_is_restarted_quickly_again():
    clock, lines = Clock(), []
    supervisor = supervise({"worker": EXITS_AT_ONCE}, clock, lines, stable_after=60)
    supervisor.start()
    try:
        restart_after_exit(supervisor, "worker", clock)
        restart_after_exit(supervisor, "worker", clock)
        clock.now += 120  # the third run lasted two minutes
        restart_after_exit(supervisor, "worker", clock)
        assert supervisor.children[0].delays == [1, 2, 1]
    finally:
        supervisor.stop()


def test_children_still_running_are_left_alone_and_stopped_at_the_end():
    clock, lines = Clock(), []
    supervisor = supervise({"scheduler": KEEPS_RUNNING, "worker": EXITS_AT_ONCE}, clock, lines)
    supervisor.start()
    scheduler = supervisor.children[0].process
    restart_after_exit(supervisor, "worker", clock)
    assert supervisor.children[0].process is scheduler
    assert not any("scheduler" in line for line in lines)
    supervisor.stop()
    assert scheduler.poll() is not None


def test_a_child_killed_by_a_signal_is_restarted_and_the_output_names_the_signal():
    clock, lines = Clock(), []
    supervisor = supervise({"worker": KEEPS_RUNNING}, clock, lines)
    supervisor.start()
    try:
        supervisor.children[0].process.kill()
        restart_after_exit(supervisor, "worker", clock)
        assert lines[0] == "The worker was killed by signal 9; restarting it in 1 s."
        assert supervisor.children[0].process.poll() is None
    finally:
        supervisor.stop()


def test_serve_supervises_the_patient_worker_the_scheduler_and_the_web_server(monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from processes.management.commands import serve

    supervised = {}

    class Recorder:
        def __init__(self, children, **options):
            supervised.update(children)

        def start(self):
            pass

        def run(self, until):
            raise KeyboardInterrupt  # Ctrl+C at once

        def stop(self):
            supervised["stopped"] = True

    monkeypatch.setattr(serve, "Supervisor", Recorder)
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)
    call_command("serve", "--no-demo", "--no-mailbox", stdout=StringIO())
    assert supervised["worker"][2] == "worker"
    assert supervised["scheduler"][2] == "scheduler"
    assert supervised["web server"][2] == "runserver"
    assert supervised["stopped"]


def test_ctrl_c_stops_serve_and_every_child_even_when_started_with_sigint_ignored(tmp_path):
    """Ctrl+C reaches the whole process group: the children stop on it, and serve must stop with them
    rather than restart them (a shell script's background job starts with SIGINT ignored)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "serve",
            "--no-demo",
            "--no-mailbox",
            "--port",
            str(port),
        ],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'enlace.sqlite3'}", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        output = Output(serve)
        output.wait_for("Starting worker")
        os.killpg(serve.pid, signal.SIGINT)
        serve.wait(timeout=120)
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
    assert not [line for line in output.lines if "restart" in line]
    with pytest.raises(ProcessLookupError):  # no process is left in serve's group
        os.killpg(serve.pid, 0)
