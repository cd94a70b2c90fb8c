"""Benchmark the API's nominations list (first page, and a page deep in the cursor) against a bare "hello" view.

    .venv/bin/python bench/api_list.py [--nominations N] [--requests R] [--rounds K] [--database-url URL] [--reuse]

Recreates its bench database (the name must contain "bench"), migrates it and
builds one directory of 20 States with N nominated contacts (``ping_round.build_data``),
the directory's manager (with a second factor, as a manager must have) and a
read-only API token of the manager's. It then serves the project with granian
(2 workers, as in production) through ``bench/bench_site.py`` and follows the
API's own ``next`` links to a cursor 90 % of the way through the list (checking
that no nomination comes twice). 32 keep-alive connections on loopback (Python
threads) then measure, in interleaved rounds:

* GET ``/api/v1/nominations/`` (the first page, default page size) with the
  token in ``Authorization: Bearer`` and ``Accept: application/json``;
* GET of the deep page (the same, with the cursor);
* GET ``/bench/hello/`` before each of them.

The token's rate limit is the product's own setting, ``API_RATE_LIMIT``, set high
for the run so that the load is not throttled. It prints req/s, p99, the median
ratios and the CPU time per request of the server (granian and its workers) and
of the PostgreSQL backends, read from /proc: on a shared machine those hold still
when the wall-clock figures do not. Target: ratio >= 0.2 for both pages; exit
status 0 when met, 1 when not, 2 when a page is wrong (not 200, or not a full page).
"""

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_load import Server, analyze, load, median
from ping_round import build_data, recreate_database, setup_django

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_api"
TARGET_RATIO = 0.2
DEEP_FRACTION = 0.9
LIST_PATH = "/api/v1/nominations/"
MANAGER_EMAIL = "api.manager@bench.example.org"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# The product's own rate-limit setting (docs/configuration.md), high enough that no request of the run is refused.
RATE_LIMIT = "100000000/minute"


def build(nominations: int) -> None:
    from accounts.models import Role, RoleAssignment
    from directory.models import Directory
    from enlace.testing.factories import UserFactory, enrol_totp

    build_data(nominations)
    manager = UserFactory(email=MANAGER_EMAIL)
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, directory=Directory.objects.get(slug="bench"))
    enrol_totp(manager)


def issue_token() -> str:
    """A fresh read-only token of the directory's manager, for every directory it may see."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from api.models import Access, ApiToken

    _token, secret = ApiToken.issue(
        user=User.objects.get(email=MANAGER_EMAIL),
        name="bench",
        access=Access.READ,
        directory=None,
        expires_at=timezone.now() + timedelta(days=1),
    )
    return secret


def deep_page_path(port: int, headers: dict, total: int) -> tuple[str, int]:
    """Follow the API's ``next`` links over HTTP to the row 90 % of the way through (see ``walk_to_deep_page``)."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(path: str) -> tuple[int, bytes]:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()

    try:
        return walk_to_deep_page(get, total)
    finally:
        conn.close()


def walk_to_deep_page(get, total: int) -> tuple[str, int]:
    """Follow the API's ``next`` links (500 rows a page) to the row 90 % of the way through; returns the path of
    the page that starts there, at the default page size, and how many rows were walked (each seen once).

    ``get(path)`` answers ``(status, body)``: over HTTP, or by calling the application in process.
    """
    path, seen = f"{LIST_PATH}?page_size=500", set()
    while len(seen) < total * DEEP_FRACTION:
        status, body = get(path)
        if status != 200:
            sys.exit(f"{path} answered {status}: {body[:300]!r}")
        page = json.loads(body)
        codes = [row["code"] for row in page["results"]]
        if seen.intersection(codes):
            sys.exit("A nomination came twice while following the next links.")
        seen.update(codes)
        if page["next"] is None:
            sys.exit("The list ended before 90 % of the nominations.")
        path = urlsplit(page["next"])._replace(scheme="", netloc="").geturl()
    query = "&".join(part for part in urlsplit(path).query.split("&") if not part.startswith("page_size="))
    return f"{LIST_PATH}?{query}", len(seen)


# --- CPU time from /proc (Linux) ----------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # the thread ended meanwhile
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def server_cpu(pid: int) -> float:
    """CPU seconds of granian and its worker processes so far."""
    pids, total = [pid], 0.0
    while pids:
        current = pids.pop()
        total += _cpu_seconds(current)
        pids += _children(current)
    return total


