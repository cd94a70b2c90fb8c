"""Benchmark the change log page at 1,000,000 entries: any page, any filter, against its SQL and the bare index read.

    .venv/bin/python bench/change_log.py [--entries N] [--contacts C] [--repeat R] [--reuse] [--database-url URL]

The script recreates its bench database (the name must contain "bench"), migrates it (which
creates the change log's indexes, migration ``audit.0001``) and builds two directories of 20
States each, C contacts nominated to their State's directory, and N change-log entries over two
years written with ``COPY`` (``enlace.bulk_insert.insert_rows``), stamped as the application
stamps them (a contact's entries with its State and code, a nomination's with its directory
too, an institution's with its State), by 50 people or the system; then ``VACUUM ANALYZE``.

It signs in (test client: every middleware, the permission layer, the template) as the
coordinator of one State and as the manager of the first directory, and requests each case R
times after a warm-up, the cases interleaved: the first page, a page a year back (a keyset
position in the URL), the oldest first, and each filter. For each case it prints the median and
p95 of the page, the CPU time of this process for a page (Django's own work, which a busy machine
inflates less than wall-clock time), the median and p95 of exactly the SQL one such request ran
(captured once, replayed with a cursor), and their ratio (SQL / page: 1.0 would mean Django adds
nothing); then the limit measured in the same run — the bare read of one page of 51 rows from the
``(timestamp, id)`` index, with no permission rule and no filter — and the old page's cost for
comparison (``Paginator`` over ``-timestamp``: a COUNT of every readable entry, then OFFSET to page
1,000). Exit status 0 when every case's p95 is within the target (300 ms, as for the directory
page), 1 otherwise. See bench/README.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ping_round  # the shared bench helpers: database recreation, Django set-up

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_change_log"
DEFAULT_ENTRIES = 1_000_000
DEFAULT_CONTACTS = 20_000
TARGET_MS = 300
STATES_PER_DIRECTORY = 20
INSTITUTIONS_PER_STATE = 5
ACTORS = 50
BATCH = 50_000
START = datetime(2024, 12, 1, tzinfo=UTC)
SPAN = timedelta(days=730)
COORDINATOR_EMAIL = "coordinator@bench.example.org"
MANAGER_EMAIL = "manager@bench.example.org"


def build_data(contact_count: int, entry_count: int) -> None:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from accounts.models import Role, RoleAssignment, User
    from directory.choices import InstitutionKind, NominationStatus
    from directory.models import (
        Contact,
        ContactEmail,
        ContactPhone,
        Institution,
        Nomination,
        Participation,
        State,
    )
    from enlace.bulk_insert import insert_rows
    from enlace.testing.factories import enrol_totp

    randomness = random.Random(7)
    states = list(State.objects.order_by("iso3")[: 2 * STATES_PER_DIRECTORY])
    first, (diplomatic_1, _technical) = ping_round.bench_directory(states[:STATES_PER_DIRECTORY])
    first.name = "First Bench PoC Directory"  # names are unique: the helper names every directory alike
    first.save(update_fields=["name"])
    second, (diplomatic_2, _technical) = ping_round.bench_directory(states[STATES_PER_DIRECTORY:], slug="other")
    directory_of = {state.pk: (first, diplomatic_1) for state in states[:STATES_PER_DIRECTORY]}
    directory_of.update({state.pk: (second, diplomatic_2) for state in states[STATES_PER_DIRECTORY:]})
    institutions = Institution.objects.bulk_create(
        Institution(state=state, name=f"Bench Institution {number} of {state.iso3}", kind=InstitutionKind.CSIRT)
        for state in states
        for number in range(INSTITUTIONS_PER_STATE)
    )
    with transaction.atomic():
        codes = [uuid.uuid4() for _ in range(contact_count)]
        contact_ids = insert_rows(
            Contact,
            ["institution", "name", "title", "code"],
            (
                (institutions[number % len(institutions)].pk, f"Bench Contact {number:06d}", "Point of contact", code)
                for number, code in enumerate(codes)
            ),
        )
        insert_rows(
            Nomination,
            ["directory", "role", "contact", "state", "status"],
            (
                (
                    directory_of[institutions[number % len(institutions)].state_id][0].pk,
                    directory_of[institutions[number % len(institutions)].state_id][1].pk,
                    pk,
                    institutions[number % len(institutions)].state_id,
                    NominationStatus.ACTIVE,
                )
                for number, pk in enumerate(contact_ids)
            ),
        )
    actors = [User.objects.create_user(f"actor{number:02d}@bench.example.org") for number in range(ACTORS)]
    kinds = {model: ContentType.objects.get_for_model(model).pk for model in (Contact, ContactEmail, ContactPhone)}
    kinds.update({model: ContentType.objects.get_for_model(model).pk for model in (Nomination, Institution)})
    kinds[Participation] = ContentType.objects.get_for_model(Participation).pk
    step = SPAN / entry_count
    for start in range(0, entry_count, BATCH):
        rows = []
        for number in range(start, min(start + BATCH, entry_count)):
            index = randomness.randrange(contact_count)
            institution = institutions[index % len(institutions)]
            state_id, code = institution.state_id, str(codes[index])
            draw = randomness.random()
            if draw < 0.6:
                model = (Contact, ContactEmail, ContactPhone)[number % 3]
                data, pk, name = {"state": state_id, "contact": code}, contact_ids[index], f"Bench Contact {index:06d}"
            elif draw < 0.8:
                directory = directory_of[state_id][0]
                model, pk, name = Nomination, number, f"Nomination of Bench Contact {index:06d}"
                data = {"directory": directory.pk, "state": state_id, "contact": code}
            elif draw < 0.95:
                model, data, pk, name = Institution, {"state": state_id}, institution.pk, institution.name
            else:
                model, pk, name = Participation, number, f"Participation {state_id}"
                data = {"directory": directory_of[state_id][0].pk, "state": state_id}
            action = randomness.choices(
                [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE], weights=[12, 85, 3]
            )[0]
            actor = None if randomness.random() < 0.2 else actors[randomness.randrange(ACTORS)].pk
            rows.append(
                (
                    kinds[model],
                    str(pk),
                    pk,
                    name,
                    action,
                    {"title": ["Point of contact", "Head of CSIRT"]},
                    data,
                    actor,
                    START + step * number + timedelta(microseconds=randomness.randrange(1000)),
                    f"192.0.2.{number % 250 + 1}",
                )
            )
        with transaction.atomic():
            insert_rows(
                LogEntry,
                [
                    "content_type",
                    "object_pk",
                    "object_id",
                    "object_repr",
                    "action",
                    "changes",
                    "additional_data",
                    "actor",
                    "timestamp",
                    "remote_addr",
                ],
                rows,
            )
        print(f"  {min(start + BATCH, entry_count):,} entries", end="\r", flush=True)
    coordinator = User.objects.create_user(COORDINATOR_EMAIL)
    RoleAssignment.objects.create(user=coordinator, role=Role.COORDINATOR, state=states[0])
    manager = User.objects.create_user(MANAGER_EMAIL)
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, directory=first)
    for user in (coordinator, manager):
        enrol_totp(user)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def replay(cursor, statements: list[str]) -> float:
    clock = time.perf_counter()
    for statement in statements:
        cursor.execute(statement)
        if cursor.description is not None:
            cursor.fetchall()
    return (time.perf_counter() - clock) * 1000


def measure(client, cases: list[tuple[str, dict]], repeat: int) -> list[dict]:
    """Each case ``repeat`` times (interleaved), and its captured SQL replayed as many times beside it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    statements, rows = [], []
    for _label, query in cases:
        for _ in range(2):  # warm-up: caches, the planner, the session
            response = client.get("/history/", query)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/history/", query)
        statements.append([captured_query["sql"] for captured_query in captured.captured_queries])
        rows.append(response.content.count(b"<tr>") - 1)
    pages, cpus, sqls = [[] for _ in cases], [[] for _ in cases], [[] for _ in cases]
    with connection.cursor() as cursor:
        for _ in range(repeat):
            for index, (_label, query) in enumerate(cases):
                clock, cpu = time.perf_counter(), time.process_time()
                client.get("/history/", query)
                pages[index].append((time.perf_counter() - clock) * 1000)
                cpus[index].append((time.process_time() - cpu) * 1000)
                sqls[index].append(replay(cursor, statements[index]))
    return [
        {"page": page, "cpu": cpu, "sql": sql, "rows": count, "queries": len(statement)}
        for page, cpu, sql, count, statement in zip(pages, cpus, sqls, rows, statements, strict=True)
    ]


