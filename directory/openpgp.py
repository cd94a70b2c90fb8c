"""Reading OpenPGP public keys that contacts paste in (through GnuPG, never our own crypto)."""

import logging
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import gnupg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from delivery import openpgp as encryption

if TYPE_CHECKING:
    from directory.models import Contact

logger = logging.getLogger(__name__)


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
            _("This is a private key. Never share it: paste only the public key block."), code="private_key"
        )
    if "-----BEGIN PGP PUBLIC KEY BLOCK-----" not in text:
        raise ValidationError(
            _("Paste an ASCII-armoured OpenPGP public key, starting with -----BEGIN PGP PUBLIC KEY BLOCK-----."),
            code="not_armoured",
        )
    with tempfile.TemporaryDirectory() as home:
        try:
            keys = gnupg.GPG(gpgbinary=settings.GPG_BINARY, gnupghome=home).scan_keys_mem(text)
        except OSError:
            # python-gnupg raises OSError when the gpg program is missing: an operator's problem.
            logger.error("GnuPG (gpg) is not installed; OpenPGP keys cannot be read.")
            raise ValidationError(
                _("OpenPGP keys cannot be checked on this server right now. Please try again later."),
                code="gpg_unavailable",
            ) from None
    public_keys = [key for key in keys if key.get("type") == "pub"]
    if not public_keys:
        raise ValidationError(_("This OpenPGP key block could not be read; it may be damaged."), code="unreadable")
    if len(public_keys) > 1:
        raise ValidationError(
            _("This block holds %(count)d keys; paste exactly one.") % {"count": len(public_keys)}, code="many_keys"
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


def encryption_key(contact: "Contact") -> str:
    """The key Enlace encrypts to for this contact, or "" when there is none it can use.

    A key counts only if it has not passed the expiry read from it and GnuPG will encrypt to it
    (not revoked, with an encryption subkey): every message, ping or communication, and every page
    that says whether one will go encrypted, asks this.
    """
    if not contact.pgp_key or contact.pgp_key_expired:
        return ""
    refusal = _refusal(contact.pgp_key, timezone.now().date())
    if refusal:
        logger.warning("Cannot encrypt to the key of contact %s: %s", contact.code, refusal)
        return ""
    return contact.pgp_key


@lru_cache(maxsize=1024)
def _refusal(key: str, today: date) -> str:
    """Why GnuPG will not encrypt to ``key``, or "" when it will.

    Asking GnuPG costs a process (tens of milliseconds), and a page that lists contacts asks for each.
    The answer is kept per key and day: it changes only with the key's text (a revocation is published
    as a new text of the key) or with the day (a subkey expires).
    """
    try:
        encryption.encrypt(b"probe", key)
    except encryption.EncryptionError as error:
        return str(error) or "refused"
    return ""
