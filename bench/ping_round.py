"""Benchmark a ping round: Enlace's worker pipeline against a plain smtplib loop, same SMTP sink.

    .venv/bin/python bench/ping_round.py [--pings N] [--database-url URL]

The script (the "orchestrator") recreates its bench database, migrates it and
builds N nominated contacts with bulk_create. It then starts a counting SMTP
sink in its own process and runs two measurements, each in a fresh subprocess
(this file re-invoked with --worker) so that neither the data building nor the
other measurement inflates the peak memory it reports:

* enlace: what a worker does for a round, driven step by step:
  pings.services.start_round() (creates the pings), pings.services.send_round()
  (renders and queues the outbox rows), then mail.services.deliver_batch()
  until it returns 0 (delivers them to the sink);
* baseline: one real ping e-mail rendered once, then sent N times (to the same N
  addresses) by a plain smtplib loop over one SMTP connection.

It prints messages per second for both, their ratio, each worker's peak RSS,
the Enlace time split, checks that the sink and the outbox saw exactly N
messages each, and says PASS or FAIL against the targets (ratio >= 0.5, peak
under 300 MB). See bench/README.md.
"""

import argparse
import contextlib
import json
import os
import resource
import smtplib
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/enlace_bench"
DEFAULT_PINGS = 100_000
TARGET_RATIO = 0.5
TARGET_PEAK_MB = 300

BENCH_SLUG = "bench"
STATE_COUNT = 20
INSTITUTIONS_PER_STATE = 5
BULK_BATCH = 5000
RESULT_PREFIX = "BENCH-RESULT "
PLACEHOLDER_TO = "placeholder@bench.invalid"


# --- The SMTP sink (its own process; no Django) --------------------------------------------


class SinkHandler(socketserver.BaseRequestHandler):
    """Just enough SMTP for smtplib: accepts everything, counts messages and their bytes, keeps nothing.

    It offers PIPELINING, as Postfix and Exim do by default (smtplib does not use
    it; Enlace does); ``--sink-without-pipelining`` turns the offer off.

    Two extra commands let the orchestrator read and reset the counters:
    XCOUNT answers "250 <messages> <bytes> <connections>", XRESET zeroes them.
    (Blocking sockets, one thread per connection: on loopback this answers faster
    than an asyncio server, so the sink is not what limits either measurement.)
    """

    stats = {"messages": 0, "bytes": 0, "connections": 0}
    lock = threading.Lock()

    def handle(self) -> None:
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.lock:
            self.stats["connections"] += 1
        sock.sendall(b"220 bench-sink ESMTP\r\n")
        buffer = bytearray()
        in_data = False
        scan_from = 0
        while True:
            received = sock.recv(262144)
            if not received:
                return
            buffer += received
            answers = []
            while buffer:
                if in_data:
                    end = buffer.find(b"\r\n.\r\n", scan_from)
                    if end < 0:
                        scan_from = max(0, len(buffer) - 4)
                        break
                    with self.lock:
                        self.stats["messages"] += 1
                        self.stats["bytes"] += end + 2
                    del buffer[: end + 5]
                    in_data, scan_from = False, 0
                    answers.append(b"250 2.0.0 Ok: queued\r\n")
                    continue
                newline = buffer.find(b"\r\n")
                if newline < 0:
                    break
                verb = bytes(buffer[:4]).upper()
                del buffer[: newline + 2]
                if verb == b"QUIT":
                    sock.sendall(b"".join(answers) + b"221 2.0.0 Bye\r\n")
                    return
                answers.append(self.answer(verb))
                # smtplib sends the message only after reading the 354, and never sends an
                # empty one, so the data always ends with "\r\n.\r\n".
                in_data = verb == b"DATA"
            if answers:
                sock.sendall(b"".join(answers))

    pipelining = True

    def answer(self, verb: bytes) -> bytes:
        if verb == b"EHLO":
            offers = b"250-PIPELINING\r\n" if self.pipelining else b""
            return b"250-bench-sink\r\n" + offers + b"250-8BITMIME\r\n250 SMTPUTF8\r\n"
        if verb == b"DATA":
            return b"354 End data with <CR><LF>.<CR><LF>\r\n"
        if verb == b"XCOU":
            with self.lock:
                return "250 {messages} {bytes} {connections}\r\n".format(**self.stats).encode()
        if verb == b"XRES":
            with self.lock:
                self.stats.update(messages=0, bytes=0, connections=0)
            return b"250 reset\r\n"
        return b"250 2.0.0 Ok\r\n"  # HELO, MAIL, RCPT, RSET, NOOP...


class SinkServer(socketserver.ThreadingTCPServer):
    daemon_threads = True