def bare_page(repeat: int) -> list[float]:
    """The floor of any change log page: 51 rows read from the (timestamp, id) index, nothing else."""
    from django.db import connection

    statement = "SELECT * FROM auditlog_logentry ORDER BY timestamp DESC, id DESC LIMIT 51"
    timings = []
    with connection.cursor() as cursor:
        replay(cursor, [statement])
        for _ in range(repeat):
            timings.append(replay(cursor, [statement]))
    return timings


def old_page(principal, repeat: int) -> list[float]:
    """The page as it was read before keyset pages: COUNT of every readable entry, then OFFSET to page 1,000."""
    from auditlog.models import LogEntry
    from django.core.paginator import Paginator

    from access.restriction import restrict

    timings = []
    for _ in range(repeat):
        clock = time.perf_counter()
        page = Paginator(restrict(LogEntry.objects.all(), principal).order_by("-timestamp"), 50).get_page(1000)
        list(page.object_list)
        timings.append((time.perf_counter() - clock) * 1000)
    return timings


def cases_for(role: str) -> list[tuple[str, dict]]:
    from auditlog.models import LogEntry

    from access.restriction import restrict
    from accounts.models import User
    from accounts.principal import principal_for
    from directory.models import State
    from enlace.keyset import Keyset

    user = User.objects.get(email=COORDINATOR_EMAIL if role == "coordinator" else MANAGER_EMAIL)
    readable = restrict(LogEntry.objects.all(), principal_for(user))
    a_year_ago = readable.filter(timestamp__lte=START + SPAN / 2).order_by("-timestamp", "-id").first()
    a_contact = readable.filter(additional_data__has_key="contact").order_by("-timestamp").first()
    one_state = State.objects.order_by("iso3")[3].iso3
    cases = [
        ("first page", {}),
        ("a year back (keyset position)", {"after": Keyset(("timestamp", "id"), descending=True).cursor(a_year_ago)}),
        ("oldest first", {"sort": "when"}),
        ("kind: contact", {"kind": "directory.contact"}),
        ("change: deleted", {"action": "2"}),
        ("made by one person", {"actor": "actor07@bench.example.org"}),
        ("one month, a year back", {"since": "2025-12-01", "until": "2025-12-31"}),
        ("one contact's history", {"contact": a_contact.additional_data["contact"]}),
    ]
    if role == "manager":
        cases.append((f"one State ({one_state})", {"state": one_state}))
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=DEFAULT_ENTRIES)
    parser.add_argument("--contacts", type=int, default=DEFAULT_CONTACTS)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--reuse", action="store_true", help="measure on the data a previous run built")
    parser.add_argument("--skip-old", action="store_true", help="do not time the old OFFSET page (slow)")
    args = parser.parse_args()

    os.environ["ALLOWED_HOSTS"] = "testserver"
    if not args.reuse:
        ping_round.recreate_database(args.database_url)
    ping_round.setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from accounts.principal import principal_for

    call_command("migrate", interactive=False, verbosity=0)
    if not args.reuse:
        clock = time.perf_counter()
        build_data(args.contacts, args.entries)
        with connection.cursor() as cursor:
            # Fresh statistics and visibility map, as autovacuum keeps them on a database in service.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(f"  bench data built in {time.perf_counter() - clock:.1f} s (not timed below)")
    from auditlog.models import LogEntry

    print(
        f"Change log benchmark: {LogEntry.objects.count():,} entries, {connection.vendor}, {args.repeat} requests"
        " a case (test client), 50 entries a page"
    )
    load_before = os.getloadavg()[0]
    bare = bare_page(args.repeat)
    bare50 = statistics.median(bare)
    print(f"\n  limit: one page of 51 rows read from the (timestamp, id) index: median {bare50:.2f} ms")
    passed = True
    for role in ("coordinator", "manager"):
        user = User.objects.get(email=COORDINATOR_EMAIL if role == "coordinator" else MANAGER_EMAIL)
        client = Client()
        client.force_login(user)
        cases = cases_for(role)
        results = measure(client, cases, args.repeat)
        print(f"\n  as the {role}:")
        print(
            f"  {'case':32} {'rows':>4} {'SQL':>3} {'page p50':>9} {'page p95':>9} {'CPU p50':>8} {'SQL p50':>8}"
            f" {'SQL p95':>8} {'SQL/page':>8} {'page/limit':>10}"
        )
        for (label, _query), result in zip(cases, results, strict=True):
            page50, page95 = statistics.median(result["page"]), percentile(result["page"], 0.95)
            sql50, sql95 = statistics.median(result["sql"]), percentile(result["sql"], 0.95)
            ok = page95 <= TARGET_MS
            passed &= ok
            print(
                f"  {label:32} {result['rows']:>4} {result['queries']:>3} {page50:>7.1f}ms {page95:>7.1f}ms"
                f" {statistics.median(result['cpu']):>6.1f}ms {sql50:>6.1f}ms {sql95:>6.1f}ms {sql50 / page50:>8.2f}"
                f" {page50 / bare50:>10.0f}  {'ok' if ok else 'FAIL'}"
            )
        if not args.skip_old:
            old = old_page(principal_for(user), max(3, args.repeat // 5))
            print(f"  {'before: COUNT + OFFSET, page 1,000':32} {'':>4} {'':>3} {statistics.median(old):>7.1f}ms")
    print(f"\n  load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f}")
    print(f"  target: every case p95 <= {TARGET_MS} ms: {'PASS' if passed else 'FAIL'}")
    connection.close()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
