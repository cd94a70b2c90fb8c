"""Benchmark the search page at 100,000 contacts against its own SQL replayed.

    .venv/bin/python bench/search.py [--contacts N] [--runs R] [--reader manager|coordinator|poc] [--reuse]

The script recreates its bench database, migrates it (which creates the
``pg_trgm`` extension and the trigram indexes) and builds N contacts with
varied, accented names, titles, e-mail addresses and phone numbers across
40 States, each nominated to one directory, writing them with COPY
(``enlace.bulk_insert.insert_rows``) and their search columns with the same
``directory.search`` normalisation the application uses. It then signs in as
the directory's manager (or, with ``--reader``, Kenya's coordinator or a German
point of contact) and, for each of several terms, times R requests of
``/search/?q=term`` through the Django test client (the whole stack: session,
permission layer, queries, template; Redis as the cache, as in production), and R replays of exactly the SQL one such
request ran (captured once, replayed with a cursor). It prints p50/p95 of
both, the CPU time this process spent per request (Django's share, which a
loaded machine inflates less than wall time), their ratio (SQL time / page
time: 1.0 would mean Django adds nothing), the load average, and PASS or FAIL
against the targets (page p95 <= 50 ms, ratio >= 0.5, over all terms). Then,
for each term, the time to count what it finds up to 500 (the total a results
page could show). See bench/README.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from ping_round import recreate_database  # noqa: E402  (same database handling as the other bench)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench_search"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_CONTACTS = 100_000
DEFAULT_RUNS = 60
TARGET_P95_MS = 50.0
READERS = {
    "manager": "the directory's manager",
    "coordinator": "Kenya's coordinator (Kenya takes part in the directory)",
    "poc": "a German point of contact",
}
TARGET_RATIO = 0.5
STATE_COUNT = 40
INSTITUTIONS_PER_STATE = 10
BATCH = 20_000

FIRST_NAMES = [
    "Lucía",
    "María",
    "José",
    "Juan",
    "Ana",
    "Sofía",
    "Andrés",
    "Camila",
    "Mateo",
    "Valentina",
    "Jonas",
    "Lena",
    "Lukas",
    "Anna",
    "Felix",
    "Emma",
    "Léa",
    "Chloé",
    "Hugo",
    "Louis",
    "Zoé",
    "Noé",
    "Amina",
    "Fatima",
    "Omar",
    "Youssef",
    "Aïcha",
    "Kwame",
    "Wanjiru",
    "Chidi",
    "Ngozi",
    "Hiroshi",
    "Yuki",
    "Mei",
    "Wei",
    "Arjun",
    "Priya",
    "Olga",
    "Ivan",
    "Dmitri",
    "Søren",
    "Ingrid",
    "Björn",
    "Åsa",
    "Jiří",
    "Zuzana",
    "Łukasz",
    "Agnieszka",
    "Mehmet",
    "Ayşe",
    "Nikos",
    "Eleni",
    "João",
    "Inês",
    "Tomás",
    "Siobhán",
    "Seán",
    "Ömer",
    "Dóra",
    "Mihai",
]
LAST_NAMES = [
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Díaz",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Laurent",
    "Girard",
    "Bonnet",
    "Mercier",
    "Benali",
    "El Amrani",
    "Haddad",
    "Mensah",
    "Okafor",
    "Kamau",
    "Otieno",
    "Nakamura",
    "Tanaka",
    "Wang",
    "Zhang",
    "Sharma",
    "Patel",
    "Ivanova",
    "Petrov",
    "Kowalski",
    "Nowak",
    "Novák",
    "Dvořák",
    "Jørgensen",
    "Nieminen",
    "Björklund",
    "Yılmaz",
    "Papadopoulos",
    "Silva",
    "Gonçalves",
    "Ó Briain",
    "Kovács",
    "Popescu",
    "Horváth",
    "Ferreira",
    "Costa",
    "Rossi",
    "Bianchi",
    "Ricci",
    "Nguyen",
    "Tran",
    "Kim",
    "Park",
    "Ramírez",
    "Castillo",
    "Núñez",
    "Ibáñez",
    "Muñoz",
    "Peña",
]
TITLES = [
    "Point of contact",
    "Director of Cybersecurity",
    "Head of CSIRT",
    "Duty officer",
    "Legal adviser",
    "Directora de Ciberseguridad",
    "Jefe de Gabinete",
    "Conseillère diplomatique",
    "Analyste sécurité",
    "Referentin Cyber-Außenpolitik",
    "Incident handler",
]
INSTITUTION_NAMES = [
    "Ministry of Foreign Affairs",
    "National CSIRT",
    "National Cyber Security Centre",
    "Ministry of Interior",
    "Secretaría de Relaciones Exteriores",
    "Agence nationale de la sécurité",
    "Bundesamt für Sicherheit",
    "Police Cybercrime Unit",
    "Ministry of Defence",
    "Computer Emergency Response Team",
]
# (label, term, Accept-Language): common and rare names, accents either way, substrings, an e-mail
# fragment, a title word, a State by name in Spanish and by ISO code, a phone number as people write it,
# and a term that matches nothing. "{first}", "{last}", "{number}" and "{address}" are those of one contact
# of the built data (see terms()).
TERMS = [
    ("surname, accent-insensitive", "Garcia", "en"),
    ("substring of a name", "ernánd", "en"),
    ("first and last name", "{first} {last}", "en"),
    ("one contact by name", "{last} {number}", "en"),
    ("e-mail fragment", "{address}", "en"),
    ("title word", "ciberseguridad", "en"),
    ("institution", "Bundesamt", "en"),
    ("State name (es)", "Alemania", "es"),
    ("ISO code", "KEN", "en"),
    ("phone digits", "+41 22 917 12", "en"),
    ("no match", "zzqxw", "en"),
]


def setup_django(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "enlace.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    # Redis as the cache, as in production: the reader's session is then read from it (SESSION_ENGINE).
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))

    import django
    from django.conf import settings

    django.setup()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.ALLOWED_HOSTS = ["testserver"]


def build_data(contacts: int) -> tuple:
    """One directory of 40 States, 400 institutions, N contacts (one address, phone, language, nomination each)."""
    from django.db import transaction

    from directory.choices import InstitutionKind, NominationStatus, RoleKind
    from directory.models import (
        Contact,
        ContactEmail,
        ContactLanguage,
        ContactPhone,
        Directory,
        DirectoryRole,
        Institution,
        Nomination,
        Participation,
        State,
    )
    from directory.search import contact_search_text, institution_search_text, normalise
    from enlace.bulk_insert import insert_rows
    from enlace.testing.factories import manager_of

    randomness = random.Random(13)
    states = list(State.objects.order_by("iso3")[: STATE_COUNT - 2]) + list(
        State.objects.filter(iso3__in=["DEU", "KEN"])
    )
    directory = Directory.objects.create(slug="bench", name="Bench PoC Directory", managing_body="Bench Secretariat")
    diplomatic, _technical = DirectoryRole.objects.bulk_create(
        [
            DirectoryRole(directory=directory, kind=RoleKind.DIPLOMATIC, position=0),
            DirectoryRole(directory=directory, kind=RoleKind.TECHNICAL, position=1),
        ]
    )
    Participation.objects.bulk_create(Participation(directory=directory, state=state) for state in states)
    institutions = Institution.objects.bulk_create(
        Institution(
            state=state,
            name=f"{name} ({state.iso3})",
            acronym=state.iso3,
            kind=InstitutionKind.CSIRT,
            search_text=institution_search_text(f"{name} ({state.iso3})", state.iso3),
        )
        for state in states
        for name in INSTITUTION_NAMES[:INSTITUTIONS_PER_STATE]
    )
    for start in range(0, contacts, BATCH):
        numbers = range(start, min(start + BATCH, contacts))
        rows, details = [], []
        for number in numbers:
            institution = institutions[number % len(institutions)]
            first, last = randomness.choice(FIRST_NAMES), randomness.choice(LAST_NAMES)
            name, title = f"{first} {last} {number:06d}", randomness.choice(TITLES)
            local = normalise(f"{first}.{last}").replace(" ", "")
            address = f"{local}.{number:06d}@{institution.state.iso2.lower()}.bench.example.org"
            phone = f"+{randomness.randint(1, 99)}{randomness.randint(10**8, 10**10 - 1)}"
            details.append((institution, address, phone))
            rows.append(
                (
                    institution.pk,
                    "person",
                    name,
                    title,
                    "UTC",
                    contact_search_text(name, title, institution.name, institution.acronym, address),
                    phone.lstrip("+"),
                )
            )
        with transaction.atomic():
            ids = insert_rows(
                Contact,
                ["institution", "kind", "name", "title", "time_zone", "search_text", "phone_digits"],
                rows,
            )
            insert_rows(ContactEmail, ["contact", "address"], ((pk, d[1]) for pk, d in zip(ids, details, strict=True)))
            insert_rows(ContactPhone, ["contact", "number"], ((pk, d[2]) for pk, d in zip(ids, details, strict=True)))
            insert_rows(ContactLanguage, ["contact", "code"], ((pk, "en") for pk in ids))
            insert_rows(
                Nomination,
                ["directory", "role", "contact", "state", "status"],
                (
                    (directory.pk, diplomatic.pk, pk, d[0].state_id, NominationStatus.ACTIVE)
                    for pk, d in zip(ids, details, strict=True)
                ),
            )
    # A few known phone numbers for the phone term.
    ContactPhone.objects.filter(pk__in=ContactPhone.objects.order_by("pk").values("pk")[:3]).update(
        number="+41229171234"
    )
    from directory.search import refresh_search_text

    refresh_search_text(ContactPhone.objects.filter(number="+41229171234").values_list("contact_id", flat=True))
    return directory, manager_of(directory)


def terms() -> list[tuple[str, str, str]]:
    from directory.models import Contact

    contact = Contact.objects.order_by("pk")[len(FIRST_NAMES) * 7 + 3]
    first, last, number = (
        contact.name.rsplit(" ", 2)[0].split(" ", 1)[0],
        contact.name.split(" ", 1)[1].rsplit(" ", 1)[0],
        contact.name.rsplit(" ", 1)[1],
    )
    address = contact.emails.get().address.split("@")[0][:-2]
    values = {"first": first, "last": last, "number": number, "address": address}
    return [(label, term.format(**values), language) for label, term, language in TERMS]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, term: str, language: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("directory:search")
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    for _ in range(3):  # warm up: caches, the planner, the session
        response = client.get(url, {"q": term}, **headers)
        assert response.status_code == 200, response.status_code
    found = response.content.decode().count('<tr class="search-result">')  # contacts listed
    with CaptureQueriesContext(connection) as captured:
        client.get(url, {"q": term}, **headers)
    statements = [query["sql"] for query in captured.captured_queries]

    page, cpu, sql = [], [], []
    with connection.cursor() as cursor:
        for _ in range(runs):
            clock, processor = time.perf_counter(), time.process_time()
            client.get(url, {"q": term}, **headers)
            page.append((time.perf_counter() - clock) * 1000)
            cpu.append((time.process_time() - processor) * 1000)
            clock = time.perf_counter()
            for statement in statements:
                cursor.execute(statement)
                if cursor.description is not None:
                    cursor.fetchall()
            sql.append((time.perf_counter() - clock) * 1000)
    return {"found": found, "queries": len(statements), "page": page, "cpu": cpu, "sql": sql}


def reader(kind: str):
    """The signed-in reader: the directory's manager, Kenya's coordinator or a German point of contact."""
    from accounts.models import RoleAssignment, User
    from directory.models import Contact, State
    from enlace.testing.factories import coordinator_of, point_of_contact

    if kind == "manager":
        return RoleAssignment.objects.get(role="manager", directory__slug="bench").user
    email = f"{kind}@bench.example.org"
    user = User.objects.filter(email=email).first()
    if user is None and kind == "coordinator":
        user = coordinator_of(State.objects.get(iso3="KEN"), email=email)
    elif user is None:
        german = Contact.objects.filter(institution__state__iso3="DEU").order_by("pk").first()
        user = point_of_contact(german, email=email)
    return user


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=DEFAULT_CONTACTS, help="contacts (default %(default)s)")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="requests per term (default %(default)s)")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="bench database, dropped and recreated (postgres:// or sqlite:///; its name must contain 'bench')",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure on the data a previous run built (migrates it, builds nothing)"
    )
    parser.add_argument("--reader", choices=sorted(READERS), default="manager", help="who searches (default manager)")
    args = parser.parse_args()

    if not args.reuse:
        recreate_database(args.database_url)
        print(f"Recreated the bench database {args.database_url}; migrating it...", flush=True)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", interactive=False, verbosity=0)
    if not args.reuse:
        print(f"Building {args.contacts:,} nominated contacts...", flush=True)
        clock = time.perf_counter()
        build_data(args.contacts)
        with connection.cursor() as cursor:
            # What autovacuum does for a database in service: planner statistics, and the trigram indexes'
            # pending list (rows written since the last vacuum, which every search reads in full) merged.
            cursor.execute("VACUUM ANALYZE")
        print(f"  built in {time.perf_counter() - clock:.1f} s", flush=True)

    user = reader(args.reader)
    client = Client()
    client.force_login(user)
    load_before = os.getloadavg()[0]
    print(f"\nSearch page as {READERS[args.reader]}, {args.runs} requests per term ({connection.vendor}):\n")
    columns = (
        ("found", 5),
        ("SQL", 4),
        ("page p50", 9),
        ("page p95", 9),
        ("CPU p50", 8),
        ("SQL p50", 8),
        ("SQL p95", 8),
        ("ratio", 6),
    )
    print(f"{'term':<30} {'':<24} " + " ".join(f"{name:>{width}}" for name, width in columns))
    all_page, all_sql, all_cpu = [], [], []
    for label, term, language in terms():
        result = measure(client, term, language, args.runs)
        all_page += result["page"]
        all_sql += result["sql"]
        all_cpu += result["cpu"]
        page50, page95 = statistics.median(result["page"]), percentile(result["page"], 0.95)
        sql50, sql95 = statistics.median(result["sql"]), percentile(result["sql"], 0.95)
        print(
            f"{label:<30} {term:<24} {result['found']:>5} {result['queries']:>4} {page50:>7.1f}ms {page95:>7.1f}ms"
            f" {statistics.median(result['cpu']):>6.1f}ms {sql50:>6.1f}ms {sql95:>6.1f}ms {sql50 / page50:>6.2f}",
            flush=True,
        )
    load_after = os.getloadavg()[0]
    page95, sql95 = percentile(all_page, 0.95), percentile(all_sql, 0.95)
    page50, sql50 = statistics.median(all_page), statistics.median(all_sql)
    ratio = sql50 / page50
    print(
        f"\nAll terms: page p50 {page50:.1f} ms, p95 {page95:.1f} ms"
        f" (this process's CPU time p50 {statistics.median(all_cpu):.1f} ms);"
        f" its SQL p50 {sql50:.1f} ms, p95 {sql95:.1f} ms;"
        f" ratio (SQL / page, p50) {ratio:.2f}, (p95) {sql95 / page95:.2f}"
    )
    print(f"Load average (1 min) before / after: {load_before:.1f} / {load_after:.1f}")
    passed = page95 <= TARGET_P95_MS and ratio >= TARGET_RATIO
    print(f"Targets: page p95 <= {TARGET_P95_MS:.0f} ms, ratio >= {TARGET_RATIO}: {'PASS' if passed else 'FAIL'}")
    connection.close()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
