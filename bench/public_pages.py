"""Benchmark the signed-out public pages against a bare "hello" view, same server, same run.

    .venv/bin/python bench/public_pages.py [--nominations N] [--requests R] [--rounds K] [--database-url URL]

Recreates its bench database (the name must contain "bench"), migrates it, builds
one directory of 20 States with N nominations, the OAS CBM catalogue and a public
document per State, then serves the project with granian (2 workers, as in
production) through ``bench/bench_site.py``, which adds a "hello" view. Signed-out
clients (32 keep-alive connections on loopback, Python threads) request, in
interleaved rounds, the hello view, the public directory page and the public CBM
page; it prints req/s and p99 for each and the median ratio page/hello per page.
Target: ratio >= 0.3. Exit status 0 when both pages meet it.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_load import Server, analyze, load, median
from ping_round import build_data, recreate_database, setup_django

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_public"
TARGET_RATIO = 0.3
PAGES = {"directory": "/directories/bench/public/", "cbm": "/directories/bench/public/cbm/"}


def build(nominations: int) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    build_data(nominations)
    from cbm.services import install_oas_catalogue
    from directory.models import Directory
    from enlace.testing.factories import DocumentFactory

    directory = Directory.objects.get(slug="bench")
    install_oas_catalogue(directory)
    for state in directory.participants.all():
        DocumentFactory(state=state, name=f"National strategy of {state.iso3}")
    analyze()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nominations", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=4000, help="per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0, help="longest a measurement runs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()

    recreate_database(args.database_url)
    setup_django(args.database_url)
    build(args.nominations)

    results: dict[str, list] = {"hello": [], **{name: [] for name in PAGES}}
    ratios: dict[str, list] = {name: [] for name in PAGES}
    with Server(args.database_url) as server:
        for path in ["/bench/hello/", *PAGES.values()]:
            load(server.port, lambda i, s, path=path: ("GET", path, None, {}), requests=64, connections=4)
        for _round in range(args.rounds):
            for name, path in PAGES.items():
                hello = load(
                    server.port,
                    lambda i, s: ("GET", "/bench/hello/", None, {}),
                    requests=args.requests,
                    connections=args.connections,
                    seconds=args.seconds,
                )
                page = load(
                    server.port,
                    lambda i, s, path=path: ("GET", path, None, {"Accept-Language": "en"}),
                    requests=args.requests,
                    connections=args.connections,
                    seconds=args.seconds,
                )
                results["hello"].append(hello)
                results[name].append(page)
                ratios[name].append(page["rps"] / hello["rps"])
                print(f"round {_round + 1} {name}: {page} vs hello {hello}", flush=True)

    print()
    print(f"{'what':<12} {'req/s (median)':>15} {'p99 ms (median)':>16} {'ratio to hello':>15}")
    for name in ["hello", *PAGES]:
        runs = results[name]
        ratio = f"{median(ratios[name]):>15}" if name in ratios else f"{'':>15}"
        print(f"{name:<12} {median([r['rps'] for r in runs]):>15} {median([r['p99_ms'] for r in runs]):>16} {ratio}")
    summary = {name: median(values) for name, values in ratios.items()}
    passed = all(value >= TARGET_RATIO for value in summary.values())
    print(json.dumps({"ratios": summary, "target": TARGET_RATIO, "pass": passed}))
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