def run_sink(pipelining: bool) -> None:
    SinkHandler.pipelining = pipelining
    with SinkServer(("127.0.0.1", 0), SinkHandler) as server:
        print(f"PORT {server.server_address[1]}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


class Sink:
    """The sink subprocess, seen from the orchestrator."""

    def __init__(self, pipelining: bool = True):
        self.pipelining = pipelining

    def __enter__(self) -> "Sink":
        command = [sys.executable, __file__, "--sink"] + ([] if self.pipelining else ["--sink-without-pipelining"])
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            self.process.kill()
            raise RuntimeError(f"The SMTP sink did not start (it said {line!r}).")
        self.port = int(line.split()[1])
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def _command(self, verb: str) -> str:
        with smtplib.SMTP("127.0.0.1", self.port, local_hostname="orchestrator", timeout=10) as smtp:
            code, answer = smtp.docmd(verb)
            if code != 250:
                raise RuntimeError(f"The sink answered {code} {answer!r} to {verb}.")
            return answer.decode()

    def counts(self) -> dict:
        """Messages, bytes and connections since the last reset (the control connection not included)."""
        messages, size, connections = (int(value) for value in self._command("XCOUNT").split())
        return {"messages": messages, "bytes": size, "connections": connections - 1}

    def reset(self) -> None:
        self._command("XRESET")


# --- Django --------------------------------------------------------------------------------


def setup_django(database_url: str, port: int | None = None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "enlace.settings"
    os.environ["DATABASE_URL"] = database_url
    # Nothing may run behind the benchmark's back: tasks only land in a list in memory.
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))

    import django
    from django.conf import settings

    django.setup()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    if port is not None:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 30},
            }
        }
    from django.tasks import task_backends
    from django.tasks.backends.dummy import DummyBackend

    if not isinstance(task_backends["default"], DummyBackend):
        raise RuntimeError("The task backend is not the dummy one: tasks could run behind the benchmark's back.")


