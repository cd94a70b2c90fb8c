"""Log lines for operators: JSON lines in production (``LOG_FORMAT=json``), each with its time, level, logger,
message and request id; and, in every format, secrets taken out before a line is written.

``RedactSecrets`` replaces what looks like a credential (an API token, a bearer or basic authorisation, a
password, secret or token given as a value, the secret part of a ping, invitation or password-reset link) in
the message and its arguments. Communications' content is never passed to a logger at all; a test reads the
log of a sign-in, an API call and an AMBER communication to keep it so.
"""

import json
import logging
import re
from datetime import UTC, datetime

from monitoring import request_id

REDACTED = "[redacted]"
SECRET_PATTERNS = [
    # Enlace's API tokens (api.models.TOKEN_PREFIX).
    (re.compile(r"enl_[A-Za-z0-9_-]{8,}"), "enl_" + REDACTED),
    # An Authorization header's credentials.
    (re.compile(r"(?i)\b(bearer|basic|token)(\s+)[A-Za-z0-9._~+/=-]{8,}"), r"\1\2" + REDACTED),
    # password=..., "password": "...", secret: ..., api_key=... (form bodies, query strings, dictionaries).
    (
        re.compile(
            r"(?i)((?:password\d?|passwd|secret|api_key|token|csrfmiddlewaretoken|sessionid|otp|code)"
            r"['\"]?\s*[:=]\s*['\"]?)[^\s&'\",;}]+"
        ),
        r"\1" + REDACTED,
    ),
    # The secret part of links that open something without signing in.
    (re.compile(r"(/(?:ping|invitations)/)[A-Za-z0-9_-]{16,}"), r"\1" + REDACTED),
    (re.compile(r"(/password/reset/key/)[^/\s]+"), r"\1" + REDACTED),
]


def redact(text: str) -> str:
    for pattern, replacement in SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Takes secrets out of a record's message (formatted with its arguments) and exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
            # The formatter prints exc_text; without exc_info it does not format the exception again.
            record.exc_info = None
        return True


class AddRequestId(logging.Filter):
    """Puts the current request's (or task's) id on the record, ``-`` outside any."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.current.get() or "-"
        return True


class JsonLines(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id, and the exception."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.current.get() or "-",
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)
