"""The container image and compose.yaml bring up a working Enlace: PostgreSQL, Redis, the web tier, two
workers, the scheduler and the mailbox, each in its own container, configured only by environment variables
and secrets files.

`make test` runs this module once (scripts/run-tests sets ENLACE_CONTAINER_TESTS=1) with podman and
podman-compose. Where no registry can be reached, the image is built on a base made from Debian's packages and
PostgreSQL and Redis are stand-ins made the same way (scripts/build-image --stand-ins). Where no container
engine can run at all, the module is skipped and says why.
"""

import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
IMAGE = "localhost/enlace:test"
ENGINE = os.environ.get("CONTAINER_ENGINE", "podman")
COMPOSE = Path(sys.executable).parent / "podman-compose"  # pinned in requirements/test.txt
# Generous: a busy two-core machine builds the image in minutes and PostgreSQL's first start takes a while.
BUILD_SECONDS = 3600
START_SECONDS = 1800

pytestmark = pytest.mark.container


def _engine_environment() -> dict[str, str]:
    environment = dict(os.environ)
    # The engine settings this repository needs on hosts with cgroups v1 and no right to raise resource limits.
    environment.setdefault("CONTAINERS_CONF", str(REPOSITORY / "container" / "containers.conf"))
    return environment


def _why_no_engine() -> str | None:
    if os.environ.get("ENLACE_CONTAINER_TESTS") != "1":
        return "the container checks run once per `make test`, in their own step (ENLACE_CONTAINER_TESTS=1)"
    if shutil.which(ENGINE) is None:
        return f"no container engine ({ENGINE}) is installed here"
    if not COMPOSE.exists():
        return "podman-compose is not installed"
    probe = subprocess.run(
        [ENGINE, "info"], capture_output=True, text=True, env=_engine_environment(), timeout=300, check=False
    )
    if probe.returncode != 0:
        return f"{ENGINE} cannot run here: {probe.stderr.strip()[:300]}"
    return None


def _free_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


@dataclass
class Stack:
    project: str
    url: str
    environment: dict[str, str]

    def compose(self, *arguments: str, timeout: int = START_SECONDS) -> subprocess.CompletedProcess:
        command = [str(COMPOSE), "--project-name", self.project, *arguments]
        return subprocess.run(
            command, cwd=REPOSITORY, env=self.environment, capture_output=True, text=True, timeout=timeout, check=False
        )

    def container(self, service: str) -> str:
        return f"{self.project}_{service}_1"

    def run_in(self, service: str, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [ENGINE, "exec", self.container(service), *command],
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=START_SECONDS,
            check=False,
        )


def _pullable(image: str, environment: dict[str, str]) -> bool:
    pulled = subprocess.run(
        [ENGINE, "pull", "--quiet", image], env=environment, capture_output=True, timeout=300, check=False
    )
    return pulled.returncode == 0


def _wait_for(what: str, answered, seconds: int = START_SECONDS):
    """Polls until ``answered()`` gives something truthy; the limit only stops a hung stack, it times nothing."""
    deadline = time.monotonic() + seconds
    while True:
        value = answered()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Still waiting for {what} after {seconds} s")
        time.sleep(2)


