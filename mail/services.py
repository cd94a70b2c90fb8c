"""The one way Enlace sends e-mail: queue_email() writes an outbox row; a worker delivers it.

Requests never talk to the mail server: they queue a row (in their own
transaction) and a background task delivers it, retrying temporary failures
with back-off and recording every attempt. Bulk senders (a ping round) queue
many rows without a task each and start one batch delivery, which sends over a
few SMTP connections at once (``EMAIL_CONNECTIONS``, see ``mail.smtp_connections``).
"""

import logging
import smtplib
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import psycopg
from django.conf import settings
from django.core.mail import mailers
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from enlace.bulk_insert import insert_rows
from enlace.row_claims import skipping_locked
from mail import mime, openpgp, smtp_connections
from mail.languages import account_language
from mail.models import DeliveryAttempt, EmailStatus, OutboundEmail, SharedBody, UndeliverableAddress
from mail.placeholders import fill

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
    return queue_rendered(
        to=to,
        rendered=rendered,
        language=language,
        purpose=purpose,
        sensitive=sensitive,
        encrypt_to=encrypt_to,
        enqueue=enqueue,
    )


def queue_email_to_account(user, *, template: str, context: dict, purpose: str, **options) -> OutboundEmail:
    """``queue_email`` to an account's address, in the language its e-mails are written in (``account_language``:
    the one it reads Enlace in, else its contact's). ``options`` are ``queue_email``'s."""
    return queue_email(
        to=user.email, template=template, context=context, language=account_language(user), purpose=purpose, **options
    )


def queue_rendered(
    *,
    to: str,
    rendered: RenderedEmail,
    language: str,
    purpose: str,
    sensitive: bool = False,
    encrypt_to: str = "",
    enqueue: bool = True,
) -> OutboundEmail:
    """Queue a message already rendered (by a library's own templates, e.g. allauth's), as ``queue_email`` does."""
    subject, body_text, body_html = rendered.subject, rendered.text, rendered.html
    if encrypt_to:
        subject, body_text, body_html = _encrypted(rendered, to, language, encrypt_to)
    email = OutboundEmail.objects.create(
        purpose=purpose,
        to_address=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        sensitive=sensitive,
        pgp_encrypted=bool(encrypt_to),
        next_attempt_at=timezone.now(),
    )
    if enqueue:
        from mail.tasks import deliver_email

        transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


@dataclass(frozen=True)
class EmailToQueue:
    """One message to queue in bulk (see queue_many; ``merge.MailMerge.letter`` makes merged ones)."""

    to: str
    rendered: RenderedEmail
    language: str
    purpose: str
    sensitive: bool = False
    encrypt_to: str = ""
    # A mail-merged letter: the body every copy shares, and this recipient's values for it.
    shared_body: SharedBody | None = None
    merge_values: dict | None = None


def queue_many(letters: list[EmailToQueue]) -> list[int]:
    """Queue many rendered messages at once; returns their outbox ids. The caller starts ``deliver_queued_emails``.

    Raises ``openpgp.EncryptionError`` if a key cannot be used (nothing is queued then).
    """
    now = timezone.now()
    rows = []
    for letter in letters:
        subject, body_text, body_html = letter.rendered.subject, letter.rendered.text, letter.rendered.html
        if letter.encrypt_to:
            subject, body_text, body_html = _encrypted(letter.rendered, letter.to, letter.language, letter.encrypt_to)
        rows.append(
            (
                letter.purpose,
                letter.to,
                subject,
                body_text,
                body_html,
                letter.shared_body.pk if letter.shared_body else None,
                letter.merge_values or {},
                letter.language,
                letter.sensitive,
                bool(letter.encrypt_to),
                now,
            )
        )
    return insert_rows(OutboundEmail, _QUEUED_COLUMNS, rows)


def _encrypted(rendered: RenderedEmail, to: str, language: str, armored_key: str) -> tuple[str, str, str]:
    """Subject, text and HTML of the outbox row of an encrypted message: the outer subject says nothing; the
    real one (with From and To) is a protected header inside the ciphertext, so neither the wire nor the
    outbox shows the TLP label, the States or the names a subject would."""
    armored = openpgp.encrypt_alternatives(
        rendered.text,
        rendered.html,
        armored_key,
        subject=rendered.subject,
        protected=(
            ("From", mime.Sender.parse(settings.DEFAULT_FROM_EMAIL).header),
            ("To", mime.encode_address("", to)),
        ),
    )
    return openpgp.neutral_subject(language), armored, ""


_QUEUED_COLUMNS = [
    "purpose",
    "to_address",
    "subject",
    "body_text",
    "body_html",
    "shared_body_id",
    "merge_values",
    "language",
    "sensitive",
    "pgp_encrypted",
    "next_attempt_at",
]


def start_bulk_delivery() -> None:
    """After the current transaction commits, deliver everything queued, in batches."""
    from mail.tasks import deliver_queued_emails

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
        due = skipping_locked(due)
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
    """Claim and send up to ``limit`` due messages (see ``_send_claimed``); returns how many were tried."""
    ids = claim_batch(limit)
    if ids:
        _send_claimed(list(OutboundEmail.objects.filter(pk__in=ids).order_by("pk")))
    return len(ids)


