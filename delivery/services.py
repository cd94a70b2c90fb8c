"""The one way Enlace sends e-mail: queue_email() writes an outbox row; a worker delivers it.

Requests never talk to the mail server: they queue a row (in their own
transaction) and a background task delivers it, retrying temporary failures
with back-off and recording every attempt. Bulk senders (a ping round) queue
many rows without a task each and start one batch delivery, which sends over a
single SMTP connection.
"""

import logging
import smtplib
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from delivery import mime, openpgp
from delivery.models import DeliveryAttempt, EmailStatus, OutboundEmail, UndeliverableAddress

logger = logging.getLogger(__name__)

# A message left "sending" this long (its worker died) is put back in the queue.
CLAIM_TIMEOUT = timedelta(minutes=15)
BATCH_SIZE = 500


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(template: str, context: dict, language: str) -> RenderedEmail:
    """Render a template trio (``_subject.txt``, ``.txt``, ``.html``) in ``language``."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
        return RenderedEmail(
            subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
            text=render_to_string(f"{template}.txt", context),
            html=render_to_string(f"{template}.html", context),
        )


def queue_email(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    purpose: str,
    sensitive: bool = False,
    encrypt_to: str = "",
    enqueue: bool = True,
) -> OutboundEmail:
    """Render ``template`` in ``language`` and queue it for ``to``.

    ``sensitive`` messages (they carry a secret link) keep their bodies only until
    delivered. ``encrypt_to`` (an armoured OpenPGP public key) sends it as PGP/MIME:
    only ciphertext is stored. ``enqueue=False`` leaves delivery to a batch the
    caller starts (``deliver_queued_emails``) or to the every-minute sweep.
    Raises ``openpgp.EncryptionError`` if the key cannot be used.
    """
    rendered = render_email(template, context, language)
    body_text, body_html = rendered.text, rendered.html
    if encrypt_to:
        body_text, body_html = openpgp.encrypt_alternatives(rendered.text, rendered.html, encrypt_to), ""
    email = OutboundEmail.objects.create(
        purpose=purpose,
        to_address=to,
        subject=rendered.subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        sensitive=sensitive,
        pgp_encrypted=bool(encrypt_to),
        next_attempt_at=timezone.now(),
    )
    if enqueue:
        from delivery.tasks import deliver_email

        transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


@dataclass(frozen=True)
class Letter:
    """One message to queue in bulk (see queue_many)."""

    to: str
    rendered: RenderedEmail
    language: str
    purpose: str
    sensitive: bool = False
    encrypt_to: str = ""


def queue_many(letters: list[Letter]) -> list[OutboundEmail]:
    """Queue many rendered messages in one insert; the caller starts ``deliver_queued_emails``.

    Raises ``openpgp.EncryptionError`` if a key cannot be used (nothing is queued then).
    """
    now = timezone.now()
    rows = []
    for letter in letters:
        body_text, body_html = letter.rendered.text, letter.rendered.html
        if letter.encrypt_to:
            body_text, body_html = openpgp.encrypt_alternatives(body_text, body_html, letter.encrypt_to), ""
        rows.append(
            OutboundEmail(
                purpose=letter.purpose,
                to_address=letter.to,
                subject=letter.rendered.subject,
                body_text=body_text,
                body_html=body_html,
                language=letter.language,
                sensitive=letter.sensitive,
                pgp_encrypted=bool(letter.encrypt_to),
                next_attempt_at=now,
            )
        )
    return OutboundEmail.objects.bulk_create(rows)


def start_bulk_delivery() -> None:
    """After the current transaction commits, deliver everything queued, in batches."""
    from delivery.tasks import deliver_queued_emails

    transaction.on_commit(deliver_queued_emails.enqueue)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes, at most six hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def describe_error(error: Exception) -> str:
    """The server's own answer where there is one ("550 5.1.1 No such user"), for people to read."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = "; ".join(
            f"{address}: {code} {message.decode(errors='replace')}"
            for address, (code, message) in error.recipients.items()
        )
        return f"Recipient refused: {answers}"
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        return f"{error.smtp_code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
    return f"{type(error).__name__}: {error}"


def claim(email_id: int) -> bool:
    """Take one message for this worker; False if it is not due or another worker has it."""
    return (
        OutboundEmail.objects.filter(
            pk=email_id, status=EmailStatus.QUEUED, next_attempt_at__lte=timezone.now()
        ).update(status=EmailStatus.SENDING, claimed_at=timezone.now())
        == 1
    )


