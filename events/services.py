"""What happens to an event: it is saved (its calendar SEQUENCE counts the changes), people register or cancel (the
waiting list moves up), the manager records who attended, and the reminder goes out once before it starts.

Registering and cancelling lock the event's row, so two people taking the last place at the same moment cannot
both get it, and a cancellation moves up exactly one waiting person. The reminder is claimed row by row
(``enlace.row_claims``): two workers running the job at once send each reminder once.
"""

from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.row_claims import skipping_locked
from events.choices import EventStatus, RegistrationStatus
from events.models import Event, EventDocument, Registration
from mail.services import queue_email_to_account
from repository import files

# What a calendar that already holds the event must update when it changes.
CALENDAR_FIELDS = ("title", "status", "starts_at", "ends_at", "time_zone", "place", "online_link", "agenda")


class NotAllowedNow(ValueError):
    """The step cannot be taken now (the event is not announced, or has ended); the message says why."""


def save_event(event: Event, *, changed: set[str] | None = None) -> Event:
    """Save the event; a change a calendar shows bumps its SEQUENCE so that subscribed calendars take it. When the
    change cancels it, everyone registered or waiting is told (their registrations stand, should it come back)."""
    if event.pk and changed is not None and changed & set(CALENDAR_FIELDS):
        event.sequence += 1
    with transaction.atomic():
        event.save()
        if changed and "status" in changed and event.is_cancelled:
            _tell_of_cancellation(event)
    return event


def _tell_of_cancellation(event: Event) -> None:
    for registration in Registration.objects.filter(event=event).active().select_related("user"):
        queue_email_to_account(
            registration.user,
            template="events/email/cancelled",
            context=_email_context(event, registration.user),
            purpose="event_cancelled",
        )


def _email_context(event: Event, user) -> dict:
    """What every e-mail about an event shows: its times in its zone and the reader's, and its page."""
    return {
        "event": event,
        "time_zone": user.time_zone,
        "link": event.get_absolute_url(),
        "site_url": settings.SITE_URL,
    }


def register(event: Event, user, *, now: datetime | None = None) -> Registration:
    """Give the person a place if one is left, else put them at the end of the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status != EventStatus.PUBLISHED or event.ends_at <= now:
            raise NotAllowedNow(_("Registration is open only for an announced event that has not ended."))
        registration = Registration.objects.filter(event=event, user=user).first()
        if registration is not None and registration.status != RegistrationStatus.CANCELLED:
            return registration
        taken = Registration.objects.filter(event=event).registered().count()
        has_place = event.capacity is None or taken < event.capacity
        status = RegistrationStatus.REGISTERED if has_place else RegistrationStatus.WAITING
        if registration is None:
            return Registration.objects.create(event=event, user=user, status=status, queued_at=now)
        registration.status, registration.queued_at, registration.reminded_at = status, now, None
        registration.save(update_fields=["status", "queued_at", "reminded_at", "updated"])
        return registration


def cancel(registration: Registration) -> Registration | None:
    """Cancel a place (or a place in the queue); returns whom the freed place went to, if anyone, who is told."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        held_a_place = registration.status == RegistrationStatus.REGISTERED
        if registration.status == RegistrationStatus.CANCELLED:
            return None
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated"])
        if not held_a_place or event.status != EventStatus.PUBLISHED:
            return None
        taken = Registration.objects.filter(event=event).registered().count()
        if event.capacity is not None and taken >= event.capacity:
            return None
        promoted = Registration.objects.filter(event=event).waiting_in_order().select_related("user").first()
        if promoted is None:
            return None
        promoted.status = RegistrationStatus.REGISTERED
        promoted.save(update_fields=["status", "updated"])
        queue_email_to_account(
            promoted.user,
            template="events/email/moved_up",
            context=_email_context(event, promoted.user),
            purpose="event_moved_up",
        )
        return promoted


def record_attendance(event: Event, attended_ids: set[int]) -> int:
    """The manager's record after the event: who of those registered came; returns how many did."""
    registered = Registration.objects.filter(event=event).registered()
    with transaction.atomic():
        registered.filter(pk__in=attended_ids).update(attended=True, updated=timezone.now())
        registered.exclude(pk__in=attended_ids).update(attended=False, updated=timezone.now())
    return len(attended_ids & set(registered.values_list("pk", flat=True)))


def attach_file(event: Event, *, title: str, upload: UploadedFile) -> EventDocument:
    """Attach a file checked by its content (``repository.files``: PDF and office documents only);
    raises ``files.UnacceptableFile``."""
    kind = files.identify(upload)
    document = EventDocument(event=event, title=title, file_type=kind.extension)
    document.file.save(f"upload.{kind.extension}", upload, save=False)
    document.save()
    return document


def send_due_reminders(now: datetime | None = None) -> int:
    """E-mail every registered person whose event's reminder time has come; each reminder once, whatever the
    number of workers or runs. Returns how many were queued."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(skipping_locked(Registration.objects.due_reminders(now)).values_list("pk", flat=True))
        if not due:
            return 0
        # The claim: only rows still unreminded are taken (on SQLite, where rows are not locked, this is it).
        claimed = Registration.objects.filter(pk__in=due, reminded_at__isnull=True)
        ids = list(claimed.values_list("pk", flat=True))
        Registration.objects.filter(pk__in=ids, reminded_at__isnull=True).update(reminded_at=now)
        for registration in Registration.objects.filter(pk__in=ids).select_related("event__directory", "user"):
            queue_email_to_account(
                registration.user,
                template="events/email/reminder",
                context=_email_context(registration.event, registration.user),
                purpose="event_reminder",
            )
    return len(ids)
