"""OpenPGP, the one place Enlace asks GnuPG anything (never our own crypto).

Three questions, one function each:

- what a pasted public key is (``read_public_key``: its fingerprint, expiry, user ids, whether it can
  encrypt; or a ValidationError saying what is wrong with it);
- whether a recipient's key can be used now (``usable_key``: not past its expiry, and GnuPG will encrypt
  to it); every message, ping or communication, and every page that says whether one will go
  encrypted, asks it (a contact through ``Contact.encryption_key()``);
- encrypting outgoing mail (PGP/MIME, RFC 3156): the inner message (plain text and HTML alternatives) is
  encrypted to the recipient's public key when it is queued, so the outbox only ever holds ciphertext.
  A key that GnuPG will not encrypt to (expired, revoked, no encryption subkey) raises EncryptionError.
"""

import logging
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from functools import lru_cache

import gnupg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from mail import mime

logger = logging.getLogger(__name__)


class EncryptionError(Exception):
    pass


# --- Reading a key ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublicKeyInfo:
    fingerprint: str
    expires: datetime | None
    user_ids: list[str]
    can_encrypt: bool


def read_public_key(armored: str) -> PublicKeyInfo:
    """Parse one ASCII-armoured public key, or raise ValidationError saying what is wrong."""
    text = (armored or "").strip()
    if "PRIVATE KEY BLOCK" in text:
        raise ValidationError(
            gettext("This is a private key. Never share it: paste only the public key block."), code="private_key"
        )
    if "-----BEGIN PGP PUBLIC KEY BLOCK-----" not in text:
        raise ValidationError(
            gettext("Paste an ASCII-armoured OpenPGP public key, starting with -----BEGIN PGP PUBLIC KEY BLOCK-----."),
            code="not_armoured",
        )
    with tempfile.TemporaryDirectory() as home:
        try:
            keys = gnupg.GPG(gpgbinary=settings.GPG_BINARY, gnupghome=home).scan_keys_mem(text)
        except OSError:
            # python-gnupg raises OSError when the gpg program is missing: an operator's problem.
            logger.error("GnuPG (gpg) is not installed; OpenPGP keys cannot be read.")
            raise ValidationError(
                gettext("OpenPGP keys cannot be checked on this server right now. Please try again later."),
                code="gpg_unavailable",
            ) from None
    public_keys = [key for key in keys if key.get("type") == "pub"]
    if not public_keys:
        raise ValidationError(
            gettext("This OpenPGP key block could not be read; it may be damaged."), code="unreadable"
        )
    if len(public_keys) > 1:
        raise ValidationError(
            gettext("This block holds %(count)d keys; paste exactly one.") % {"count": len(public_keys)},
            code="many_keys",
        )
    key = public_keys[0]
    expires = datetime.fromtimestamp(int(key["expires"]), tz=UTC) if key.get("expires") else None
    capabilities = key.get("cap", "")
    return PublicKeyInfo(
        fingerprint=key["fingerprint"],
        expires=expires,
        user_ids=list(key.get("uids", [])),
        can_encrypt="E" in capabilities or "e" in capabilities,
    )


# --- Whether a key can be used ------------------------------------------------------------


def key_expired(expires: datetime | None) -> bool:
    """Whether a key has passed the expiry read from it (``PublicKeyInfo.expires``; None: it never expires)."""
    return expires is not None and expires <= timezone.now()


def usable_key(armored: str, expires: datetime | None, *, owner: object = "a recipient") -> str:
    """The key to encrypt to, or "" when there is none that can be used.

    A key counts only if it has not passed its expiry and GnuPG will encrypt to it (not revoked, with an
    encryption subkey). ``owner`` names whose key it is in the warning logged when GnuPG refuses it (made a
    text only then: a lazy one costs nothing on the many keys that are fine).
    """
    if not armored or key_expired(expires):
        return ""
    refusal = _refusal(armored, timezone.now().date())
    if refusal:
        logger.warning("Cannot encrypt to the key of %s: %s", owner, refusal)
        return ""
    return armored


@lru_cache(maxsize=1024)
def _refusal(key: str, today: date) -> str:
    """Why GnuPG will not encrypt to ``key``, or "" when it will.

    Asking GnuPG costs a process (tens of milliseconds), and a page that lists contacts asks for each.
    The answer is kept per key and day: it changes only with the key's text (a revocation is published
    as a new text of the key) or with the day (a subkey expires).
    """
    try:
        encrypt(b"probe", key)
    except EncryptionError as error:
        return str(error) or "refused"
    return ""


# --- Encrypting mail -------------------------------------------------------------------


def encrypt(data: bytes, armored_key: str) -> str:
    with tempfile.TemporaryDirectory() as home:
        gpg = gnupg.GPG(gpgbinary=settings.GPG_BINARY, gnupghome=home)
        imported = gpg.import_keys(armored_key)
        if not imported.fingerprints:
            raise EncryptionError("The OpenPGP key could not be imported.")
        result = gpg.encrypt(data, imported.fingerprints[0], always_trust=True, armor=True)
        if not result.ok:
            raise EncryptionError(f"GnuPG refused to encrypt: {result.status}")
        return str(result)


def encrypt_alternatives(
    text: str, html: str, armored_key: str, *, subject: str = "", protected: tuple[tuple[str, str], ...] = ()
) -> str:
    """Encrypt a text+HTML message body; returns the armoured ciphertext of the inner MIME part.

    ``subject`` (and any other ``protected`` headers, such as From and To) travel inside the
    encryption as protected headers (draft-autocrypt-lamps-protected-headers, "v1"): the inner part
    carries them and says so in its Content-Type, and OpenPGP mail clients (Thunderbird among them)
    show them in place of the outer ones, which then say nothing about the message (``neutral_subject``).
    """
    inner = MIMEMultipart("alternative")
    inner.attach(MIMEText(text, "plain", "utf-8"))
    if html:
        inner.attach(MIMEText(html, "html", "utf-8"))
    headers = ((("Subject", subject),) if subject else ()) + tuple(protected)
    if headers:
        inner.set_param("protected-headers", "v1")
        for name, value in headers:
            if "\r" in value or "\n" in value:
                raise mime.HeaderInjection("A header value may not contain a line break.")
            inner[name] = value if value.isascii() else Header(value, "utf-8", header_name=name)
    return encrypt(inner.as_bytes(), armored_key)


def neutral_subject(language: str) -> str:
    """The outer subject of an encrypted message: the real one is protected inside (no label, State or name)."""
    with translation.override(language):
        return gettext("%(site_name)s: encrypted message") % {"site_name": settings.SITE_NAME}


# RFC 3156: the outer multipart/encrypted names its protocol; a control part, then the ciphertext.
PGP_MIME_MULTIPART = {"multipart": "encrypted", "params": 'protocol="application/pgp-encrypted"'}


def pgp_mime_parts(armored: str) -> list[mime.Part]:
    return [
        mime.seven_bit_part(
            "application/pgp-encrypted", "Version: 1", [("Content-Description", "PGP/MIME version identification")]
        ),
        mime.seven_bit_part(
            'application/octet-stream; name="encrypted.asc"',
            armored,
            [
                ("Content-Description", "OpenPGP encrypted message"),
                ("Content-Disposition", 'inline; filename="encrypted.asc"'),
            ],
        ),
    ]