def _get(url: str, opener=None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Stack:
    reason = _why_no_engine()
    if reason:
        pytest.skip(reason)
    environment = _engine_environment() | {"IMAGE_TAG": IMAGE}
    subprocess.run(
        [str(REPOSITORY / "scripts" / "build-image"), "--stand-ins"],
        cwd=REPOSITORY,
        env=environment,
        check=True,
        timeout=BUILD_SECONDS,
    )
    secrets_dir = tmp_path_factory.mktemp("secrets")
    for name in ("secret_key", "postgres_password"):
        (secrets_dir / name).write_text(secrets.token_urlsafe(48))
        (secrets_dir / name).chmod(0o644)
    port = _free_port()
    environment |= {
        "ENLACE_IMAGE": IMAGE,
        "ENLACE_SECRETS_DIR": str(secrets_dir),
        "ENLACE_PORT": str(port),
        "ENLACE_SITE_URL": f"http://127.0.0.1:{port}",
    }
    compose_file = (REPOSITORY / "compose.yaml").read_text()
    for variable, stand_in in (("POSTGRES_IMAGE", "postgres"), ("REDIS_IMAGE", "redis")):
        official = re.search(rf"\${{{variable}:-([^}}]+)}}", compose_file).group(1)
        if not _pullable(official, environment):
            environment[variable] = f"localhost/enlace-stand-in-{stand_in}:latest"
    running = Stack(
        project=f"enlacetest{uuid.uuid4().hex[:8]}", url=f"http://127.0.0.1:{port}", environment=environment
    )
    started = running.compose("up", "-d")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        _wait_for("the sign-in page", lambda: _get(running.url + "/accounts/login/")[0] == 200)
        yield running
    finally:
        running.compose("down", "--volumes", "--timeout", "5")


def test_the_site_answers_and_serves_its_collected_static_files(stack):
    status, page = _get(stack.url + "/accounts/login/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)

    assert status == 200
    # Collected with hashed names at build time (STATIC_MANIFEST), not found in the apps at run time.
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet)
    assert _get(stack.url + stylesheet)[0] == 200


def test_the_stack_says_it_is_ready_once_the_worker_and_the_scheduler_beat(stack):
    # Ready means the database, the cache, every migration applied, and heartbeats from a worker and the
    # scheduler, each in its own container.
    _wait_for("/health/ready", lambda: _get(stack.url + "/health/ready") == (200, "ok\n"))

    assert _get(stack.url + "/health/live") == (200, "ok\n")


def test_every_role_runs_in_its_own_container_as_an_unprivileged_user(stack):
    for service in ("web", "worker-1", "worker-2", "scheduler", "mailbox"):
        identity = stack.run_in(service, "id", "-u")

        assert identity.returncode == 0, identity.stderr
        assert identity.stdout.strip() == "10001", service


def test_the_image_holds_no_compiler(stack):
    found = subprocess.run(
        [ENGINE, "run", "--rm", "--entrypoint", "sh", IMAGE, "-c", "command -v gcc cc c++ clang make || true"],
        env=stack.environment,
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
        check=False,
    )

    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == ""


def test_a_person_signs_in_and_a_worker_delivers_their_email_to_the_mailbox(stack):
    email = f"operator-{uuid.uuid4().hex[:6]}@example.org"
    password = secrets.token_urlsafe(16)
    made = stack.run_in(
        "web",
        "python",
        "manage.py",
        "shell",
        "-c",
        f"from accounts.models import User; User.objects.create_user({email!r}, {password!r}, name='Operator')",
    )
    assert made.returncode == 0, made.stderr
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict[str, str]) -> tuple[int, str]:
        _status, form = _get(stack.url + path, opener)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode(fields | {"csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(  # noqa: S310  (the stack's own http address)
            stack.url + path, data=body, headers={"Referer": stack.url + path}
        )
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()

    post("/accounts/login/", {"login": email, "password": password})
    status, account = _get(stack.url + "/accounts/email/", opener)
    assert status == 200 and email in account

    post("/accounts/password/reset/", {"email": email})
    mailbox = email.replace("@", "_at_")

    def delivered() -> bool:
        listing = stack.run_in("mailbox", "ls", "/var/lib/enlace/mailbox")
        return mailbox in listing.stdout

    # The web tier only queues the message; a worker delivers it over SMTP to the mailbox container.
    _wait_for("the password reset e-mail", delivered)


def test_the_scheduler_and_both_workers_keep_running(stack):
    for service in ("worker-1", "worker-2", "scheduler"):
        state = subprocess.run(
            [ENGINE, "inspect", "--format", "{{.State.Running}} {{.RestartCount}}", stack.container(service)],
            env=stack.environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

        assert state.stdout.split() == ["true", "0"], (service, state.stdout, stack.compose("logs", service).stdout)
