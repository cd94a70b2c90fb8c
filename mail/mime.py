"""Outgoing messages as RFC 5322 / MIME bytes, built directly with the standard library's encoders.

Why not Django's EmailMessage: under ``email.policy.default`` it runs every header
it sets through the header registry's parser, which costs about 3 ms a message on
a small server: more than delivering the message, and a ping round sends tens of
thousands. The messages Enlace sends are simple and known in advance (its own
From, an address the model already validated, a one-line subject it rendered,
text and HTML alternatives or a PGP/MIME envelope), so they are assembled here
from ``email.header`` (encoded words), ``email.utils`` (dates, message ids,
addresses) and ``binascii`` (quoted-printable). The tests parse every kind of
message back with ``email.parser`` to hold this to the standards.
"""

import binascii
import functools
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr

CRLF = b"\r\n"
# RFC 5322 allows 998 characters a line; anything longer must be encoded.
MAX_LINE = 998


class HeaderInjection(ValueError):
    """A header value carried a line break."""


@dataclass(frozen=True)
class Part:
    """One MIME body part: its headers (Content-Type first) and its already-encoded body."""

    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True)
class Sender:
    """The From header and envelope sender, worked out once per process from DEFAULT_FROM_EMAIL."""

    header: str
    envelope: str
    domain: str

    @classmethod
    @functools.cache
    def parse(cls, from_email: str) -> "Sender":
        name, address = parseaddr(from_email)
        if "@" not in address:
            raise ValueError(f"The sender {from_email!r} has no usable address.")
        return cls(header=encode_address(name, address), envelope=address, domain=address.rsplit("@", 1)[1])


def encode_address(name: str, address: str) -> str:
    local, _, domain = address.rpartition("@")
    domain = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
    return formataddr((name, f"{local}@{domain}"), charset="utf-8")


@functools.lru_cache(maxsize=1024)
def encode_subject(subject: str) -> str:
    """RFC 2047 encoded words where needed, folded at 76 characters (subjects repeat: cached)."""
    _refuse_line_breaks(subject)
    return Header(subject, "utf-8" if not subject.isascii() else "us-ascii", header_name="Subject").encode(
        linesep="\r\n"
    )


def language_tag(code: str) -> str:
    """A Django language code as BCP 47 writes it: a script subtag in title case (``zh-hans`` → ``zh-Hans``)."""
    primary, *rest = code.split("-")
    return "-".join([primary.lower(), *(part.title() if len(part) == 4 else part.upper() for part in rest)])


def text_part(content: str, subtype: str) -> Part:
    """A text/plain or text/html part: 7bit when it can be, quoted-printable UTF-8 otherwise."""
    text = _normalise_line_ends(content)
    if text.isascii() and (len(text) <= MAX_LINE or max(map(len, text.split("\n"))) <= MAX_LINE):
        charset, encoding = "us-ascii", "7bit"
        body = text.encode("ascii").replace(b"\n", CRLF)
    else:
        charset, encoding = "utf-8", "quoted-printable"
        body = binascii.b2a_qp(text.encode("utf-8"), istext=True).replace(b"\n", CRLF)
    return Part(
        headers=(
            ("Content-Type", f'text/{subtype}; charset="{charset}"'),
            ("Content-Transfer-Encoding", encoding),
        ),
        body=body + CRLF,
    )


def seven_bit_part(content_type: str, body: str, headers: Iterable[tuple[str, str]] = ()) -> Part:
    """An ASCII part sent as is (the PGP/MIME control part and armoured ciphertext)."""
    lines = _lines(body)
    if not body.isascii() or any(len(line) > MAX_LINE for line in lines):
        raise ValueError("A 7bit part must be ASCII with lines of at most 998 characters.")
    return Part(
        headers=(("Content-Type", content_type), ("Content-Transfer-Encoding", "7bit"), *headers),
        body=CRLF.join(line.encode("ascii") for line in lines) + CRLF,
    )


@dataclass(frozen=True)
class Envelope:
    """What the top of every message says: who from, to whom, about what, and any extra headers."""

    sender: Sender
    to: str
    subject: str
    extra_headers: tuple[tuple[str, str], ...] = field(default=())


def build(envelope: Envelope, parts: list[Part], *, multipart: str = "alternative", params: str = "") -> bytes:
    """The whole message: one part alone, or several under multipart/<multipart>; CRLF line ends."""
    _refuse_line_breaks(envelope.to)
    headers = [
        ("From", envelope.sender.header),
        ("To", encode_address("", envelope.to)),
        ("Subject", encode_subject(envelope.subject)),
        ("Date", formatdate(usegmt=True)),
        ("Message-ID", make_msgid(domain=envelope.sender.domain)),
        ("MIME-Version", "1.0"),
    ]
    for header_name, value in envelope.extra_headers:
        _refuse_line_breaks(value)
        headers.append((header_name, value))
    if len(parts) == 1:
        return _join(headers + list(parts[0].headers), parts[0].body)
    boundary = "=_enlace_" + secrets.token_hex(16)
    content_type = f'multipart/{multipart}; boundary="{boundary}"' + (f"; {params}" if params else "")
    marker = b"--" + boundary.encode("ascii")
    body = bytearray()
    for part in parts:
        body += marker + CRLF + _join(list(part.headers), part.body)
    body += marker + b"--" + CRLF
    return _join([*headers, ("Content-Type", content_type)], bytes(body))


def _lines(content: str) -> list[str]:
    return _normalise_line_ends(content).split("\n")


def _normalise_line_ends(content: str) -> str:
    """``\\n`` line ends, and no final one (the part's CRLF is added after)."""
    return content.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")


def _join(headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return head.encode("ascii") + CRLF + body


def _refuse_line_breaks(value: str) -> None:
    if "\r" in value or "\n" in value:
        raise HeaderInjection("A header value may not contain a line break.")
