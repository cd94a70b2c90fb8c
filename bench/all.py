"""Run every speed benchmark of the "fast at every size" targets, one after another, and summarise.

    .venv/bin/python bench/all.py                 # the sizes the targets name (100,000 rows; about an hour)
    .venv/bin/python bench/all.py --quick         # small sizes, to check that every bench still runs
    .venv/bin/python bench/all.py --only search import

Each bench runs as its own process on its own PostgreSQL bench database, as it would by hand; its whole
output goes to ``bench/results/<name>.txt`` (not committed) and its lines that carry a figure, a ratio or
a verdict are echoed here. The summary gives each bench's exit status: 0 means its targets were met. The
benches run one at a time so that none measures while another loads the machine.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"

# name: (arguments at the sizes the targets name, arguments of a quick run)
BENCHES: dict[str, tuple[list[str], list[str]]] = {
    "confirmation": (
        ["confirmation.py", "--contacts", "100000", "--requests", "3000", "--rounds", "3"],
        ["confirmation.py", "--contacts", "2000", "--requests", "300", "--rounds", "1"],
    ),
    "search": (["search.py"], ["search.py", "--contacts", "3000", "--runs", "5"]),
    "directory_page": (["directory_page.py"], ["directory_page.py", "--nominations", "3000", "--repeat", "3"]),
    "public_pages": (
        ["public_pages.py", "--nominations", "100000"],
        ["public_pages.py", "--nominations", "2000", "--requests", "300", "--rounds", "1"],
    ),
    "api_list": (["api_list.py"], ["api_list.py", "--nominations", "3000", "--requests", "300", "--rounds", "1"]),
    "list_pages": (
        ["list_pages.py"],
        ["list_pages.py", "--contacts", "2000", "--communications", "500", "--documents", "200", "--repeat", "3"],
    ),
    "import": (["import.py"], ["import.py", "--rows", "1000"]),
    "export_memory": (
        ["export_memory.py", "--small", "10000", "--large", "100000"],
        ["export_memory.py", "--small", "1000", "--large", "3000"],
    ),
}

# The lines of a bench's output worth repeating in the summary: figures, ratios, targets, verdicts.
TELLING = re.compile(r"ratio|target|PASS|FAIL|overall|All terms|p95|median|peak|req/s|\bs\b.*queries", re.IGNORECASE)


def run(name: str, arguments: list[str]) -> tuple[int, float]:
    RESULTS.mkdir(exist_ok=True)
    started = time.monotonic()
    with open(RESULTS / f"{name}.txt", "w") as log:
        process = subprocess.Popen(
            [sys.executable, str(BENCH / arguments[0]), *arguments[1:]],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=BENCH.parent,
        )
        for line in process.stdout:
            log.write(line)
            if TELLING.search(line):
                print(f"  {line.rstrip()}", flush=True)
        status = process.wait()
    return status, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: check that each bench runs")
    parser.add_argument("--only", nargs="+", choices=BENCHES, help="run only these")
    args = parser.parse_args()

    outcomes = []
    for name in args.only or BENCHES:
        full, quick = BENCHES[name]
        arguments = quick if args.quick else full
        print(f"== {name}: {' '.join(arguments)}  (load average {os.getloadavg()[0]:.1f})", flush=True)
        status, seconds = run(name, arguments)
        outcomes.append((name, status, seconds))
        print(f"   exit status {status} after {seconds:.0f} s\n", flush=True)

    print("Summary (exit status 0: the bench's targets were met)")
    for name, status, seconds in outcomes:
        print(f"  {name:<16} {'met' if status == 0 else f'NOT MET (exit {status})':<20} {seconds:6.0f} s")
    return 0 if all(status == 0 for _name, status, _seconds in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
