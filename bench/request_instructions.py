"""Instructions one request costs the web process, counted by Valgrind's callgrind: a figure load does not blur.

    .venv/bin/python bench/request_instructions.py KIND [--few 10] [--many 110] [--database-url URL]
                                                   [--redis-url URL]

KIND: ``post`` (a ping's confirmation answered, as ``bench/confirmation_cpu.py`` posts it), ``post-bare``
(the bare view's POST beside it), ``get`` (the confirmation page), ``first`` (the API's first page of
nominations, as ``bench/api_list_cpu.py`` asks for it, served again from Redis) or ``hello`` (through the
same middleware). On a machine shared with other work, CPU time per request varies from run to run by more
than a change being measured; the instructions executed do not. The script runs itself twice under
``valgrind --tool=callgrind``, each time calling the WSGI application in process (every middleware, DEBUG
off) for 30 requests to warm up and then ``--few`` or ``--many`` more, and prints the difference of the two
totals divided by the difference of the counts: the instructions of one request, Django's set-up left out.
Callgrind counts the process's own instructions, not the kernel's: the system calls of a round trip to the
database or Redis cost more than it shows. Each run takes minutes (Python under callgrind is some fifty
times slower).

It measures on the data the CPU benches built: run ``bench/confirmation_cpu.py`` (``post``, ``post-bare``,
``get``; each ``post`` answers pings of its own) or ``bench/api_list_cpu.py`` (``first``, ``hello``) first,
with the same ``--database-url`` (and ``--redis-url``).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

WARM_UP = 30
CONFIRMATION_KINDS = ("post", "post-bare", "get")
KINDS = (*CONFIRMATION_KINDS, "first", "hello")


def requests(kind: str, count: int, database_url: str, redis_url: str) -> None:
    """Make WARM_UP + count requests of this kind (the child process callgrind counts)."""
    if kind not in CONFIRMATION_KINDS:
        os.environ["API_RATE_LIMIT"] = "100000000/minute"
        os.environ["REDIS_URL"] = redis_url
        os.environ["AXES_ENABLED"] = "false"
    from ping_round import setup_django

    setup_django(database_url)
    import bench_site

    if kind in CONFIRMATION_KINDS:
        from confirmation_cpu import CSRF_INPUT, Caller, pending_pings

        call = Caller(bench_site.application)
        tokens, ids = pending_pings(WARM_UP + count + 1)
        if len(tokens) < WARM_UP + count + 1:
            sys.exit("Not enough pending pings left: run bench/confirmation_cpu.py again without --reuse.")
        _status, headers, content = call("GET", f"/ping/{tokens[-1]}/")
        cookie = next(value for name, value in headers if name.lower() == "set-cookie").split(";", 1)[0]
        form = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        token = CSRF_INPUT.search(content).group(1).decode()
        body = f"{urlencode({'answer': 'correct', 'attest': 'on'})}&csrfmiddlewaretoken={token}".encode()
        made = {
            "post": lambda i: ("POST", f"/ping/{tokens[i]}/", body, form, b"Your answer is recorded"),
            "post-bare": lambda i: ("POST", f"/bench/update-select/{ids[i]}/", body, form, b"ok "),
            "get": lambda i: ("GET", f"/ping/{tokens[-1 - i % 50]}/", b"", {}, b"Send my answer"),
        }[kind]
        for number in range(WARM_UP + count):
            method, path, body_sent, headers_sent, expected = made(number)
            status, _headers, content = call(method, path, body_sent, headers_sent)
            if status != 200 or expected not in content:
                sys.exit(f"{method} {path}: {status} {content[:300]!r}")
        return
    from api_list import LIST_PATH, issue_token
    from api_list_cpu import Caller

    call = Caller(bench_site.application)
    headers = {"Authorization": f"Bearer {issue_token()}", "Accept": "application/json", "Accept-Language": "en"}
    path, headers = (LIST_PATH, headers) if kind == "first" else ("/bench/hello/", {})
    for _number in range(WARM_UP + count):
        status, _headers, content = call("GET", path, headers)
        if status != 200:
            sys.exit(f"GET {path}: {status} {content[:300]!r}")


def counted(kind: str, count: int, args) -> int:
    """The instructions callgrind counted for a whole run of ``count`` requests (and the set-up)."""
    with tempfile.TemporaryDirectory() as directory:
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={directory}/callgrind.out",
            sys.executable,
            __file__,
            kind,
            "--child",
            str(count),
            "--database-url",
            args.database_url,
            "--redis-url",
            args.redis_url,
        ]
        run = subprocess.run(command, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or found is None:
        sys.exit(f"callgrind run failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--few", type=int, default=10)
    parser.add_argument("--many", type=int, default=110)
    parser.add_argument("--database-url", help="default: the bench database of the kind's CPU bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.database_url is None:
        from api_list_cpu import DEFAULT_DATABASE_URL as API_DATABASE_URL
        from confirmation_cpu import DEFAULT_DATABASE_URL as CONFIRMATION_DATABASE_URL

        args.database_url = CONFIRMATION_DATABASE_URL if args.kind in CONFIRMATION_KINDS else API_DATABASE_URL
    if args.child is not None:
        requests(args.kind, args.child, args.database_url, args.redis_url)
        return 0
    few, many = counted(args.kind, args.few, args), counted(args.kind, args.many, args)
    per_request = (many - few) / (args.many - args.few)
    print(f"{args.kind}: {few:,} instructions with {args.few} requests, {many:,} with {args.many}")
    print(f"{args.kind}: {per_request:,.0f} instructions a request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