def _send_claimed(emails: list[OutboundEmail]) -> None:
    """Send claimed messages over a few SMTP connections, recording each outcome as soon as it is known.

    Each lane's message is recorded (committed) before that lane sends its next,
    so a worker killed mid-batch leaves at most one message per lane on the wire
    to be sent again when its claim is released (see ``mail.smtp_connections``).
    """
    sender = mime.Sender.parse(settings.DEFAULT_FROM_EMAIL)
    successes: list[tuple] = []  # (email id, started, duration in ms, succeeded)
    shared = SharedBody.objects.in_bulk({email.shared_body_id for email in emails if email.shared_body_id})

    def build(email: OutboundEmail) -> tuple[str, list[str], bytes]:
        return (
            sender.envelope,
            [_envelope_address(email.to_address)],
            message_bytes(email, sender, shared.get(email.shared_body_id)),
        )

    def record(outcomes: list[smtp_connections.Outcome]) -> None:
        sent = [outcome for outcome in outcomes if outcome.error is None]
        if sent:
            _mark_sent([outcome.email for outcome in sent])
            successes.extend((outcome.email.pk, outcome.started, _elapsed_ms(outcome.clock), True) for outcome in sent)
        for outcome in outcomes:
            if outcome.error is not None:
                _record_failure(outcome.email, outcome.started, outcome.clock, outcome.error)

    def unreachable(left: list[OutboundEmail], error: Exception) -> None:
        # The server could not be reached (again): every message not yet tried fails temporarily.
        for email in left:
            _record_failure(email, timezone.now(), time.monotonic(), error)

    try:
        with _fast_commits():
            smtp_connections.send(
                emails, lanes=settings.EMAIL_CONNECTIONS, build=build, record=record, on_unreachable=unreachable
            )
    finally:
        # Successful attempts are history, not state: written together, after the batch.
        insert_rows(DeliveryAttempt, ["email_id", "started_at", "duration_ms", "succeeded"], successes)


def message_bytes(email: OutboundEmail, sender: mime.Sender, shared_body: SharedBody | None = None) -> bytes:
    """The message as it goes on the wire: text and HTML alternatives, or a PGP/MIME envelope.

    A mail-merged message (``shared_body``) gets its recipient's values filled in here.
    """
    headers = [("Auto-Submitted", "auto-generated"), ("X-Enlace-Message", str(email.code))]
    if email.language:
        # RFC 3282: the language the message is written in, as a BCP 47 tag ("zh-Hans").
        headers.append(("Content-Language", mime.language_tag(email.language)))
    envelope = mime.Envelope(sender=sender, to=email.to_address, subject=email.subject, extra_headers=tuple(headers))
    if email.pgp_encrypted:
        return mime.build(envelope, openpgp.pgp_mime_parts(email.body_text), **openpgp.PGP_MIME_MULTIPART)
    text, html = email.body_text, email.body_html
    if email.shared_body_id:
        shared_body = shared_body or SharedBody.objects.get(pk=email.shared_body_id)
        text = fill(shared_body.body_text, email.merge_values, escape_html=False)
        html = fill(shared_body.body_html, email.merge_values, escape_html=True)
    parts = [mime.text_part(text, "plain")]
    if html:
        parts.append(mime.text_part(html, "html"))
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


def _mark_sent(emails: list[OutboundEmail]) -> None:
    """Record messages the server accepted (one statement for all), blanking sensitive bodies."""
    now = timezone.now()
    for email in emails:
        email.status, email.sent_at, email.attempts, email.last_error = EmailStatus.SENT, now, email.attempts + 1, ""
        _scrub_if_sensitive(email)
    ids = [email.pk for email in emails]
    if connection.vendor == "postgresql":
        # Straight to psycopg as a prepared statement with server-side parameters: the ORM would
        # compile this update and quote its parameters each time, costing more than the round trip.
        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:  # server-side binding, unlike Django's cursors
            cursor.execute(_MARK_SENT_POSTGRESQL, [now, now, ids], prepare=True)
        return
    with connection.cursor() as cursor:
        stamp = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(_MARK_SENT.format(ids=", ".join(["%s"] * len(ids))), [stamp, stamp, *ids])


# The one statement per delivery on the hot path; the table name is the model's own.
_MARK_SENT = (
    f"UPDATE {OutboundEmail._meta.db_table} SET status = '{EmailStatus.SENT.value}', "  # noqa: S608
    "sent_at = %s, attempts = attempts + 1, last_error = '', updated = %s, "
    "body_text = CASE WHEN sensitive THEN '' ELSE body_text END, "
    "body_html = CASE WHEN sensitive THEN '' ELSE body_html END, "
    "merge_values = CASE WHEN sensitive THEN '{{}}' ELSE merge_values END "
    "WHERE id IN ({ids})"
)
_MARK_SENT_POSTGRESQL = _MARK_SENT.replace("IN ({ids})", "= ANY(%s)").replace("{{}}", "{}")


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
            update_fields=[
                "status",
                "attempts",
                "last_error",
                "next_attempt_at",
                "body_text",
                "body_html",
                "merge_values",
                "updated",
            ]
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
        email.merge_values = {}


def release_abandoned_claims() -> int:
    """Put back in the queue messages whose worker died while sending."""
    return OutboundEmail.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=timezone.now() - CLAIM_TIMEOUT
    ).update(status=EmailStatus.QUEUED, next_attempt_at=timezone.now())
