"""Benchmark a spreadsheet import: dry run + apply of N rows against a plain COPY of the same file.

    .venv/bin/python bench/import.py [--rows N] [--existing M] [--database-url URL]

The script recreates its bench database (its name must contain "bench"), migrates
it and builds one directory of 20 States with M existing contacts, each nominated
once (diplomatic), and a manager of the directory. It writes a CSV of N rows in
the columns of the directory's CSV download: the first M rows name the existing
contacts (by e-mail address) for the technical role with a new title (linked,
details changed), the rest are new contacts (created).

Then, in the same process and the same run, it times:

* Enlace: the file kept as an import job and run as the worker runs it
  (``import_export.jobs.run_job``, the body of the ``run_import_job`` task): the dry
  run (read the file, check every row, write nothing but the job's report), then
  the apply the person asks for on the job page (the dry run's plan, written as
  it stands if nothing it read has changed since, else planned again: staged,
  then one transaction of set statements);
* the limit: a plain ``COPY ... FROM STDIN (FORMAT csv, HEADER)`` of the same
  bytes into a scratch table of text columns (on SQLite, ``csv`` + ``executemany``).

It prints both times, their ratio, the query counts, the longest write
transaction (how long another writer would have waited), the process's CPU
time, checks the database holds what the file says, and PASS/FAIL against the
target (dry run + apply <= 15 s). See bench/README.md.
"""

import argparse
import csv
import io
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ping_round import bench_directory, recreate_database, setup_django

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_import"
DEFAULT_ROWS = 10_000
TARGET_SECONDS = 15.0
STATE_COUNT = 20
BULK_BATCH = 5000


def build_data(existing: int):
    """A directory of 20 States, ``existing`` contacts nominated once (diplomatic), and its manager."""
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

    states = list(State.objects.order_by("iso3")[:STATE_COUNT])
    directory, (diplomatic, _technical) = bench_directory(states)
    institutions = Institution.objects.bulk_create(
        Institution(state=state, name=f"Bench CSIRT of {state.iso3}", kind=InstitutionKind.CSIRT) for state in states
    )
    for start in range(0, existing, BULK_BATCH):
        contacts = Contact.objects.bulk_create(
            Contact(institution=institutions[number % len(institutions)], name=f"Bench Contact {number:06d}")
            for number in range(start, min(start + BULK_BATCH, existing))
        )
        ContactEmail.objects.bulk_create(
            ContactEmail(contact=contact, address=f"poc{contact.name[-6:]}@bench.example.org") for contact in contacts
        )
        ContactLanguage.objects.bulk_create(ContactLanguage(contact=contact, code="en") for contact in contacts)
        Nomination.objects.bulk_create(
            Nomination(
                directory=directory,
                role=diplomatic,
                contact=contact,
                state_id=contact.institution.state_id,
                status=NominationStatus.ACTIVE,
            )
            for contact in contacts
        )
    manager = User.objects.create_user(email="manager@bench.example.org", password=None)
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, directory=directory)
    return directory, manager, states


def spreadsheet(rows: int, existing: int, states) -> bytes:
    from import_export.formats import COLUMNS

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for number in range(rows):
        state = states[number % len(states)]
        writer.writerow(
            {
                "state": state.iso3,
                "role": "technical",
                "name": f"Bench Contact {number:06d}",
                "title": "Technical point of contact",
                "kind": "person",
                "institution": f"Bench CSIRT of {state.iso3}",
                "institution_kind": "csirt",
                "emails": f"poc{number:06d}@bench.example.org",
                "phones": f"+41 22 {number // 10000:03d} {number % 10000:04d} (office)",
                "languages": "en, fr",
                "reachable_24_7": "no",
                "working_days": "mon-fri",
                "opens_at": "08:00",
                "closes_at": "18:00",
                "time_zone": "Europe/Zurich",
            }
        )
    return buffer.getvalue().encode()


