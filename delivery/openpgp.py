"""OpenPGP encryption of outgoing mail (PGP/MIME, RFC 3156) through GnuPG.

The inner message (plain text and HTML alternatives) is encrypted to the
recipient's public key when it is queued, so the outbox only ever holds
ciphertext. A key that GnuPG will not encrypt to (expired, revoked, no
encryption subkey) raises EncryptionError.
"""

import email.policy
import tempfile
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate

import gnupg
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME


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


def encrypt_alternatives(text: str, html: str, armored_key: str) -> str:
    """Encrypt a text+HTML message body; returns the armoured ciphertext of the inner MIME part."""
    inner = MIMEMultipart("alternative")
    inner.attach(MIMEText(text, "plain", "utf-8"))
    if html:
        inner.attach(MIMEText(html, "html", "utf-8"))
    return encrypt(inner.as_bytes(), armored_key)


class PGPMIMEMessage(EmailMessage):
    """A multipart/encrypted message carrying already-encrypted, armoured content."""

    def __init__(self, *, armored: str, **kwargs):
        super().__init__(body="", **kwargs)
        self.armored = armored

    def message(self, *, policy=email.policy.default):
        # The policy matters: the SMTP backend asks for CRLF line ends (email.policy.SMTP).
        message = MIMEMultipart("encrypted", policy=policy, protocol="application/pgp-encrypted")
        control = MIMEApplication(b"Version: 1\n", "pgp-encrypted", _encoder=_seven_bit)
        control["Content-Description"] = "PGP/MIME version identification"
        payload = MIMEApplication(self.armored.encode("ascii"), "octet-stream", _encoder=_seven_bit)
        payload["Content-Description"] = "OpenPGP encrypted message"
        payload["Content-Disposition"] = 'inline; filename="encrypted.asc"'
        message.attach(control)
        message.attach(payload)
        message["Subject"] = str(self.subject)
        message["From"] = str(self.extra_headers.get("From", self.from_email))
        message["To"] = ", ".join(str(address) for address in self.to)
        message["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        message["Message-ID"] = make_msgid(domain=DNS_NAME)
        for name, value in self.extra_headers.items():
            if name.lower() not in ("from", "to"):
                message[name] = value
        return message


def _seven_bit(part) -> None:
    part.set_payload(part.get_payload(decode=True).decode("ascii"))
    part["Content-Transfer-Encoding"] = "7bit"
