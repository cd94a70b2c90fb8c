"""CPU time of one request of the API's nominations list in the web process, against "hello".

    .venv/bin/python bench/api_list_cpu.py [--nominations N] [--requests R] [--rounds K] [--afresh]
                                           [--profile first|deep|hello] [--reuse]

What a request costs the server process itself, which a shared machine does not blur as it
blurs req/s (``bench/api_list.py`` measures the same pages over HTTP): the project's WSGI
application (``bench/bench_site.py``: every middleware, a persistent database connection,
DEBUG off, Redis as the cache as in production) is called in this process, one request after
another, as granian's worker thread would call it, and each request's CPU time
(``time.thread_time``: this thread only, so PostgreSQL's and Redis's own work is not counted
but the drivers' is) and its SQL statements are recorded for

* GET ``/bench/hello/`` (through the same middleware);
* GET ``/api/v1/nominations/`` (the first page, 100 rows) with a read-only token of the
  directory's manager in ``Authorization: Bearer`` and ``Accept: application/json``;
* GET of a page deep in the cursor (after 90 % of the rows, reached by following ``next``).

The three are measured in turn, R requests each, K rounds; it prints the median over the rounds
of each one's median CPU milliseconds (and the lowest round's), its mean, the statements per
request and the median of the rounds' ratios hello / page (what the HTTP bench's req/s ratio
tends to when the server's CPU is what limits it), then the machine's load average. Every
answer must be a full page (exit status 2 otherwise). ``--afresh`` sets
``API_LIST_CACHE_SECONDS=0``: every page is built afresh instead of served again from Redis.
``--profile first`` (or ``deep``, ``hello``) also prints a cProfile (CPU time) of those requests.

The bench database (default ``enlace_bench_api_cpu``; the name must contain "bench") is
recreated and built as ``bench/api_list.py`` builds it, unless ``--reuse``. The token's rate
limit (``API_RATE_LIMIT``) is set high so no request is refused; the throttle still counts.
``--redis-url`` chooses the Redis database (default ``redis://127.0.0.1:6379/0``, as the HTTP
bench); give one no other work uses, since kept pages are found by token and address.
"""

import argparse
import cProfile
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_list import LIST_PATH, RATE_LIMIT, build, issue_token, walk_to_deep_page
from confirmation_cpu import environ, print_cpu_table, print_profile
from ping_round import recreate_database, setup_django

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_api_cpu"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


class Caller:
    """Calls the WSGI application with a path that may carry a query: (status, headers, body)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, method: str, path: str, headers: dict | None = None):
        started: dict = {}

        def start_response(status, response_headers, exc_info=None):
            started["status"], started["headers"] = status, response_headers

        path, _mark, query = path.partition("?")
        request = environ(method, path, b"", headers)
        request["QUERY_STRING"] = query
        result = self.application(request, start_response)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return int(started["status"].split()[0]), started["headers"], content


def deep_page_path(call, headers: dict, total: int) -> str:
    """The path of the page that starts 90 % of the way through the list, the application called in process."""

    def get(path: str) -> tuple[int, bytes]:
        status, _headers, body = call("GET", path, headers=headers)
        return status, body

    return walk_to_deep_page(get, total)[0]


def measure(call, path: str, headers: dict, count: int, check, profiler: cProfile.Profile | None = None) -> dict:
    from django.db import connection

    cpu, statements = [], []
    executed = [0]

    def counted(execute, sql, params, many, context):
        executed[0] += 1
        return execute(sql, params, many, context)

    for _request in range(count):
        executed[0] = 0
        if profiler is not None:
            profiler.enable()
        started = time.thread_time()
        with connection.execute_wrapper(counted):
            status, _headers, content = call("GET", path, headers=headers)
        cpu.append(time.thread_time() - started)
        if profiler is not None:
            profiler.disable()
        statements.append(executed[0])
        outcome = check(status, content)
        if outcome is not None:
            print(f"GET {path}: {outcome}: {content[:300]!r}")
            sys.exit(2)
    return {
        "cpu_ms_median": round(1000 * statistics.median(cpu), 3),
        "cpu_ms_mean": round(1000 * statistics.fmean(cpu), 3),
        "statements": round(statistics.fmean(statements), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nominations", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=300, help="per measurement and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--afresh", action="store_true", help="build every page afresh (API_LIST_CACHE_SECONDS=0)")
    parser.add_argument("--profile", choices=["hello", "first", "deep"], help="print a cProfile of these requests")
    parser.add_argument("--reuse", action="store_true", help="measure on the data a previous run built")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    args = parser.parse_args()

    # As the HTTP bench's server runs: Redis as the cache, the rate limit high, no sign-in lockout.
    os.environ["API_RATE_LIMIT"] = RATE_LIMIT
    os.environ["REDIS_URL"] = args.redis_url
    os.environ["AXES_ENABLED"] = "false"
    if args.afresh:
        os.environ["API_LIST_CACHE_SECONDS"] = "0"
    if not args.reuse:
        recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.conf import settings
    from django.core.management import call_command

    from directory.models import Nomination

    call_command("migrate", interactive=False, verbosity=0)
    if not args.reuse:
        from http_load import analyze

        build(args.nominations)
        analyze()
    total = Nomination.objects.count()
    headers = {"Authorization": f"Bearer {issue_token()}", "Accept": "application/json", "Accept-Language": "en"}
    page_size = settings.REST_FRAMEWORK["PAGE_SIZE"]

    def full_page(status: int, body: bytes) -> str | None:
        if status != 200:
            return str(status)
        rows = body.count(b'"contact_name":')
        return None if rows == page_size else f"{rows} rows"

    def hello_answer(status: int, body: bytes) -> str | None:
        return None if status == 200 and body == b"hello" else str(status)

    import bench_site

    call = Caller(bench_site.application)
    kinds = {
        "hello": ("/bench/hello/", {}, hello_answer),
        "first": (LIST_PATH, headers, full_page),
        "deep": (deep_page_path(call, headers, total), headers, full_page),
    }
    print(
        f"API list CPU: {total:,} nominations; pages {'built afresh' if args.afresh else 'served again (Redis)'}; "
        f"deep page: {kinds['deep'][0][:80]}…",
        flush=True,
    )
    load_before = os.getloadavg()[0]
    for path, kind_headers, check in kinds.values():  # warm up: connections, code paths, the kept pages
        measure(call, path, kind_headers, min(100, args.requests), check)
    runs: dict[str, list[dict]] = {name: [] for name in kinds}
    profiler = cProfile.Profile(time.thread_time) if args.profile else None
    for _round in range(args.rounds):
        for name, (path, kind_headers, check) in kinds.items():
            profiled = profiler if name == args.profile else None
            runs[name].append(measure(call, path, kind_headers, args.requests, check, profiled))
    print_profile(profiler, cumulative_lines=70)
    print_cpu_table(runs, lambda _name: "hello", "hello / page", "{:.3f}")
    print(f"load average (1 min): {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
