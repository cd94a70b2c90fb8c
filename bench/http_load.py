"""A loopback HTTP load loop and a granian server for the HTTP benchmarks (public pages, confirmation).

Everything stays on 127.0.0.1: the server is started here on a free loopback port
and the client threads connect only to it. Each run is bounded both in requests
and in seconds.
"""

import http.client
import itertools
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """granian (pinned in requirements) serving ``bench.bench_site`` with the given database, on loopback."""

    def __init__(self, database_url: str, workers: int = 2, threads: int = 4):
        self.port = free_port()
        self.database_url, self.workers, self.threads = database_url, workers, threads

    def __enter__(self) -> "Server":
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "enlace.settings",
            "DATABASE_URL": self.database_url,
            "DEBUG": "false",
            "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
            "AXES_ENABLED": "false",
        }
        granian = str(Path(sys.executable).with_name("granian"))
        self.process = subprocess.Popen(
            [
                granian,
                "--interface", "wsgi",
                "--host", HOST,
                "--port", str(self.port),
                "--workers", str(self.workers),
                "--blocking-threads", str(self.threads),
                "--log-level", "warning",
                "--working-dir", str(ROOT),
                "bench.bench_site:application",
            ],
            env=env,
            cwd=ROOT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/bench/hello/")
                if conn.getresponse().status == 200:
                    conn.close()
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("granian did not answer within a minute")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


# A request: (method, path, body or None, extra headers); built per request index and per connection.
Request = tuple[str, str, bytes | None, dict]


def load(
    port: int,
    make: Callable[[int, dict], Request],
    *,
    requests: int,
    connections: int = 32,
    seconds: float = 30.0,
    prepare: Callable[[http.client.HTTPConnection, dict], None] | None = None,
    check: Callable[[int, bytes], str] | None = None,
) -> dict:
    """Send up to ``requests`` requests (for at most ``seconds``) over ``connections`` keep-alive connections.

    ``make(i, state)`` builds request i (``state`` is the connection's own dict, set up by ``prepare``);
    ``check(status, body)`` names each outcome (default: the status code). Returns req/s, latencies, outcomes.
    """
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    outcomes: Counter = Counter()
    deadline = time.monotonic() + seconds
    ready = threading.Barrier(connections + 1)

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        state: dict = {}
        if prepare is not None:
            prepare(conn, state)
        mine, seen = [], Counter()
        ready.wait()
        while time.monotonic() < deadline:
            with lock:
                index = next(counter)
            if index >= requests:
                break
            method, path, body, headers = make(index, state)
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            mine.append(time.perf_counter() - started)
            seen[check(response.status, content) if check else str(response.status)] += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            outcomes.update(seen)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    done = len(latencies)
    return {
        "requests": done,
        "seconds": round(elapsed, 2),
        "rps": round(done / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(1000 * latencies[done // 2], 1) if done else None,
        "p99_ms": round(1000 * latencies[min(done - 1, int(done * 0.99))], 1) if done else None,
        "outcomes": dict(outcomes),
    }


def analyze() -> None:
    """Refresh the planner's statistics after the bulk load, as autovacuum would on a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)
