"""Benchmark the directory page at 100,000 nominations: time and weight of a page, unfiltered and filtered.

    .venv/bin/python bench/directory_page.py [--nominations N] [--repeat R] [--database-url URL]

The script recreates its bench database (the name must contain "bench"), migrates
it and writes N contacts with their e-mail address, language and nomination with
``COPY`` (``enlace.bulk_insert.insert_rows``), spread over 20 participating
States, then ``VACUUM ANALYZE``. It signs in as the directory's manager through the test
client (the whole middleware stack, templates included) and requests each case R
times after one warm-up request (the cases interleaved): the unfiltered page, one State, one language,
sorted by name, and a page deep in the list. It prints the median and p95
milliseconds and the response size, plain and gzip-compressed (as the
``GZipMiddleware`` sends it to a browser), and PASS or FAIL against the targets
(<= 300 ms at p95 and <= 200 kB). See bench/README.md.
"""

import argparse
import gzip
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ping_round  # the shared bench helpers: database recreation, Django set-up

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_directory"
DEFAULT_NOMINATIONS = 100_000
TARGET_MS = 300
TARGET_BYTES = 200_000
STATE_COUNT = 20
INSTITUTIONS_PER_STATE = 5
MANAGER_EMAIL = "manager@bench.example.org"


def build_data(count: int) -> None:
    """One directory, 20 States, and ``count`` contacts each nominated once (one in ten as technical)."""
    from django.db import transaction

    from accounts.models import Role, RoleAssignment, User
    from directory.choices import InstitutionKind, NominationStatus
    from directory.models import (
        Contact,
        ContactEmail,
        ContactLanguage,
        Institution,
        Nomination,
        State,
    )
    from enlace.bulk_insert import insert_rows
    from enlace.testing.factories import enrol_totp

    states = list(State.objects.order_by("iso3")[:STATE_COUNT])
    directory, (diplomatic, technical) = ping_round.bench_directory(states)
    institutions = Institution.objects.bulk_create(
        Institution(state=state, name=f"Bench Institution {number} of {state.iso3}", kind=InstitutionKind.CSIRT)
        for state in states
        for number in range(INSTITUTIONS_PER_STATE)
    )
    today = date.today()
    with transaction.atomic():
        contact_rows = []
        for number in range(count):
            institution = institutions[number % len(institutions)]
            contact_rows.append(
                (
                    institution.pk,
                    f"Bench Contact {number:06d}",
                    "Point of contact",
                    number % 10 == 0,
                    today - timedelta(days=number % 700) if number % 2 else None,
                )
            )
        ids = insert_rows(Contact, ["institution", "name", "title", "is_24_7", "last_verified"], contact_rows)
        insert_rows(
            ContactEmail,
            ["contact", "address"],
            ((pk, f"poc{number:06d}@bench.example.org") for number, pk in enumerate(ids)),
        )
        insert_rows(
            ContactLanguage,
            ["contact", "code", "position"],
            ((pk, "fr" if number % 50 == 0 else "en", 0) for number, pk in enumerate(ids)),
        )
        insert_rows(
            Nomination,
            ["directory", "role", "contact", "state", "status", "starts_on"],
            (
                (
                    directory.pk,
                    (technical if number % 10 == 9 else diplomatic).pk,
                    pk,
                    institutions[number % len(institutions)].state_id,
                    NominationStatus.ACTIVE,
                    today,
                )
                for number, pk in enumerate(ids)
            ),
        )
    manager = User.objects.create_user(MANAGER_EMAIL)
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, directory=directory)
    enrol_totp(manager)


def measure(client, path: str, cases: list[tuple[str, dict]], repeat: int) -> list[dict]:
    """Time every case ``repeat`` times, the cases interleaved so that a burst of load elsewhere on the
    machine falls on all of them alike rather than on whichever ran during it."""
    for _label, query in cases:
        client.get(path, query)  # warm-up: the first request fills caches (templates, translations)
    times = [[] for _ in cases]
    for _ in range(repeat):
        for index, (_label, query) in enumerate(cases):
            clock = time.perf_counter()
            response = client.get(path, query)
            times[index].append((time.perf_counter() - clock) * 1000)
            assert response.status_code == 200, response.status_code
    results = []
    for (_label, query), timings in zip(cases, times, strict=True):
        plain = client.get(path, query).content
        compressed = client.get(path, query, HTTP_ACCEPT_ENCODING="gzip")
        assert compressed["Content-Encoding"] == "gzip"
        assert gzip.decompress(compressed.content).startswith(b"<!")
        timings.sort()
        results.append(
            {
                "median": statistics.median(timings),
                "p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
                "bytes": len(plain),
                "gzip": len(compressed.content),
                "rows": plain.count(b"<tr>") - 1,
            }
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nominations", type=int, default=DEFAULT_NOMINATIONS)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    args = parser.parse_args()

    os.environ["ALLOWED_HOSTS"] = "testserver"
    ping_round.recreate_database(args.database_url)
    ping_round.setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from directory.models import State

    clock = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    build_data(args.nominations)
    with connection.cursor() as cursor:
        # Fresh statistics and visibility map, as autovacuum keeps them on a database in service.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    built = time.perf_counter() - clock

    client = Client()
    client.force_login(User.objects.get(email=MANAGER_EMAIL))
    one_state = State.objects.order_by("iso3")[STATE_COUNT // 2].iso3
    path = "/directories/bench/"
    cases = [
        ("unfiltered, first page", {}),
        (f"one State ({one_state})", {"state": one_state}),
        ("one language (fr, 2 %)", {"language": "fr"}),
        ("24/7 only, sorted by name", {"is_24_7": "on", "sort": "name"}),
        ("sorted by last verified", {"sort": "verified"}),
        ("page 1,000, by State", {"page": 1000}),
    ]
    print(
        f"Directory page benchmark: {args.nominations:,} nominations, {connection.vendor}, "
        f"{args.repeat} requests a case as the directory's manager (test client)"
    )
    print(f"  bench data built in {built:.1f} s (not timed below)\n")
    print(f"  {'case':34} {'median ms':>10} {'p95 ms':>8} {'rows':>5} {'HTML bytes':>11} {'gzip bytes':>11}")
    passed = True
    load_before = os.getloadavg()[0]
    results = measure(client, path, cases, args.repeat)
    for (label, _query), result in zip(cases, results, strict=True):
        ok = result["p95"] <= TARGET_MS and result["bytes"] <= TARGET_BYTES
        passed &= ok
        print(
            f"  {label:34} {result['median']:10.1f} {result['p95']:8.1f} {result['rows']:5d} "
            f"{result['bytes']:11,d} {result['gzip']:11,d}  {'ok' if ok else 'FAIL'}"
        )
    print(f"\n  load average (1 min) before / after the timed requests: {load_before:.1f} / {os.getloadavg()[0]:.1f}")
    print(f"\n  targets: p95 <= {TARGET_MS} ms and HTML <= {TARGET_BYTES:,} bytes: {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
