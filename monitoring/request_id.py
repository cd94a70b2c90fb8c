"""The request id: one per web request, taken from the proxy's ``X-Request-ID`` when it is well formed, made
otherwise; every log line written while the request (or a task it enqueued) runs carries it."""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
# Letters, digits and ``._-`` only, 8 to 64 of them: what proxies send (a UUID, a hex string), never a way to
# write another field, a new line or markup into a log.
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}")

current: ContextVar[str | None] = ContextVar("request_id", default=None)


def from_header(value: str | None) -> str:
    """The incoming id when it is well formed, otherwise a new one."""
    if value and WELL_FORMED.fullmatch(value):
        return value
    return uuid.uuid4().hex
