"""Benchmark the ping confirmation (GET page, POST answer) against a bare view doing one indexed UPDATE + SELECT.

    .venv/bin/python bench/confirmation.py [--contacts N] [--requests R] [--rounds K] [--database-url URL]

Recreates its bench database (the name must contain "bench"), migrates it, builds
one directory with N nominated contacts and starts a ping round (N pings; no
e-mail is sent: tasks go to a dummy backend), then serves the project with
granian (2 workers x 4 threads: the production command's threads, one worker per
core of the development VM) through ``bench/bench_site.py``. 32 keep-alive connections
on loopback (Python threads) then measure, in interleaved rounds:

* GET ``/ping/<token>/`` (the confirmation page, a different ping each time)
  against GET ``/bench/update-select/<id>/``;
* POST ``/ping/<token>/`` (answer "correct", mailbox attested; each connection
  first opens one page for its CSRF cookie and token), each ping answered once,
  against POST ``/bench/update-select/<id>/`` (with the same cookie and token,
  checked by the same CSRF middleware).

It prints req/s and p99 of each, the median ratios, and checks that every POST
was recorded exactly once (the pings answered, and their change-log entries).
Targets: ratio >= 0.5 and POST p99 <= 250 ms. Exit status 0 when met, 2 when a count is wrong.
"""

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_load import Server, analyze, load, median
from ping_round import build_data, recreate_database, setup_django

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_confirm"
TARGET_RATIO = 0.5
TARGET_P99_MS = 250
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def build(contacts: int) -> tuple[list[str], list[int]]:
    """The round's link tokens and ping ids, in the same order."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    build_data(contacts)
    from directory.models import Directory
    from pings import services
    from pings.models import Ping

    ping_round = services.start_round(Directory.objects.get(slug="bench"), trigger="manual")
    pings = list(Ping.objects.filter(round=ping_round).only("pk", "code").order_by("pk"))
    analyze()
    return [services.link_token(ping) for ping in pings], [ping.pk for ping in pings]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=3000, help="per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0, help="longest a measurement runs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()
    if args.contacts < args.requests * args.rounds + args.connections:
        sys.exit("Each POST answers its own ping: --contacts must exceed --requests x --rounds (+ connections).")

    recreate_database(args.database_url)
    setup_django(args.database_url)
    tokens, ids = build(args.contacts)
    # The GETs read pings from the end of the list, the POSTs answer them from the start.
    posted = iter(range(len(tokens)))
    answer = urlencode({"answer": "correct", "attest": "on"})

    def prepare(conn, state) -> None:
        """Each connection opens one page first: its CSRF cookie and form token, as a browser would have."""
        conn.request("GET", f"/ping/{tokens[-1]}/")
        response = conn.getresponse()
        body = response.read()
        cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        state["headers"] = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        state["body"] = (answer + "&csrfmiddlewaretoken=" + CSRF_INPUT.search(body).group(1).decode()).encode()

    def enlace_post(i, state):
        return ("POST", f"/ping/{tokens[next(posted)]}/", state["body"], state["headers"])

    def bare_post(i, state):
        return ("POST", f"/bench/update-select/{ids[-1 - i % 1000]}/", state["body"], state["headers"])

    def enlace_get(i, state):
        return ("GET", f"/ping/{tokens[-1 - i % 1000]}/", None, {})

    def bare_get(i, state):
        return ("GET", f"/bench/update-select/{ids[-1 - i % 1000]}/", None, {})

    def outcome(status: int, body: bytes) -> str:
        if b"Your answer is recorded" in body:
            return "recorded"
        if b"Already confirmed" in body:
            return "already"
        return str(status)

    runs: dict[str, list] = {"GET": [], "GET bare": [], "POST": [], "POST bare": []}
    ratios: dict[str, list] = {"GET": [], "POST": []}
    common = {"requests": args.requests, "connections": args.connections, "seconds": args.seconds}
    with Server(args.database_url) as server:
        for make in (enlace_get, bare_get):  # warm up both workers' connections and templates
            load(server.port, make, requests=64, connections=4)
        for number in range(args.rounds):
            for kind, enlace, bare in (("GET", enlace_get, bare_get), ("POST", enlace_post, bare_post)):
                limit = load(server.port, bare, prepare=prepare, **common)
                measured = load(server.port, enlace, prepare=prepare, check=outcome, **common)
                runs[kind].append(measured)
                runs[f"{kind} bare"].append(limit)
                ratios[kind].append(measured["rps"] / limit["rps"])
                print(f"round {number + 1} {kind}: {measured} vs bare {limit}", flush=True)

    from auditlog.models import LogEntry

    from pings.models import Ping, PingStatus

    recorded = sum(run["outcomes"].get("recorded", 0) for run in runs["POST"])
    answered = Ping.objects.filter(status=PingStatus.CONFIRMED).count()
    logged = LogEntry.objects.filter(changes__has_key="last_verified").count()
    counts_right = recorded == answered == logged == sum(run["requests"] for run in runs["POST"])

    print()
    print(f"{'what':<10} {'req/s (median)':>15} {'p99 ms (median)':>16} {'ratio to bare':>14}")
    for name, measured in runs.items():
        ratio = f"{median(ratios[name]):>14}" if name in ratios else f"{'':>14}"
        rps, p99 = median([r["rps"] for r in measured]), median([r["p99_ms"] for r in measured])
        print(f"{name:<10} {rps:>15} {p99:>16} {ratio}")
    summary = {name: median(values) for name, values in ratios.items()}
    post_p99 = median([run["p99_ms"] for run in runs["POST"]])
    passed = all(value >= TARGET_RATIO for value in summary.values()) and post_p99 <= TARGET_P99_MS
    print(
        json.dumps(
            {
                "ratios": summary,
                "post_p99_ms": post_p99,
                "posts_recorded": recorded,
                "pings_answered": answered,
                "log_entries": logged,
                "each_recorded_once": counts_right,
                "pass": passed,
            }
        )
    )
    print("PASS" if passed and counts_right else "FAIL")
    if not counts_right:
        return 2
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