def time_copy(data: bytes) -> float:
    """The limit: the same bytes loaded into a scratch table of text columns, in one statement."""
    from django.db import connection, transaction

    from import_export.formats import COLUMNS

    columns = ", ".join(f"{name} text" for name in COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_import_copy ({columns})")
        clock = time.perf_counter()
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY bench_import_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                copy.write(data)
        else:
            rows = list(csv.reader(io.StringIO(data.decode())))[1:]
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO bench_import_copy VALUES ({marks})", rows)  # noqa: S608 (no input)
        seconds = time.perf_counter() - clock
        cursor.execute("SELECT count(*) FROM bench_import_copy")
        loaded = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_import_copy")
    if loaded != data.count(b"\n") - 1:
        sys.exit(f"COPY loaded {loaded} rows")
    return seconds


class WriteTransactions:
    """The longest write transaction on the database while it is installed: how long another writer waits.

    An atomic block that wrote to a table of the database counts from its start to its end; a write
    statement run outside one (autocommit) is a transaction of its own. Statements on the
    connection's own temporary tables (the import's staging) keep no one waiting and are not counted.
    """

    _WRITE = re.compile(r"\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?!\"?enlace_stage_)", re.IGNORECASE)

    def __init__(self):
        self.longest = 0.0
        self.what = ""
        self._started = None
        self._first_write = ""

    def __enter__(self):
        from django.db import connection, transaction

        self._connection = connection
        self._wrapper = connection.execute_wrapper(self._execute)
        self._wrapper.__enter__()
        self._atomic = (transaction.Atomic.__enter__, transaction.Atomic.__exit__)
        clock = self

        def enter(atomic):
            outermost = not connection.in_atomic_block
            result = clock._atomic[0](atomic)
            if outermost:
                clock._started, clock._first_write = time.perf_counter(), ""
            return result

        def exit(atomic, *exc):
            result = clock._atomic[1](atomic, *exc)
            if not connection.in_atomic_block and clock._started is not None:
                if clock._first_write:
                    clock._note(time.perf_counter() - clock._started, clock._first_write)
                clock._started = None
            return result

        transaction.Atomic.__enter__, transaction.Atomic.__exit__ = enter, exit
        return self

    def __exit__(self, *exc):
        from django.db import transaction

        transaction.Atomic.__enter__, transaction.Atomic.__exit__ = self._atomic
        self._wrapper.__exit__(*exc)

    def _note(self, seconds: float, what: str) -> None:
        if seconds > self.longest:
            self.longest, self.what = seconds, what[:90]

    def _execute(self, execute, sql, params, many, context):
        clock = time.perf_counter()
        result = execute(sql, params, many, context)
        if self._WRITE.match(sql):
            if self._connection.in_atomic_block:
                self._first_write = self._first_write or sql
            else:
                self._note(time.perf_counter() - clock, sql)
        return result


def database_counters() -> tuple[float, int]:
    """CPU seconds of this connection's PostgreSQL backend so far (from /proc), and the WAL written so far (bytes).

    On a shared machine the time a statement takes grows with the load; what the database did for it does not.
    (0, 0) on SQLite, or where /proc cannot be read.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0, 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")
        pid, wal = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, wal
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), wal


def time_enlace(directory, manager, data: bytes) -> dict:
    """The job as the worker runs it: its dry run, then the apply its owner asks for."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from import_export import jobs
    from import_export.models import ImportJob

    settings.IMPORT_INLINE_BYTES = 0  # to the (dummy) task queue, run below as the worker would
    job = jobs.start_import(directory=directory, user=manager, kind=ImportJob.Kind.SPREADSHEET, data=data)
    counters = database_counters()
    with CaptureQueriesContext(connection) as dry_queries, WriteTransactions() as dry_writes:
        clock, cpu = time.perf_counter(), time.process_time()
        status = jobs.run_job(job.pk)
        dry_s, dry_cpu = time.perf_counter() - clock, time.process_time() - cpu
    dry_database = [now - before for now, before in zip(database_counters(), counters, strict=True)]
    if status != ImportJob.Status.CHECKED:
        sys.exit(f"The dry run ended {status}: {ImportJob.objects.get(pk=job.pk).report}")
    job.refresh_from_db()
    counters = database_counters()
    with CaptureQueriesContext(connection) as apply_queries, WriteTransactions() as writes:
        clock, cpu = time.perf_counter(), time.process_time()
        jobs.request_apply(job)
        status = jobs.run_job(job.pk)
        apply_s, apply_cpu = time.perf_counter() - clock, time.process_time() - cpu
    apply_database = [now - before for now, before in zip(database_counters(), counters, strict=True)]
    if status != ImportJob.Status.APPLIED:
        sys.exit(f"The apply ended {status}: {ImportJob.objects.get(pk=job.pk).report}")
    queries = [*dry_queries.captured_queries, *apply_queries.captured_queries]
    slowest = sorted(queries, key=lambda query: -float(query["time"]))[:3]
    counts = {}
    for outcome in ImportJob.objects.get(pk=job.pk).report["outcomes"]:
        counts[outcome["action"]] = counts.get(outcome["action"], 0) + 1
    longest = max((dry_writes, writes), key=lambda clock: clock.longest)
    return {
        "dry_s": dry_s,
        "apply_s": apply_s,
        "dry_cpu": dry_cpu,
        "apply_cpu": apply_cpu,
        "write_s": longest.longest,
        "write_what": longest.what,
        "dry_database": dry_database,
        "apply_database": apply_database,
        "dry_queries": len(dry_queries),
        "apply_queries": len(apply_queries),
        "outcomes": counts,
        "sql_s": sum(float(query["time"]) for query in queries),
        "slowest": [(float(query["time"]), query["sql"][:150]) for query in slowest],
        "kinds": {
            "dry run": statement_kinds(dry_queries.captured_queries),
            "apply": statement_kinds(apply_queries.captured_queries),
        },
    }


_KIND = re.compile(
    r'\s*(COPY|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+TEMPORARY\s+TABLE|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|SELECT|SAVEPOINT|RELEASE|COMMIT|ROLLBACK|BEGIN)\s*"?([\w]*)',
    re.IGNORECASE,
)


def statement_kinds(queries: list[dict]) -> list[tuple[str, int, float]]:
    """Time in SQL by kind of statement and table ("INSERT INTO auditlog_logentry", "COMMIT", …), longest first.

    Staging tables (``enlace_stage_N``) are counted together: which of them holds what changes from run to run.
    """
    kinds: dict[str, list] = {}
    for query in queries:
        match = _KIND.match(query["sql"])
        if match is None:
            kind = query["sql"].split(None, 1)[0].upper() if query["sql"].strip() else "?"
        else:
            verb, table = " ".join(match.group(1).upper().split()), match.group(2)
            if verb == "SELECT":
                table = ""  # reads: one line
            kind = f"{verb} {re.sub(r'enlace_stage_\d+', 'enlace_stage_*', table)}".strip()
        counted = kinds.setdefault(kind, [0, 0.0])
        counted[0] += 1
        counted[1] += float(query["time"])
    return sorted(((kind, count, seconds) for kind, (count, seconds) in kinds.items()), key=lambda kind: -kind[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="rows in the file (default %(default)s)")
    parser.add_argument(
        "--existing", type=int, help="contacts already in the directory that the file names (default: half the rows)"
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="bench database, dropped and recreated (postgres:// or sqlite:///; its name must contain 'bench')",
    )
    args = parser.parse_args()
    existing = args.rows // 2 if args.existing is None else min(args.existing, args.rows)

    recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from directory.models import Contact, Nomination

    call_command("migrate", interactive=False, verbosity=0)
    clock = time.perf_counter()
    directory, manager, states = build_data(existing)
    with connection.cursor() as cursor:
        # Planner statistics, as a database in service has them (SQLite without them probes the manager's
        # visibility rule through the nominations' directory index: seconds instead of tenths for 5,000 contacts).
        cursor.execute("ANALYZE")
    data = spreadsheet(args.rows, existing, states)
    print(
        f"Import benchmark: {args.rows:,} rows ({existing:,} existing contacts, {args.rows - existing:,} new), "
        f"{len(data) / 1024:.0f} kB CSV, database = {connection.vendor}"
    )
    print(f"  bench data built in {time.perf_counter() - clock:.1f} s (not timed below)\n")

    copy_s = time_copy(data)
    enlace = time_enlace(directory, manager, data)
    total = enlace["dry_s"] + enlace["apply_s"]

    print(
        f"  Enlace dry run             {enlace['dry_s']:7.2f} s   {enlace['dry_queries']:4d} queries"
        f"   (CPU {enlace['dry_cpu']:.2f} s)"
    )
    print(
        f"  Enlace apply               {enlace['apply_s']:7.2f} s   {enlace['apply_queries']:4d} queries"
        f"   (CPU {enlace['apply_cpu']:.2f} s)"
    )
    print(f"  Enlace dry run + apply     {total:7.2f} s   ({total / args.rows * 1000:.2f} ms a row)")
    cpu = enlace["dry_cpu"] + enlace["apply_cpu"]
    print(f"    CPU time of this process {cpu:7.2f} s (on a loaded machine, wall time is more)")
    for phase in ("dry", "apply"):
        database_cpu, wal = enlace[f"{phase}_database"]
        print(
            f"    {'dry run' if phase == 'dry' else 'apply'}: PostgreSQL backend CPU {database_cpu:.2f} s,"
            f" WAL written {wal / 2**20:.1f} MB"
        )
    print(f"  longest write transaction  {enlace['write_s']:7.2f} s   ({enlace['write_what']}…)")
    print(f"  COPY of the same file      {copy_s:7.3f} s")
    print(f"  ratio (COPY / Enlace)      {copy_s / total:.4f}   (Enlace takes {total / copy_s:.0f}x the COPY)")
    print(f"  outcomes: {enlace['outcomes']}")
    print(f"  time in SQL statements (both): {enlace['sql_s']:.2f} s; the slowest:")
    for seconds, sql in enlace["slowest"]:
        print(f"    {seconds:6.2f} s  {sql}")
    for phase, kinds in enlace["kinds"].items():
        print(f"  time in SQL by kind of statement, {phase} ({sum(seconds for _k, _c, seconds in kinds):.2f} s):")
        for kind, count, seconds in kinds:
            if seconds >= 0.01:
                print(f"    {seconds:6.2f} s  {count:3d} x  {kind}")

    technical = Nomination.objects.filter(directory=directory, role__kind="technical").count()
    contacts = Contact.objects.count()
    correct = technical == args.rows and contacts == args.rows
    print(f"\n  technical nominations {technical:,}, contacts {contacts:,}: {'ok' if correct else 'WRONG'}")
    passed = total <= TARGET_SECONDS
    print(f"  dry run + apply <= {TARGET_SECONDS:.0f} s: {'PASS' if passed else 'FAIL'} ({total:.2f} s)")
    if not correct:
        return 2
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
