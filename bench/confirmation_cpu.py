"""CPU time of one ping confirmation (GET page, POST answer) in the web process, against the bare view.

    .venv/bin/python bench/confirmation_cpu.py [--contacts N] [--requests R] [--rounds K] [--profile get|post] [--reuse]

What a request costs the server process itself, which a shared machine does not
blur as it blurs req/s: the project's WSGI application (``bench/bench_site.py``:
every middleware, the templates, a persistent database connection, DEBUG off) is
called in this process, one request after another, as granian's worker thread
would call it, and each request's CPU time (``time.thread_time``: this thread
only, so PostgreSQL's own work is not counted but the driver's is) and its SQL
statements are recorded for

* GET ``/ping/<token>/`` (a different ping each time) and GET ``/bench/update-select/<id>/``;
* POST ``/ping/<token>/`` (answer "correct", mailbox attested, with the CSRF cookie and
  token a first GET gave; each ping answered once) and POST of the bare view.

The four are measured in turn, R requests each, K rounds; it prints the median over
the rounds of each one's median CPU milliseconds (and the lowest, the least disturbed by
other work on the machine), of its mean, the statements per request,
and the median of the rounds' ratios bare / Enlace (what the HTTP bench's req/s ratio
tends to when the server's CPU is what limits it), then the machine's load average.
``--profile get`` (or ``post``) also prints a cProfile (CPU time) of those requests,
heaviest functions first.

The bench database (default ``enlace_bench_confirm_cpu``; the name must contain "bench")
is recreated unless ``--reuse`` is given, in which case the round's still pending pings
are used.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ping_round import recreate_database, setup_django

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_confirm_cpu"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def environ(method: str, path: str, body: bytes = b"", headers: dict | None = None) -> dict:
    """A WSGI environ like granian's for a keep-alive HTTP/1.1 request from 127.0.0.1."""
    result = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_ENCODING": "identity",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body:
        result["CONTENT_LENGTH"] = str(len(body))
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        result[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    return result


class Caller:
    """Calls the WSGI application and keeps the status, headers and body of the response."""

    def __init__(self, application):
        self.application = application

    def __call__(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        started: dict = {}

        def start_response(status, response_headers, exc_info=None):
            started["status"], started["headers"] = status, response_headers

        result = self.application(environ(method, path, body, headers), start_response)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return int(started["status"].split()[0]), started["headers"], content


def pending_pings(limit: int) -> tuple[list[str], list[int]]:
    from pings import services
    from pings.models import Ping, PingStatus

    pings = list(Ping.objects.filter(status=PingStatus.PENDING).only("pk", "code").order_by("pk")[:limit])
    return [services.link_token(ping) for ping in pings], [ping.pk for ping in pings]


def measure(call, requests: list, profiler: cProfile.Profile | None = None) -> dict:
    from django.db import connection

    cpu, statements = [], []
    executed = [0]

    def count(execute, sql, params, many, context):
        executed[0] += 1
        return execute(sql, params, many, context)

    for method, path, body, headers, expect in requests:
        executed[0] = 0
        if profiler is not None:
            profiler.enable()
        started = time.thread_time()
        with connection.execute_wrapper(count):
            status, _headers, content = call(method, path, body, headers)
        cpu.append(time.thread_time() - started)
        if profiler is not None:
            profiler.disable()
        statements.append(executed[0])
        if status != 200 or (expect and expect not in content):
            raise SystemExit(f"{method} {path}: unexpected answer {status} {content[:300]!r}")
    return {
        "requests": len(cpu),
        "cpu_ms_median": round(1000 * statistics.median(cpu), 3),
        "cpu_ms_mean": round(1000 * statistics.fmean(cpu), 3),
        "statements": round(statistics.fmean(statements), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=300, help="per measurement and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--profile", choices=["get", "post", "get bare", "post bare"], help="print a cProfile of these requests"
    )
    parser.add_argument("--reuse", action="store_true", help="measure on the data a previous run built")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()

    if not args.reuse:
        recreate_database(args.database_url)
    setup_django(args.database_url)
    if not args.reuse:
        from confirmation import build

        build(args.contacts)
    # Each POST answers a ping of its own (from the start of the list); the GETs read others (from its end).
    warm_up = min(100, args.requests)
    posted = warm_up + args.rounds * args.requests
    tokens, ids = pending_pings(posted + args.requests)
    if len(tokens) < posted + args.requests:
        sys.exit("Not enough pending pings left: run without --reuse, or with fewer --requests or --rounds.")

    import bench_site

    call = Caller(bench_site.application)
    _status, headers, content = call("GET", f"/ping/{tokens[-1]}/")
    cookie = next(value for name, value in headers if name.lower() == "set-cookie").split(";", 1)[0]
    form = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    answer = urlencode({"answer": "correct", "attest": "on"}) + "&csrfmiddlewaretoken="
    body = (answer + CSRF_INPUT.search(content).group(1).decode()).encode()
    posts = iter(range(len(tokens)))
    kinds = {
        "GET bare": lambda i: ("GET", f"/bench/update-select/{ids[-1 - i]}/", b"", {}, b"ok "),
        "GET": lambda i: ("GET", f"/ping/{tokens[-1 - i]}/", b"", {}, b"Send my answer"),
        "POST bare": lambda i: ("POST", f"/bench/update-select/{ids[-1 - i]}/", body, form, b"ok "),
        "POST": lambda i: ("POST", f"/ping/{tokens[next(posts)]}/", body, form, b"Your answer is recorded"),
    }
    load_before = os.getloadavg()[0]
    for make in kinds.values():  # warm up: connection, templates, translations, URL resolver
        measure(call, [make(i) for i in range(warm_up)])
    runs: dict[str, list[dict]] = {name: [] for name in kinds}
    profiler = cProfile.Profile(time.thread_time) if args.profile else None
    for _round in range(args.rounds):
        for name, make in kinds.items():
            profiled = profiler if args.profile and name.lower() == args.profile else None
            runs[name].append(measure(call, [make(i) for i in range(args.requests)], profiled))
    print_profile(profiler, cumulative_lines=60)
    print_cpu_table(runs, lambda name: f"{name} bare", "bare / Enlace", "{:.2f}")
    print(f"load average (1 min): {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    return 0


def print_profile(profiler: cProfile.Profile | None, cumulative_lines: int) -> None:
    """The profiled requests' functions by cumulative time, then by their own time."""
    if profiler is None:
        return
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(cumulative_lines)
    stats.sort_stats("tottime").print_stats(30)
    print(out.getvalue())


def print_cpu_table(runs: dict[str, list[dict]], baseline_of, ratio_title: str, ratio_format: str) -> None:
    """One line per kind of request: CPU per request over the rounds, and the ratio to its baseline's
    (``baseline_of(name)``, a kind measured in the same rounds) where it has one."""
    print(
        f"{'what':<10} {'CPU ms (median)':>16} {'(best round)':>13} {'CPU ms (mean)':>14} {'statements':>11}"
        f" {ratio_title:>14}"
    )
    for name, measured in runs.items():
        median_ms = statistics.median(run["cpu_ms_median"] for run in measured)
        best_ms = min(run["cpu_ms_median"] for run in measured)
        mean_ms = statistics.median(run["cpu_ms_mean"] for run in measured)
        ratio = ""
        baseline = baseline_of(name)
        if baseline in runs and baseline != name:
            ratio = ratio_format.format(
                statistics.median(
                    base["cpu_ms_median"] / run["cpu_ms_median"]
                    for base, run in zip(runs[baseline], measured, strict=True)
                )
            )
        figures = f"{median_ms:>16.3f} {best_ms:>13.3f} {mean_ms:>14.3f} {measured[0]['statements']:>11}"
        print(f"{name:<10} {figures} {ratio:>14}")


if __name__ == "__main__":
    sys.exit(main())
