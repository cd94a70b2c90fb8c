"""OpenPGP encryption of outgoing mail (PGP/MIME, RFC 3156) through GnuPG.

The inner message (plain text and HTML alternatives) is encrypted to the
recipient's public key when it is queued, so the outbox only ever holds
ciphertext. A key that GnuPG will not encrypt to (expired, revoked, no
encryption subkey) raises EncryptionError.
"""

import tempfile
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import gnupg
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from delivery import mime


class EncryptionError(Exception):
    pass


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