def database_cpu(database: str) -> float:
    """CPU seconds so far of the PostgreSQL backends connected to the bench database (0 on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database])
        return sum(_cpu_seconds(pid) for (pid,) in cursor.fetchall())


def measured(server, database: str, make, check, common: dict) -> dict:
    """One load run, with the server's and the database's CPU milliseconds per request."""
    server_before, database_before = server_cpu(server.process.pid), database_cpu(database)
    client_before = time.process_time()
    result = load(server.port, make, check=check, **common)
    done = max(result["requests"], 1)
    result["server_cpu_ms"] = round(1000 * (server_cpu(server.process.pid) - server_before) / done, 2)
    result["database_cpu_ms"] = round(1000 * (database_cpu(database) - database_before) / done, 2)
    result["client_cpu_ms"] = round(1000 * (time.process_time() - client_before) / done, 2)
    return result


def timed_runs(args, database: str, headers: dict, full_page, total: int, rounds: int) -> tuple:
    """Interleaved runs of hello and each page on a fresh server: (runs, ratios, load before, load after)."""
    common = {"requests": args.requests, "connections": args.connections, "seconds": args.seconds}
    with Server(args.database_url) as server:
        deep_path, walked = deep_page_path(server.port, headers, total)
        print(f"  deep page: the cursor after {walked:,} rows (followed from the first page's next links)")
        pages = {"first page": LIST_PATH, "deep page": deep_path}
        for path in ["/bench/hello/", *pages.values()]:  # warm up both workers' connections and code paths
            load(server.port, lambda i, s, path=path: ("GET", path, None, headers), requests=64, connections=4)
        runs: dict[str, list] = {"hello": [], **{name: [] for name in pages}}
        ratios: dict[str, list] = {name: [] for name in pages}
        load_before = os.getloadavg()[0]
        for number in range(rounds):
            for name, path in pages.items():
                hello = measured(server, database, lambda i, s: ("GET", "/bench/hello/", None, {}), None, common)
                page = measured(
                    server, database, lambda i, s, path=path: ("GET", path, None, headers), full_page, common
                )
                runs["hello"].append(hello)
                runs[name].append(page)
                ratios[name].append(page["rps"] / hello["rps"])
                print(f"round {number + 1} {name}: {page} vs hello {hello}", flush=True)
        load_after = os.getloadavg()[0]
    return runs, ratios, load_before, load_after


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nominations", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=3000, help="per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0, help="longest a measurement runs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--reuse", action="store_true", help="measure on the data a previous run built")
    args = parser.parse_args()

    os.environ["API_RATE_LIMIT"] = RATE_LIMIT  # read by the server's settings too (Server passes the environment)
    if not args.reuse:
        recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from directory.models import Nomination

    call_command("migrate", interactive=False, verbosity=0)
    clock = time.perf_counter()
    if not args.reuse:
        build(args.nominations)
        analyze()
    total = Nomination.objects.count()
    secret = issue_token()
    database = connection.settings_dict["NAME"]
    print(
        f"API list benchmark: {total:,} nominations, {connection.vendor}; "
        f"data {'reused' if args.reuse else f'built in {time.perf_counter() - clock:.0f} s'}",
        flush=True,
    )

    headers = {"Authorization": f"Bearer {secret}", "Accept": "application/json", "Accept-Language": "en"}
    page_size = settings.REST_FRAMEWORK["PAGE_SIZE"]

    def full_page(status: int, body: bytes) -> str:
        # Counted without parsing the JSON, so the client spends little of the machine on checking.
        if status != 200:
            return str(status)
        rows = body.count(b'"contact_name":')
        return "full page" if rows == page_size else f"{rows} rows"

    # As in production: Redis is the cache, so a page once built is served again to the token that read it
    # until the directory changes (rest_api.list_cache). Then the same pages once more, each built afresh.
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    runs, ratios, load_before, load_after = timed_runs(args, database, headers, full_page, total, args.rounds)
    os.environ["API_LIST_CACHE_SECONDS"] = "0"
    fresh_runs, fresh_ratios, _before, _after = timed_runs(args, database, headers, full_page, total, 1)
    del os.environ["API_LIST_CACHE_SECONDS"]
    for name in fresh_ratios:
        runs[f"{name}, built afresh"] = fresh_runs[name]
        ratios[f"{name}, built afresh"] = fresh_ratios[name]
    runs["hello"] += fresh_runs["hello"]

    print()
    print(
        f"{'what':<27} {'req/s (median)':>15} {'p99 ms':>8} {'ratio to hello':>15}"
        f" {'server CPU ms/req':>18} {'PostgreSQL CPU ms/req':>22}"
    )
    for name, measured_runs in runs.items():
        ratio = f"{median(ratios[name]):>15}" if name in ratios else f"{'':>15}"
        print(
            f"{name:<27} {median([r['rps'] for r in measured_runs]):>15} "
            f"{median([r['p99_ms'] for r in measured_runs]):>8} {ratio}"
            f" {median([r['server_cpu_ms'] for r in measured_runs]):>18}"
            f" {median([r['database_cpu_ms'] for r in measured_runs]):>22}"
        )
    print(f"load average (1 min) before / after the timed runs: {load_before:.1f} / {load_after:.1f}")
    summary = {name: median(values) for name, values in ratios.items()}
    pages_right = all(set(run["outcomes"]) == {"full page"} for name in ratios for run in runs[name])
    # The target is the product as deployed (the cache on); the pages built afresh are printed beside it.
    passed = all(value >= TARGET_RATIO for name, value in summary.items() if "afresh" not in name)
    print(json.dumps({"ratios": summary, "target": TARGET_RATIO, "full_pages": pages_right, "pass": passed}))
    print("PASS" if passed and pages_right else "FAIL")
    if not pages_right:
        return 2
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