def claim_batch(limit: int = BATCH_SIZE) -> list[int]:
    """Take up to ``limit`` due messages; several workers never take the same one."""
    now = timezone.now()
    with transaction.atomic():
        due = OutboundEmail.objects.due(now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        # SQLite serialises writers (IMMEDIATE transactions), so this update is the claim there.
        OutboundEmail.objects.filter(pk__in=ids, status=EmailStatus.QUEUED).update(
            status=EmailStatus.SENDING, claimed_at=now
        )
    return ids


def deliver(email_id: int) -> EmailStatus | None:
    """Send one queued message once. Safe to call twice or from several workers."""
    if not claim(email_id):
        return None
    email = OutboundEmail.objects.get(pk=email_id)
    _send_claimed([email])
    return EmailStatus(email.status)


def deliver_batch(limit: int = BATCH_SIZE) -> int:
    """Claim and send up to ``limit`` due messages over one SMTP connection; returns how many were tried."""
    ids = claim_batch(limit)
    if ids:
        _send_claimed(list(OutboundEmail.objects.filter(pk__in=ids).order_by("pk")))
    return len(ids)


def _send_claimed(emails: list[OutboundEmail]) -> None:
    """Send claimed messages over one SMTP connection, recording each outcome as soon as it is known.

    Each success is written (one UPDATE, committed) before the next message goes,
    so a worker killed mid-batch leaves at most the message on the wire to be
    sent again when its claim is released.
    """
    backend = mailers.default
    sender = mime.Sender.parse(settings.DEFAULT_FROM_EMAIL)
    successes: list[DeliveryAttempt] = []
    tried = 0
    try:
        backend.open()
        with _fast_commits():
            for email in emails:
                started, clock = timezone.now(), time.monotonic()
                tried += 1
                try:
                    backend.connection.sendmail(
                        sender.envelope, [_envelope_address(email.to_address)], message_bytes(email, sender)
                    )
                except (smtplib.SMTPException, OSError) as error:
                    _record_failure(email, started, clock, error)
                    if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                        # The connection is gone: reopen it for the rest of the batch.
                        backend.close()
                        backend.open()
                else:
                    _mark_sent(email)
                    successes.append(
                        DeliveryAttempt(email=email, started_at=started, duration_ms=_elapsed_ms(clock), succeeded=True)
                    )
    except (smtplib.SMTPException, OSError) as error:
        # The server could not be reached (again): every message not yet tried fails temporarily.
        for email in emails[tried:]:
            _record_failure(email, timezone.now(), time.monotonic(), error)
    finally:
        backend.close()
        # Successful attempts are history, not state: written together, after the batch.
        DeliveryAttempt.objects.bulk_create(successes)


def message_bytes(email: OutboundEmail, sender: mime.Sender) -> bytes:
    """The message as it goes on the wire: text and HTML alternatives, or a PGP/MIME envelope."""
    envelope = mime.Envelope(
        sender=sender,
        to=email.to_address,
        subject=email.subject,
        extra_headers=(("Auto-Submitted", "auto-generated"), ("X-Enlace-Message", str(email.code))),
    )
    if email.pgp_encrypted:
        return mime.build(envelope, openpgp.pgp_mime_parts(email.body_text), **openpgp.PGP_MIME_MULTIPART)
    parts = [mime.text_part(email.body_text, "plain")]
    if email.body_html:
        parts.append(mime.text_part(email.body_html, "html"))
    return mime.build(envelope, parts)


def _envelope_address(address: str) -> str:
    # Addresses are validated when saved; only an internationalised domain needs work (IDNA).
    return address if address.isascii() else mailers.default.prep_address(address)


@contextmanager
def _fast_commits():
    """On PostgreSQL, do not wait for the disk on each delivery mark.

    A killed worker loses nothing this way (the server has the commit); only a
    crash of PostgreSQL itself could forget the last fraction of a second of
    marks, and those few messages would be sent again. Waiting for the disk
    instead would cost a flush per message.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _mark_sent(email: OutboundEmail) -> None:
    now = timezone.now()
    email.status, email.sent_at, email.attempts, email.last_error = EmailStatus.SENT, now, email.attempts + 1, ""
    _scrub_if_sensitive(email)
    with connection.cursor() as cursor:
        cursor.execute(
            _MARK_SENT_SCRUBBED if email.sensitive else _MARK_SENT,
            [EmailStatus.SENT.value, *[connection.ops.adapt_datetimefield_value(now)] * 2, email.pk],
        )


# The one statement per message on the hot path, written out rather than built by the ORM each
# time (compiling an ORM update costs more than the round trip to the database). The table name
# is the model's own.
_MARK_SENT = (
    f"UPDATE {OutboundEmail._meta.db_table} SET status = %s, sent_at = %s, attempts = attempts + 1, "  # noqa: S608
    "last_error = '', updated = %s WHERE id = %s"
)
_MARK_SENT_SCRUBBED = _MARK_SENT.replace(" WHERE", ", body_text = '', body_html = '' WHERE")


def _elapsed_ms(clock: float) -> int:
    return int((time.monotonic() - clock) * 1000)


def _record_failure(email: OutboundEmail, started, clock: float, error: Exception) -> None:
    permanent = _is_permanent(error)
    text = describe_error(error)
    email.attempts += 1
    email.last_error = text
    if permanent or email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        email.status = EmailStatus.FAILED
        email.next_attempt_at = None
        _scrub_if_sensitive(email)
        logger.warning("Giving up on e-mail %s to %s: %s", email.code, email.to_address, text)
        if permanent:
            UndeliverableAddress.record(email.to_address, text)
    else:
        email.status = EmailStatus.QUEUED
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        logger.info("E-mail %s to %s will be retried: %s", email.code, email.to_address, text)
    with transaction.atomic():
        email.save(
            update_fields=["status", "attempts", "last_error", "next_attempt_at", "body_text", "body_html", "updated"]
        )
        DeliveryAttempt.objects.create(
            email=email,
            started_at=started,
            duration_ms=_elapsed_ms(clock),
            succeeded=False,
            permanent_failure=permanent,
            error=text,
        )


def _scrub_if_sensitive(email: OutboundEmail) -> None:
    if email.sensitive:
        email.body_text = ""
        email.body_html = ""


def release_abandoned_claims() -> int:
    """Put back in the queue messages whose worker died while sending."""
    return OutboundEmail.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=timezone.now() - CLAIM_TIMEOUT
    ).update(status=EmailStatus.QUEUED, next_attempt_at=timezone.now())
