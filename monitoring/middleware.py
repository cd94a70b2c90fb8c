"""The first middleware: answers the probes and the metrics scrape before anything else runs, and gives every
other request its id and its place in the metrics.

The probes (``/health/live``, ``/health/ready``) and ``/metrics`` are answered here, ahead of the HTTPS redirect,
the host check, sessions and the URL resolver: an orchestrator's probe comes over plain HTTP to the process's
own address, and none of them is a page (nothing of a person's, nothing to sign in to). ``/metrics`` checks its
own bearer token (``METRICS_TOKEN``).
"""

import hmac
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from monitoring import health, metrics, request_id

LIVE, READY, METRICS = "/health/live", "/health/ready", "/metrics"
PLAIN = "text/plain; charset=utf-8"


class OperationsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/") or "/"
        if path == LIVE:
            return _uncached(HttpResponse("ok\n", content_type=PLAIN))
        if path == READY:
            return ready()
        if path == METRICS:
            return scrape(request)
        identifier = request_id.from_header(request.headers.get(request_id.HEADER))
        request.request_id = identifier
        # Kept until the response is closed (``request_finished``): Django logs an error response after every
        # middleware has returned it.
        request_id.current.set(identifier)
        started = time.perf_counter()
        response = self.get_response(request)
        view = _route_name(request)
        metrics.REQUESTS.labels(view=view, status=str(response.status_code)).inc()
        metrics.REQUEST_SECONDS.labels(view=view).observe(time.perf_counter() - started)
        response[request_id.HEADER] = identifier
        return response


def ready() -> HttpResponse:
    """200 ``ok``, or 503 with the names of the failing checks (no detail: the probe is open to anyone who
    reaches the process; the managers' page shows the detail)."""
    failing = [check.name for check in health.readiness(timezone.now()) if not check.passed]
    if failing:
        return _uncached(HttpResponse(f"not ready: {', '.join(failing)}\n", status=503, content_type=PLAIN))
    return _uncached(HttpResponse("ok\n", content_type=PLAIN))


def scrape(request: HttpRequest) -> HttpResponse:
    """The metrics for a caller with ``Authorization: Bearer <METRICS_TOKEN>``; 404 while no token is set (the
    address does not exist), 401 for a missing or wrong one."""
    expected = settings.METRICS_TOKEN
    if not expected:
        return _uncached(HttpResponse("Not Found\n", status=404, content_type=PLAIN))
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        response = HttpResponse("Unauthorized\n", status=401, content_type=PLAIN)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return _uncached(HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8"))


def _route_name(request: HttpRequest) -> str:
    """The route's name (``app:name``), never the path, which holds codes and tokens and would make every
    address a series of its own; ``unmatched`` when no route matched (a 404 before any view)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or match._func_path


def _uncached(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    # A probe that fails every few seconds is the orchestrator's to report, not a log line each time.
    response._has_been_logged = True
    return response
