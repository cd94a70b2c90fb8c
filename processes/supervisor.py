"""Keep child processes running: a child that exits is started again, after a growing delay.

``manage.py serve`` runs the web server, the worker and the scheduler as children. Without a
supervisor, a worker that died (of a locked database, say) stayed dead and no e-mail went out
until the whole product was restarted.
"""

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from processes.patience import Backoff

# A child that ran this long before exiting was healthy: its next restart comes quickly again.
STABLE_AFTER_SECONDS = 60.0


@dataclass
class Child:
    name: str
    command: list[str]
    backoff: Backoff
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    restarts: int = 0
    delays: list[float] = field(default_factory=list)


class Supervisor:
    """Starts its children and, each time ``check`` is called, restarts those that exited."""

    def __init__(
        self,
        children: dict[str, list[str]],
        *,
        write: Callable[[str], None],
        backoff: Callable[[], Backoff] = lambda: Backoff(initial=1.0, maximum=60.0),
        clock: Callable[[], float] = time.monotonic,
        stable_after: float = STABLE_AFTER_SECONDS,
    ):
        self.children = [Child(name, command, backoff()) for name, command in children.items()]
        self.write = write
        self.clock = clock
        self.stable_after = stable_after

    def start(self) -> None:
        for child in self.children:
            self._start(child)

    def check(self) -> None:
        """Notice children that exited and restart those whose delay has passed."""
        now = self.clock()
        for child in self.children:
            if child.restart_at is None:
                status = child.process.poll() if child.process else None
                if status is None:
                    continue
                if now - child.started_at >= self.stable_after:
                    child.backoff.reset()
                delay = child.backoff.next()
                child.delays.append(delay)
                child.restart_at = now + delay
                ended = f"was killed by signal {-status}" if status < 0 else f"exited (status {status})"
                self.write(f"The {child.name} {ended}; restarting it in {delay:g} s.")
            if now >= child.restart_at:
                child.restart_at = None
                child.restarts += 1
                self._start(child)
                self.write(f"The {child.name} was restarted.")

    def run(self, until: Callable[[], bool], *, interval: float = 0.5, sleep: Callable[[float], None] = time.sleep):
        while not until():
            self.check()
            sleep(interval)

    def stop(self, *, timeout: float = 10.0) -> None:
        running = [child.process for child in self.children if child.process and child.process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.command)
        child.started_at = self.clock()
