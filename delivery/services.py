"""The one way Enlace sends e-mail: queue_email() writes an outbox row; deliver() sends it.

Requests never talk to the mail server: they queue a row (in their own
transaction) and a background task delivers it, retrying temporary failures
with back-off and recording every attempt.
"""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from delivery.models import DeliveryAttempt, EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)

# A message left "sending" this long (its worker died) is put back in the queue.
CLAIM_TIMEOUT = timedelta(minutes=15)


def queue_email(
    *, to: str, template: str, context: dict, language: str, purpose: str, sensitive: bool = False
) -> OutboundEmail:
    """Render ``template`` (a trio: _subject.txt, .txt, .html) in ``language`` and queue it.

    ``sensitive`` messages (they carry a secret link) keep their bodies only until delivered.
    """
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body_text = render_to_string(f"{template}.txt", context)
        body_html = render_to_string(f"{template}.html", context)
    email = OutboundEmail.objects.create(
        purpose=purpose,
        to_address=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        sensitive=sensitive,
        next_attempt_at=timezone.now(),
    )
    from delivery.tasks import deliver_email

    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes, at most six hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def claim(email_id: int) -> bool:
    """Take the message for this worker; False if it is not due or another worker has it."""
    return (
        OutboundEmail.objects.filter(
            pk=email_id, status=EmailStatus.QUEUED, next_attempt_at__lte=timezone.now()
        ).update(status=EmailStatus.SENDING, claimed_at=timezone.now())
        == 1
    )


def deliver(email_id: int) -> EmailStatus | None:
    """Send one queued message once. Safe to call twice or from several workers."""
    if not claim(email_id):
        return None
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        connection=mailers.default,
        headers={"Auto-Submitted": "auto-generated", "X-Enlace-Message": str(email.code)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    started = timezone.now()
    clock = time.monotonic()
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        permanent = _is_permanent(error)
        _record_failure(email, started, clock, error, permanent)
    else:
        DeliveryAttempt.objects.create(email=email, started_at=started, duration_ms=_elapsed_ms(clock), succeeded=True)
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.attempts += 1
        email.last_error = ""
        _scrub_if_sensitive(email)
        email.save(update_fields=["status", "sent_at", "attempts", "last_error", "body_text", "body_html", "updated"])
    return EmailStatus(email.status)


def _elapsed_ms(clock: float) -> int:
    return int((time.monotonic() - clock) * 1000)


def _record_failure(email: OutboundEmail, started, clock: float, error: Exception, permanent: bool) -> None:
    text = f"{type(error).__name__}: {error}"
    DeliveryAttempt.objects.create(
        email=email,
        started_at=started,
        duration_ms=_elapsed_ms(clock),
        succeeded=False,
        permanent_failure=permanent,
        error=text,
    )
    email.attempts += 1
    email.last_error = text
    if permanent or email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        email.status = EmailStatus.FAILED
        email.next_attempt_at = None
        _scrub_if_sensitive(email)
        logger.warning("Giving up on e-mail %s to %s: %s", email.code, email.to_address, text)
    else:
        email.status = EmailStatus.QUEUED
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        logger.info("E-mail %s to %s will be retried: %s", email.code, email.to_address, text)
    email.save(
        update_fields=["status", "attempts", "last_error", "next_attempt_at", "body_text", "body_html", "updated"]
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
