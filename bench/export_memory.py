"""Benchmark the directory downloads: does a worker's memory stay flat as the directory grows?

    .venv/bin/python bench/export_memory.py [--small 5000] [--large 50000] [--database-url URL]

For each size, the script recreates its bench database and builds a directory of
that many nominated contacts (the same data as bench/ping_round.py). Then, for each
format (CSV, JSON exchange file, vCard, XLSX), a fresh subprocess signs in as a
point of contact of a participating State, downloads the directory through the
real view (Django's test client, reading the streamed response chunk by chunk and
throwing it away, as a client on a slow line would), and reports its peak resident
memory, the bytes and the time. The figures for the two sizes are printed side by
side with their ratio: flat memory means the large directory's peak stays close to
the small one's while the output grows with the rows. See bench/README.md.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ping_round

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_export"
FORMATS = ("csv", "json", "vcf", "xlsx")
RESULT_PREFIX = "EXPORT-RESULT "
READER_EMAIL = "reader@bench.example.org"


def setup(database_url: str) -> None:
    os.environ["ALLOWED_HOSTS"] = "testserver"
    ping_round.setup_django(database_url)


def prepare(size: int, database_url: str) -> float:
    """A fresh database with ``size`` nominated contacts and a signed-in reader; returns seconds taken."""
    clock = time.perf_counter()
    ping_round.recreate_database(database_url)
    setup(database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    ping_round.build_data(size)
    from accounts.models import User
    from directory.models import Contact

    User.objects.create_user(READER_EMAIL, contact=Contact.objects.order_by("pk").first())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    return time.perf_counter() - clock


def worker(format: str) -> dict:
    """Download the directory in ``format`` as its reader; peak memory, bytes, rows seen, seconds."""
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=READER_EMAIL))
    baseline = ping_round.peak_rss_mb()
    clock = time.perf_counter()
    response = client.get(f"/directories/{ping_round.BENCH_SLUG}/export.{format}")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return {
        "status": response.status_code,
        "bytes": size,
        "lines": lines,
        "seconds": time.perf_counter() - clock,
        "peak_mb": ping_round.peak_rss_mb(),
        "before_mb": baseline,
    }


def run_worker(format: str, database_url: str) -> dict:
    command = [sys.executable, __file__, "--worker", format, "--database-url", database_url]
    finished = subprocess.run(command, stdout=subprocess.PIPE, text=True, cwd=ping_round.ROOT, check=False)
    results = [line for line in finished.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if finished.returncode or not results:
        sys.stdout.write(finished.stdout)
        sys.exit(f"The {format} worker failed (exit status {finished.returncode}).")
    return json.loads(results[-1][len(RESULT_PREFIX) :])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=5000, help="contacts in the small directory (%(default)s)")
    parser.add_argument("--large", type=int, default=50000, help="contacts in the large directory (%(default)s)")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="dropped and recreated; must say 'bench'")
    parser.add_argument("--worker", choices=FORMATS, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        setup(args.database_url)
        print(RESULT_PREFIX + json.dumps(worker(args.worker)), flush=True)
        return 0

    figures: dict[int, dict[str, dict]] = {}
    for size in (args.small, args.large):
        print(f"Building a directory of {size:,} nominated contacts...", flush=True)
        built = prepare(size, args.database_url)
        print(f"  built in {built:.1f} s; downloading it in each format...", flush=True)
        figures[size] = {format: run_worker(format, args.database_url) for format in FORMATS}

    small, large = figures[args.small], figures[args.large]
    print(f"\nDirectory downloads, peak memory of a fresh worker: {args.small:,} vs {args.large:,} contacts")
    print(f"  {'format':8} {'peak MB (small)':>16} {'peak MB (large)':>16} {'ratio':>7} {'output ratio':>13}")
    worst = 0.0
    for format in FORMATS:
        ratio = large[format]["peak_mb"] / small[format]["peak_mb"]
        output = large[format]["bytes"] / max(small[format]["bytes"], 1)
        worst = max(worst, ratio)
        print(
            f"  {format:8} {small[format]['peak_mb']:16.1f} {large[format]['peak_mb']:16.1f} "
            f"{ratio:7.2f} {output:13.1f}"
        )
    print("\n  time and size of the large downloads:")
    for format in FORMATS:
        row = large[format]
        print(f"    {format:6} {row['seconds']:7.1f} s  {row['bytes'] / 1e6:8.1f} MB  (HTTP {row['status']})")
    ok = all(row["status"] == 200 for sizes in figures.values() for row in sizes.values())
    print(f"\n  rows grew {args.large / args.small:.0f}-fold; the worst peak-memory ratio is {worst:.2f}")
    print(f"  every download answered 200: {'yes' if ok else 'NO'}")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
