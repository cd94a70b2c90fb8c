"""Benchmark three lists at size: a ping round of 100,000 pings, a State's communications, a network's documents.

    .venv/bin/python bench/list_pages.py [--contacts N] [--communications C] [--documents D] [--repeat R]
                                         [--database-url URL] [--reuse]

The script recreates its bench database (the name must contain "bench"), migrates it
and writes, with ``COPY`` (``enlace.bulk_insert.insert_rows``): one directory of 20
States, N contacts (an e-mail address, a language, a nomination, their search text),
a round started through ``pings.services.start_round`` (one ping per contact) whose
pings are then marked sent, answered (70 %, 5 % of them with changes) or not, each
with its outbox row (1 % undeliverable); C communications, half of them received by
one State (as its inbox), a quarter under TLP:AMBER or RED with their recipients; and
D policy documents in the 20 States with their languages. Then ``VACUUM ANALYZE``.

Each page is requested through the Django test client (every middleware, the
permission layer, the templates; no HTTP server) by the reader it is for — the
directory's manager for the round and the documents, a point of contact of the
receiving State for the communications — R times after a warm-up, the cases
interleaved. The limit, measured in the same run, is the page's own SQL: the
statements one request ran (captured once), replayed R times with a cursor,
interleaved with the requests. It prints the median and p95 milliseconds of the
page, the median CPU time this process spent on it (Python: Django, the templates,
the driver; what a loaded machine's waits do not inflate), the median of its SQL,
their ratio (SQL / page: 1.0 would mean Django adds nothing), the number of
statements and the HTML size, and PASS or FAIL against the target (p95 <= 300 ms
for each page, as for the directory page). See bench/README.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ping_round  # the shared bench helpers: database recreation, Django set-up

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_lists"
DEFAULT_CONTACTS = 100_000
DEFAULT_COMMUNICATIONS = 20_000
DEFAULT_DOCUMENTS = 5_000
TARGET_MS = 300
STATE_COUNT = 20
INSTITUTIONS_PER_STATE = 5
BATCH = 20_000
MANAGER_EMAIL = "manager@bench.example.org"
POC_EMAIL = "poc@bench.example.org"
FIRST = ["Lucía", "José", "Ana", "Amani", "Wanjiru", "Jonas", "Léa", "Hiroshi", "Priya", "Omar", "Olga", "Mateo"]
LAST = ["García", "Fernández", "Kamau", "Müller", "Dubois", "Tanaka", "Sharma", "Haddad", "Ivanova", "Silva"]
WORDS = ["ciberseguridad", "estrategia", "cybercrime", "infrastructure", "privacy", "resilience", "incident"]


def build_data(contacts: int, communications: int, documents: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Role, RoleAssignment, User
    from communication_templates.defaults import INCIDENT_NOTIFICATION
    from communications.models import Communication, Recipient
    from directory.choices import InstitutionKind, NominationStatus
    from directory.models import Contact, ContactEmail, ContactLanguage, Institution, Nomination, State
    from directory.search import contact_search_text, institution_search_text, normalise
    from enlace.bulk_insert import insert_rows
    from enlace.testing.factories import enrol_totp
    from mail.models import EmailStatus, OutboundEmail
    from pings import services
    from pings.models import Channel, MessageKind, Ping, PingMessage, PingStatus
    from repository import search
    from repository.models import Document, DocumentLanguage

    randomness = random.Random(7)
    states = list(State.objects.order_by("iso3")[:STATE_COUNT])
    directory, (diplomatic, technical) = ping_round.bench_directory(states)
    institutions = Institution.objects.bulk_create(
        Institution(
            state=state,
            name=f"Bench Institution {number} of {state.iso3}",
            kind=InstitutionKind.CSIRT,
            search_text=institution_search_text(f"Bench Institution {number} of {state.iso3}", ""),
        )
        for state in states
        for number in range(INSTITUTIONS_PER_STATE)
    )
    for start in range(0, contacts, BATCH):
        rows, addresses = [], []
        for number in range(start, min(start + BATCH, contacts)):
            institution = institutions[number % len(institutions)]
            name = f"{randomness.choice(FIRST)} {randomness.choice(LAST)} {number:06d}"
            address = f"{normalise(name).replace(' ', '.')}@{institution.state.iso2.lower()}.bench.example.org"
            addresses.append((institution, address))
            rows.append((institution.pk, name, "UTC", contact_search_text(name, institution.name, address)))
        with transaction.atomic():
            ids = insert_rows(Contact, ["institution", "name", "time_zone", "search_text"], rows)
            insert_rows(
                ContactEmail, ["contact", "address"], ((pk, a[1]) for pk, a in zip(ids, addresses, strict=True))
            )
            insert_rows(ContactLanguage, ["contact", "code"], ((pk, "en") for pk in ids))
            insert_rows(
                Nomination,
                ["directory", "role", "contact", "state", "status"],
                (
                    (directory.pk, (technical if pk % 10 == 0 else diplomatic).pk, pk, a[0].state_id, "active")
                    for pk, a in zip(ids, addresses, strict=True)
                ),
            )
    assert Nomination.objects.filter(status=NominationStatus.ACTIVE).count() == contacts

    # The round: created as a manager's start creates it, then answered as a fortnight would leave it.
    ping_round_ = services.start_round(directory, trigger="manual")
    started = ping_round_.started_at
    pings = list(Ping.objects.filter(round=ping_round_).order_by("pk").values_list("pk", "contact_id"))
    address_of = dict(ContactEmail.objects.values_list("contact_id", "address"))
    with transaction.atomic():
        email_ids = insert_rows(
            OutboundEmail,
            ["purpose", "to_address", "subject", "language", "status", "sent_at", "last_error"],
            (
                (
                    "ping",
                    address_of[contact_id],
                    "Ping",
                    "en",
                    EmailStatus.FAILED if number % 100 == 0 else EmailStatus.SENT,
                    None if number % 100 == 0 else started + timedelta(minutes=5),
                    "550 mailbox unavailable" if number % 100 == 0 else "",
                )
                for number, (_pk, contact_id) in enumerate(pings)
            ),
        )
        insert_rows(
            PingMessage,
            ["ping", "email", "kind"],
            ((pk, email_id, MessageKind.PING) for (pk, _contact), email_id in zip(pings, email_ids, strict=True)),
        )
    with transaction.atomic():
        Ping.objects.filter(round=ping_round_).update(sent_at=started + timedelta(minutes=5))
        answered = [pk for number, (pk, _contact) in enumerate(pings) if number % 10 < 7 and number % 100]
        for chunk in range(0, len(answered), BATCH):
            ids = answered[chunk : chunk + BATCH]
            Ping.objects.filter(pk__in=ids).update(
                status=PingStatus.CONFIRMED, channel=Channel.LINK, answered_at=started + timedelta(hours=3)
            )
        Ping.objects.filter(pk__in=answered[::20]).update(status=PingStatus.CHANGES, reported_changes="New address")

    # Communications: half received by the first State, the rest between the others.
    receiver, others = states[0], states[1:]
    template = directory.communication_templates.get(key=INCIDENT_NOTIFICATION)
    now = timezone.now()
    user = User.objects.create_user(POC_EMAIL)
    poc_contact = Contact.objects.filter(institution__state=receiver).order_by("pk").first()
    User.objects.filter(pk=user.pk).update(contact=poc_contact)
    rows = []
    for number in range(communications):
        sender = randomness.choice(others)
        recipient = receiver if number % 2 == 0 else randomness.choice([state for state in others if state != sender])
        sent_at = now - timedelta(hours=randomness.randint(1, 24 * 400))
        status = randomness.choice(["sent", "acknowledged", "answered"])
        rows.append(
            (
                directory.pk,
                template.current_version.pk,
                sender.pk,
                recipient.pk,
                user.pk,
                "technical",
                ["clear", "green", "green", "amber", "red", "green", "clear", "green"][number % 8],
                ["routine", "routine", "high", "critical"][number // 2 % 4],
                number % 10 == 0,
                "en",
                status,
                sent_at,
                sent_at + timedelta(hours=72),
                sent_at + timedelta(days=15),
                None if status == "sent" else sent_at + timedelta(hours=2),
                sent_at + timedelta(days=2) if status == "answered" else None,
            )
        )
    with transaction.atomic():
        ids = insert_rows(
            Communication,
            [
                "directory",
                "template_version",
                "sender_state",
                "recipient_state",
                "sent_by",
                "audience",
                "tlp",
                "urgency",
                "is_exercise",
                "language",
                "status",
                "sent_at",
                "acknowledge_by",
                "answer_by",
                "acknowledged_at",
                "answered_at",
            ],
            rows,
        )
        insert_rows(
            Recipient,
            ["communication", "contact", "language", "token_hash"],
            (
                (pk, poc_contact.pk, "en", uuid.uuid4().hex)
                for pk, row in zip(ids, rows, strict=True)
                if row[3] == receiver.pk
            ),
        )

    # Documents in every State, with a language each (the full-text index is filled by its trigger).
    with transaction.atomic():
        document_ids = insert_rows(
            Document,
            [
                "state",
                "name",
                "description",
                "kind",
                "reference_url",
                "status",
                "visibility",
                "reviewed_on",
                "next_review_reminder",
                "search_config",
                "entry_into_force",
            ],
            (
                (
                    states[number % STATE_COUNT].pk,
                    f"{randomness.choice(WORDS).title()} policy {number:05d}",
                    " ".join(randomness.sample(WORDS, 3)),
                    ["national_strategy", "law", "regulation", "white_paper", "other"][number % 5],
                    "https://example.org/policy.pdf",
                    ["in_force", "in_force", "draft", "superseded"][number % 4],
                    "public" if number % 3 else "participants",
                    now.date(),
                    now.date() + timedelta(days=365),
                    search.config_for("en"),
                    None if number % 7 == 0 else (now - timedelta(days=number % 4000)).date(),
                )
                for number in range(documents)
            ),
        )
        insert_rows(DocumentLanguage, ["document", "code", "position"], ((pk, "en", 0) for pk in document_ids))

    manager = User.objects.create_user(MANAGER_EMAIL)
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, directory=directory)
    enrol_totp(manager)


def cases() -> list[tuple[str, str, str, dict]]:
    """(label, reader, path, query) of every page measured."""
    from directory.models import State
    from pings.models import PingRound

    code = PingRound.objects.get().code
    state = State.objects.order_by("iso3")[STATE_COUNT // 2].iso3
    round_page, progress = f"/pings/rounds/{code}/", f"/pings/rounds/{code}/progress/"
    inbox, documents = "/communications/", "/directories/bench/documents/"
    return [
        ("round: first page (by State)", "manager", round_page, {}),
        ("round: page 1,000 (by State)", "manager", round_page, {"page": 1000}),
        ("round: by contact name", "manager", round_page, {"sort": "name"}),
        ("round: by status, page 500", "manager", round_page, {"sort": "status", "page": 500}),
        ("round: by answer time, latest first", "manager", round_page, {"sort": "-answered"}),
        ("round: awaiting an answer", "manager", round_page, {"status": "pending"}),
        (f"round: one State ({state})", "manager", round_page, {"state": state}),
        ("round: undeliverable", "manager", round_page, {"delivery": "failed"}),
        ("round: contact text", "manager", round_page, {"q": "garcia"}),
        ("round: progress fragment (htmx)", "manager", progress, {}),
        ("new round: recipients, first page", "manager", "/directories/bench/pings/new/", {}),
        (
            "new round: recipients, page 1,000",
            "manager",
            "/directories/bench/pings/new/",
            {"page": 1000, "sort": "name"},
        ),
        ("inbox: first page (due first)", "poc", inbox, {}),
        ("inbox: newest first, page 100", "poc", inbox, {"sort": "-sent", "page": 100}),
        ("inbox: by sending State", "poc", inbox, {"sort": "state"}),
        ("inbox: overdue, critical", "poc", inbox, {"status": "overdue", "urgency": "critical"}),
        ("needs action: first page", "poc", "/communications/needs-action/", {}),
        ("documents: first page (by State)", "manager", documents, {}),
        ("documents: by name, page 50", "manager", documents, {"sort": "name", "page": 50}),
        ("documents: full-text search", "manager", documents, {"q": "ciberseguridad"}),
        ("documents: law in force", "manager", documents, {"kind": "law", "status": "in_force"}),
    ]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(clients: dict, measured: list, repeat: int) -> list[dict]:
    """Each case ``repeat`` times with its own SQL replayed after each request, the cases interleaved."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    statements, sizes = [], []
    for _label, reader, path, query in measured:
        client = clients[reader]
        response = client.get(path, query)
        assert response.status_code == 200, (path, query, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, query)
        statements.append([entry["sql"] for entry in captured.captured_queries])
        sizes.append(len(response.content))
    pages = [[] for _ in measured]
    cpu = [[] for _ in measured]
    sql = [[] for _ in measured]
    with connection.cursor() as cursor:
        for _ in range(repeat):
            for index, (_label, reader, path, query) in enumerate(measured):
                clock, process = time.perf_counter(), time.process_time()
                clients[reader].get(path, query)
                pages[index].append((time.perf_counter() - clock) * 1000)
                cpu[index].append((time.process_time() - process) * 1000)
                clock = time.perf_counter()
                for statement in statements[index]:
                    cursor.execute(statement)
                    if cursor.description is not None:
                        cursor.fetchall()
                sql[index].append((time.perf_counter() - clock) * 1000)
    return [
        {
            "page_p50": statistics.median(pages[index]),
            "page_p95": percentile(pages[index], 0.95),
            "cpu_p50": statistics.median(cpu[index]),
            "sql_p50": statistics.median(sql[index]),
            "queries": len(statements[index]),
            "bytes": sizes[index],
        }
        for index in range(len(measured))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=DEFAULT_CONTACTS)
    parser.add_argument("--communications", type=int, default=DEFAULT_COMMUNICATIONS)
    parser.add_argument("--documents", type=int, default=DEFAULT_DOCUMENTS)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--reuse", action="store_true", help="measure on the data a previous run built")
    parser.add_argument("--only", default="", help="measure only the cases whose label contains this")
    args = parser.parse_args()

    os.environ["ALLOWED_HOSTS"] = "testserver"
    if not args.reuse:
        ping_round.recreate_database(args.database_url)
    ping_round.setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    clock = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if not args.reuse:
        build_data(args.contacts, args.communications, args.documents)
        with connection.cursor() as cursor:
            # Fresh statistics and visibility map, as autovacuum keeps them on a database in service.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    built = time.perf_counter() - clock

    clients = {"manager": Client(), "poc": Client()}
    clients["manager"].force_login(User.objects.get(email=MANAGER_EMAIL))
    clients["poc"].force_login(User.objects.get(email=POC_EMAIL))
    measured = [case for case in cases() if args.only in case[0]]
    print(
        f"List pages benchmark: {args.contacts:,} contacts and pings, {args.communications:,} communications, "
        f"{args.documents:,} documents; {connection.vendor}; {args.repeat} requests a case (test client)"
    )
    print(f"  bench data {'reused' if args.reuse else 'built'} in {built:.1f} s (not timed below)\n")
    print(
        f"  {'case':38} {'page p50':>9} {'page p95':>9} {'its CPU':>8} {'SQL p50':>8} {'ratio':>6} {'queries':>8}"
        f" {'HTML bytes':>11}"
    )
    load_before = os.getloadavg()[0]
    cpu_before = time.process_time()
    results = measure(clients, measured, args.repeat)
    cpu = time.process_time() - cpu_before
    passed = True
    for (label, _reader, _path, _query), result in zip(measured, results, strict=True):
        ok = result["page_p95"] <= TARGET_MS
        passed &= ok
        print(
            f"  {label:38} {result['page_p50']:7.1f}ms {result['page_p95']:7.1f}ms {result['cpu_p50']:6.1f}ms "
            f"{result['sql_p50']:6.1f}ms "
            f"{result['sql_p50'] / result['page_p50']:6.2f} {result['queries']:8d} {result['bytes']:11,d}"
            f"  {'ok' if ok else 'FAIL'}"
        )
    print(f"\n  CPU time of this process while measuring (pages, their SQL client side): {cpu:.1f} s")
    print(f"  load average (1 min) before / after the timed requests: {load_before:.1f} / {os.getloadavg()[0]:.1f}")
    print(f"\n  target: every page p95 <= {TARGET_MS} ms: {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