def recreate_database(database_url: str) -> None:
    """Start from an empty bench database; refuses any database whose name does not say "bench"."""
    import dj_database_url

    config = dj_database_url.parse(database_url)
    name = str(config["NAME"])
    if "bench" not in Path(name).name:
        sys.exit(f"Refusing to drop and recreate {name!r}: the bench database's name must contain 'bench'.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_directory(states, slug: str = "bench", ping_schedule: dict | None = None):
    """The benches' directory: ``states`` take part, with the diplomatic and technical roles (in that order);
    ``ping_schedule`` its ping test rules (``pings.PingSchedule``' fields), if not the defaults."""
    from directory.choices import RoleKind
    from directory.models import Directory, DirectoryRole, Participation
    from pings.models import PingSchedule

    directory = Directory.objects.create(slug=slug, name="Bench PoC Directory", managing_body="Bench Secretariat")
    if ping_schedule:
        PingSchedule.objects.create(directory=directory, **ping_schedule)
    roles = DirectoryRole.objects.bulk_create(
        [
            DirectoryRole(directory=directory, kind=RoleKind.DIPLOMATIC, position=0),
            DirectoryRole(directory=directory, kind=RoleKind.TECHNICAL, position=1),
        ]
    )
    Participation.objects.bulk_create(Participation(directory=directory, state=state) for state in states)
    return directory, roles


def build_data(pings: int) -> None:
    """One directory with a few States, some institutions, N contacts each nominated once (diplomatic)."""
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
    directory, (diplomatic, _technical) = bench_directory(
        states, slug=BENCH_SLUG, ping_schedule={"ping_reminder_days": "3,7"}
    )
    institutions = Institution.objects.bulk_create(
        Institution(state=state, name=f"Bench Institution {number} of {state.iso3}", kind=InstitutionKind.CSIRT)
        for state in states
        for number in range(INSTITUTIONS_PER_STATE)
    )
    for start in range(0, pings, BULK_BATCH):
        contacts = Contact.objects.bulk_create(
            Contact(
                institution=institutions[number % len(institutions)],
                name=f"Bench Contact {number:06d}",
                title="Point of contact",
            )
            for number in range(start, min(start + BULK_BATCH, pings))
        )
        ContactEmail.objects.bulk_create(
            ContactEmail(
                contact=contact,
                address=f"poc{contact.name[-6:]}@{contact.institution.state.iso2.lower()}.bench.example.org",
            )
            for contact in contacts
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


# --- Memory ----------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    VmHWM (Linux) belongs to the process's own address space; ru_maxrss can carry the
    parent's peak over a vfork/exec (which subprocess uses), so it is only the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- The two workers ---------------------------------------------------------------------------


def worker_enlace(pings: int, port: int) -> dict:
    from django.conf import settings
    from django.db import connection

    from directory.models import Directory
    from mail.services import deliver_batch
    from pings.models import RoundTrigger
    from pings.services import send_round, start_round

    directory = Directory.objects.get(slug=BENCH_SLUG)
    peak_at_start = peak_rss_mb()

    clock = time.perf_counter()
    ping_round = start_round(directory, trigger=RoundTrigger.MANUAL)
    started = time.perf_counter()
    peak_after_start = peak_rss_mb()

    queued = send_round(ping_round.pk)
    sent = time.perf_counter()
    peak_after_send = peak_rss_mb()

    delivered = batches = 0
    while tried := deliver_batch():
        delivered += tried
        batches += 1
    done = time.perf_counter()
    connection.close()
    return {
        "vendor": connection.vendor,
        "connections": settings.EMAIL_CONNECTIONS,
        "round_total": ping_round.total,
        "queued": queued,
        "delivered": delivered,
        "batches": batches,
        "seconds": done - clock,
        "split": {
            "creating pings (start_round)": started - clock,
            "rendering + queueing (send_round)": sent - started,
            "delivering (deliver_batch loop)": done - sent,
        },
        "peak_mb": peak_rss_mb(),
        "maxrss_mb": maxrss_mb(),
        "peak_by_phase_mb": {
            "after django.setup()": peak_at_start,
            "after start_round": peak_after_start,
            "after send_round": peak_after_send,
            "after delivery": peak_rss_mb(),
        },
    }


def worker_baseline(pings: int, port: int) -> dict:
    """A plain loop: one real ping e-mail rendered once, sent to the N addresses over one connection."""
    import email.policy
    from email.utils import parseaddr

    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.db import connection

    from directory.models import ContactEmail
    from mail.services import render_email
    from pings.models import Ping
    from pings.services import key_variant, merge_values, message_merge

    ping = Ping.objects.select_related("round__directory", "contact").order_by("pk").first()
    if ping is None:
        raise RuntimeError("No ping to render: the Enlace phase must run first.")
    merge = message_merge(ping.round, "ping")
    context = {**merge.context, **merge_values(ping, ping.contact), **key_variant(ping.round, ping.contact)}
    rendered = render_email("pings/email/ping", context, "en")
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[PLACEHOLDER_TO],
        headers={"Auto-Submitted": "auto-generated", "X-Enlace-Message": str(ping.code)},
    )
    message.attach_alternative(rendered.html, "text/html")
    template = message.message(policy=email.policy.SMTP).as_bytes()
    placeholder = PLACEHOLDER_TO.encode()
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    addresses = list(ContactEmail.objects.order_by("pk").values_list("address", flat=True)[:pings])
    vendor = connection.vendor
    connection.close()
    peak_at_start = peak_rss_mb()

    clock = time.perf_counter()
    smtp = smtplib.SMTP("127.0.0.1", port, local_hostname="bench-baseline", timeout=30)
    for address in addresses:
        smtp.sendmail(sender, [address], template.replace(placeholder, address.encode()))
    smtp.quit()
    done = time.perf_counter()
    return {
        "vendor": vendor,
        "delivered": len(addresses),
        "seconds": done - clock,
        "peak_mb": peak_rss_mb(),
        "maxrss_mb": maxrss_mb(),
        "peak_by_phase_mb": {"before the loop": peak_at_start, "after the loop": peak_rss_mb()},
    }


def run_worker(kind: str, args: argparse.Namespace, port: int) -> dict:
    command = [sys.executable, __file__, "--worker", kind, "--pings", str(args.pings)]
    command += ["--database-url", args.database_url, "--sink-port", str(port)]
    finished = subprocess.run(command, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False)
    results = [line for line in finished.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if finished.returncode or not results:
        sys.stdout.write(finished.stdout)
        sys.exit(f"The {kind} worker failed (exit status {finished.returncode}).")
    return json.loads(results[-1][len(RESULT_PREFIX) :])


# --- The orchestrator --------------------------------------------------------------------------


def verify_outbox(pings: int) -> dict:
    from mail.models import DeliveryAttempt, EmailStatus, OutboundEmail
    from pings.models import Ping

    return {
        "pings sent": Ping.objects.filter(sent_at__isnull=False).count(),
        "outbox rows": OutboundEmail.objects.count(),
        "outbox rows sent": OutboundEmail.objects.filter(status=EmailStatus.SENT).count(),
        "successful delivery attempts": DeliveryAttempt.objects.filter(succeeded=True).count(),
    }


def report(args, enlace: dict, baseline: dict, sink_enlace: dict, sink_baseline: dict, checks: dict, build_s: float):
    n = args.pings
    enlace_rate = n / enlace["seconds"]
    baseline_rate = n / baseline["seconds"]
    ratio = enlace_rate / baseline_rate
    memory_ok = enlace["peak_mb"] < TARGET_PEAK_MB
    ratio_ok = ratio >= TARGET_RATIO

    def size(counts):
        return counts["bytes"] / counts["messages"] if counts["messages"] else 0

    print()
    print(f"Ping round benchmark: N = {n:,} pings, database = {enlace['vendor']} ({args.database_url})")
    offer = "does not offer" if args.sink_without_pipelining else "offers"
    print(f"  the SMTP sink {offer} PIPELINING; {enlace['connections']} SMTP connections per delivery batch")
    print(f"  bench data built in {build_s:.1f} s (not timed below)")
    print()
    for label, rate, result in (("Enlace", enlace_rate, enlace), ("smtplib", baseline_rate, baseline)):
        print(f"  {label:8} {rate:10,.0f} msgs/s  ({result['seconds']:8.2f} s, peak RSS {result['peak_mb']:6.1f} MB)")
    print(f"  ratio    {ratio:10.3f}        (target >= {TARGET_RATIO})")
    print()
    print("  Enlace time split:")
    for step, seconds in enlace["split"].items():
        share = seconds / enlace["seconds"] * 100
        print(f"    {step:36} {seconds:8.2f} s  {share:5.1f} %  {seconds / n * 1e6:8.1f} us/msg")
    print(f"    ({enlace['batches']} delivery batches)")
    print(
        "  Enlace worker peak RSS by phase: "
        + ", ".join(f"{phase} {mb:.0f} MB" for phase, mb in enlace["peak_by_phase_mb"].items())
    )
    print()
    print("  Correctness:")
    expectations = [
        ("sink messages from Enlace", sink_enlace["messages"]),
        ("sink messages from smtplib", sink_baseline["messages"]),
        *checks.items(),
    ]
    correct = True
    for label, value in expectations:
        ok = value == n
        correct &= ok
        print(f"    {label:36} {value:>10,}  {'ok' if ok else f'WRONG (expected {n:,})'}")
    print(
        f"    average message size: Enlace {size(sink_enlace):,.0f} B over {sink_enlace['connections']} connections, "
        f"smtplib {size(sink_baseline):,.0f} B over {sink_baseline['connections']} connection(s)"
    )
    print()
    print(f"  ratio >= {TARGET_RATIO}:            {'PASS' if ratio_ok else 'FAIL'} ({ratio:.3f})")
    print(f"  worker peak < {TARGET_PEAK_MB} MB:      {'PASS' if memory_ok else 'FAIL'} ({enlace['peak_mb']:.1f} MB)")
    if enlace["vendor"] != "postgresql":
        print("  (the targets are defined on PostgreSQL)")
    verdict = "PASS" if ratio_ok and memory_ok and correct else "FAIL"
    print(f"  overall: {verdict}" + ("" if correct else " (message counts wrong)"))
    if not correct:
        return 2
    return 0 if verdict == "PASS" else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pings", type=int, default=DEFAULT_PINGS, help="pings in the round (default %(default)s)")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="bench database, dropped and recreated (postgres:// or sqlite:///; its name must contain 'bench')",
    )
    parser.add_argument(
        "--sink-without-pipelining",
        action="store_true",
        help="the sink does not offer PIPELINING (Enlace then sends the envelope command by command)",
    )
    parser.add_argument("--worker", choices=["enlace", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--sink", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sink-port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.sink:
        run_sink(pipelining=not args.sink_without_pipelining)
        return 0
    if args.worker:
        setup_django(args.database_url, port=args.sink_port)
        worker = {"enlace": worker_enlace, "baseline": worker_baseline}[args.worker]
        result = worker(args.pings, args.sink_port)
        print(RESULT_PREFIX + json.dumps(result), flush=True)
        return 0

    if args.pings < 1:
        parser.error("--pings must be at least 1")
    recreate_database(args.database_url)
    print(f"Recreated the bench database {args.database_url}; migrating it...", flush=True)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    print(f"Building {args.pings:,} nominated contacts...", flush=True)
    clock = time.perf_counter()
    build_data(args.pings)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as a database in service would have
    build_s = time.perf_counter() - clock
    connection.close()

    with Sink(pipelining=not args.sink_without_pipelining) as sink:
        print(f"SMTP sink on 127.0.0.1:{sink.port}; running the Enlace worker...", flush=True)
        sink.reset()
        enlace = run_worker("enlace", args, sink.port)
        sink_enlace = sink.counts()
        print(f"  Enlace: {enlace['seconds']:.1f} s. Running the smtplib baseline...", flush=True)
        sink.reset()
        baseline = run_worker("baseline", args, sink.port)
        sink_baseline = sink.counts()

    checks = verify_outbox(args.pings)
    connection.close()
    return report(args, enlace, baseline, sink_enlace, sink_baseline, checks, build_s)


if __name__ == "__main__":
    sys.exit(main())
