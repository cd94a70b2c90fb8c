"""Running an exercise: schedule, start, pause, resume, send what is due, end. Views and the worker call these.

Every step that the worker and a controller could both take (start an exercise, send an inject, end) is
claimed by a conditional update first, so two workers, or a worker and a controller's "send now", never
do it twice.
"""

import contextlib
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communications import services as communications
from communications.models import ScheduledAction
from directory.models import Contact, Nomination, State
from exercises.choices import CheckChannel, ExerciseStatus, InjectStatus
from exercises.models import CheckMessage, Exercise, Inject, InjectDelivery
from mail.languages import recipient_language
from mail.services import queue_email
from tokens.links import derived_token, hash_token


class NotAllowedNow(Exception):
    """The exercise is not in a state that allows this step (the message says why, in the reader's words)."""


# --- Preparing ----------------------------------------------------------------------------------------


def check_ready(exercise: Exercise) -> None:
    """ValidationError (changing nothing) naming what keeps ``exercise`` from being scheduled."""
    problems = []
    if exercise.starts_at is None or exercise.ends_at is None:
        problems.append(_("Set when the exercise starts and ends."))
    elif exercise.ends_at <= exercise.starts_at:
        problems.append(_("The exercise must end after it starts."))
    if not exercise.participating_states().exists():
        problems.append(_("Choose at least one participating State."))
    if exercise.is_check and not exercise.roles:
        problems.append(_("Choose the roles the communication check addresses."))
    if not exercise.is_check and not exercise.injects.exists():
        problems.append(_("Add at least one inject to the scenario."))
    if not exercise.controllers.exists():
        problems.append(_("Name at least one controller."))
    if problems:
        raise ValidationError(problems)


def schedule(exercise: Exercise) -> None:
    """A draft becomes scheduled: the worker starts it at its start time (or a controller earlier)."""
    if exercise.is_template or exercise.status != ExerciseStatus.DRAFT:
        raise NotAllowedNow(_("Only a draft exercise can be scheduled."))
    check_ready(exercise)
    Exercise.objects.filter(pk=exercise.pk, status=ExerciseStatus.DRAFT).update(
        status=ExerciseStatus.SCHEDULED, updated=timezone.now()
    )
    exercise.refresh_from_db()


def unschedule(exercise: Exercise) -> None:
    """Back to a draft, to change it before it starts."""
    if not Exercise.objects.filter(pk=exercise.pk, status=ExerciseStatus.SCHEDULED).update(
        status=ExerciseStatus.DRAFT, updated=timezone.now()
    ):
        raise NotAllowedNow(_("Only a scheduled exercise that has not started can go back to a draft."))
    exercise.refresh_from_db()


def next_position(exercise: Exercise) -> int:
    last = exercise.injects.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


# --- Starting, pausing, ending ------------------------------------------------------------------------


def start(exercise: Exercise, *, now: datetime | None = None) -> bool:
    """Start a scheduled exercise (once, whoever asks first): time its injects, or send the check's messages.

    False if another worker or controller started it already.
    """
    now = now or timezone.now()
    with transaction.atomic():
        if not Exercise.objects.filter(pk=exercise.pk, status=ExerciseStatus.SCHEDULED).update(
            status=ExerciseStatus.RUNNING, started_at=now, updated=now
        ):
            return False
        exercise.refresh_from_db()
        for inject in exercise.injects.filter(offset_minutes__isnull=False):
            Inject.objects.filter(pk=inject.pk).update(due_at=now + timedelta(minutes=inject.offset_minutes))
        if exercise.is_check:
            send_check(exercise, now=now)
    return True


def pause(exercise: Exercise, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if not Exercise.objects.filter(pk=exercise.pk, status=ExerciseStatus.RUNNING, paused_at__isnull=True).update(
        paused_at=now, updated=now
    ):
        raise NotAllowedNow(_("Only a running exercise can be paused."))
    exercise.refresh_from_db()


def resume(exercise: Exercise, *, now: datetime | None = None) -> None:
    """Carry on where the exercise paused: every inject not yet sent moves later by the time it was paused."""
    now = now or timezone.now()
    with transaction.atomic():
        paused = (
            Exercise.objects.select_for_update()
            .filter(pk=exercise.pk, status=ExerciseStatus.RUNNING, paused_at__isnull=False)
            .values_list("paused_at", flat=True)
            .first()
        )
        if paused is None:
            raise NotAllowedNow(_("Only a paused exercise can be resumed."))
        exercise.injects.pending().filter(due_at__isnull=False).update(due_at=F("due_at") + (now - paused))
        Exercise.objects.filter(pk=exercise.pk).update(paused_at=None, updated=now)
    exercise.refresh_from_db()


def end(exercise: Exercise, *, now: datetime | None = None) -> bool:
    """End a running exercise: its injects not yet sent are never sent, and its communications' reminders and
    escalation steps stop (answers still count until their deadlines). False if it had ended already."""
    now = now or timezone.now()
    with transaction.atomic():
        ended = Exercise.objects.filter(pk=exercise.pk, status=ExerciseStatus.RUNNING).update(
            status=ExerciseStatus.ENDED, ended_at=now, paused_at=None, updated=now
        )
        if ended:
            ScheduledAction.objects.pending().filter(
                communication__exercise_delivery__inject__exercise=exercise
            ).update(cancelled=True)
    exercise.refresh_from_db()
    return bool(ended)


def mark_reported(exercise: Exercise) -> None:
    """The after-action report is written: the exercise is done."""
    if not Exercise.objects.filter(pk=exercise.pk, status=ExerciseStatus.ENDED).update(
        status=ExerciseStatus.REPORTED, updated=timezone.now()
    ):
        raise NotAllowedNow(_("Only an ended exercise can be marked as reported."))
    exercise.refresh_from_db()


def publish_report(exercise: Exercise, published: bool) -> None:
    if published and not exercise.has_ended:
        raise NotAllowedNow(_("The report can be published once the exercise has ended."))
    Exercise.objects.filter(pk=exercise.pk).update(report_published=published, updated=timezone.now())
    exercise.refresh_from_db()


# --- Communication checks ------------------------------------------------------------------------------


def check_token(message: CheckMessage) -> str:
    """The message's own acknowledgement link token (recomputed from SECRET_KEY; only its hash is stored)."""
    return derived_token("exercise-check", str(message.code))


def message_by_token(token: str) -> CheckMessage | None:
    return (
        CheckMessage.objects.select_related("exercise__directory", "contact", "state")
        .filter(token_hash=hash_token(token))
        .first()
    )


def check_recipients(exercise: Exercise) -> list[Contact]:
    """The contacts the participating States nominated, in the roles the check addresses."""
    contact_ids = (
        Nomination.objects.active()
        .filter(
            directory_id=exercise.directory_id,
            role__kind__in=exercise.roles,
            state__in=exercise.participating_states(),
        )
        .values("contact_id")
    )
    return list(
        Contact.objects.filter(pk__in=contact_ids)
        .select_related("institution__state")
        .prefetch_related("emails", "languages")
        .order_by("pk")
    )


def send_check(exercise: Exercise, *, now: datetime | None = None) -> int:
    """Send each point of contact the check's message (once: a contact already sent one is skipped)."""
    now = now or timezone.now()
    already = set(exercise.check_messages.values_list("contact_id", flat=True))
    sent = 0
    for contact in check_recipients(exercise):
        if contact.pk in already:
            continue
        _send_check_message(exercise, contact, now)
        sent += 1
    return sent


def _send_check_message(exercise: Exercise, contact: Contact, now: datetime) -> CheckMessage:
    key = contact.encryption_key()
    message = CheckMessage(
        exercise=exercise,
        contact=contact,
        state=contact.state,
        language=recipient_language(contact.language_codes),
        encrypted=bool(key),
        sent_at=now,
        acknowledge_by=now + timedelta(hours=exercise.acknowledgement_hours),
    )
    message.token_hash = hash_token(check_token(message))
    message.save()
    context = {
        "exercise": exercise,
        "message": message,
        "contact": contact,
        "time_zone": contact.time_zone,
        "acknowledge_link": reverse("exercises:acknowledge", args=[check_token(message)]),
    }
    emails = [
        queue_email(
            to=email.address,
            template="exercises/email/check",
            context=context,
            language=message.language,
            purpose="exercise",
            # The acknowledgement link is a secret: the body is blanked once delivered.
            sensitive=True,
            encrypt_to=key,
        )
        for email in contact.emails.all()
    ]
    message.emails.set(emails)
    return message


def acknowledge_check(
    message: CheckMessage, *, channel: str, now: datetime | None = None, user=None, note: str = ""
) -> bool:
    """Record the acknowledgement once (the first one counts). False if it was acknowledged already."""
    now = now or timezone.now()
    if channel not in CheckChannel.values:
        raise ValueError(channel)
    done = CheckMessage.objects.filter(
        pk=message.pk,
        acknowledged_at__isnull=True,
        exercise__status__in=[ExerciseStatus.RUNNING, ExerciseStatus.ENDED],
    ).update(acknowledged_at=now, channel=channel, note=note, recorded_by=user, updated=now)
    message.refresh_from_db()
    return bool(done)


# --- Scenarios ---------------------------------------------------------------------------------------------


def addressed_states(inject: Inject) -> list[State]:
    """The States an inject reaches: those it names that still play, or every participating State; never
    the State it comes from."""
    states = inject.exercise.participating_states().exclude(pk=inject.sender_state_id)
    chosen = list(inject.states.values_list("pk", flat=True))
    if chosen:
        states = states.filter(pk__in=chosen)
    return list(states)


def send_inject(inject: Inject, *, now: datetime | None = None, user=None) -> bool:
    """Send an inject to every State it addresses, as exercise communications (once, whoever asks first).

    A State with no one in the role addressed is recorded as not reached. The injects that follow this
    one are timed from now. False if the inject had gone out already.
    """
    now = now or timezone.now()
    exercise = inject.exercise
    sender = user or exercise.created_by or exercise.controllers.order_by("pk").first()
    with transaction.atomic():
        if not Inject.objects.filter(
            pk=inject.pk, status=InjectStatus.PENDING, exercise__status=ExerciseStatus.RUNNING
        ).update(status=InjectStatus.SENT, sent_at=now, updated=now):
            return False
        inject.refresh_from_db()
        version = inject.template.current_version
        for state in addressed_states(inject):
            communication = None
            draft = communications.Draft(
                directory=exercise.directory,
                version=version,
                sender_state=inject.sender_state,
                recipient_state=state,
                audience=inject.audience,
                tlp=inject.tlp,
                urgency="routine",
                language=inject.language,
                values=inject.values,
                is_exercise=True,
                acknowledge_within=timedelta(hours=inject.acknowledge_within_hours)
                if inject.acknowledge_within_hours
                else None,
                answer_within=timedelta(hours=inject.answer_within_hours) if inject.answer_within_hours else None,
            )
            # A State with no one to reach in the role addressed: the board shows it as not reached.
            with contextlib.suppress(ValidationError):
                communication = communications.send(draft, user=sender, now=now)
            InjectDelivery.objects.create(inject=inject, state=state, communication=communication)
        for follower in Inject.objects.filter(follows=inject, status=InjectStatus.PENDING):
            Inject.objects.filter(pk=follower.pk).update(due_at=now + timedelta(minutes=follower.delay_minutes))
    return True


def add_inject_while_running(exercise: Exercise, inject: Inject, *, send_now: bool, user, now=None) -> Inject:
    """An ad-hoc inject a controller adds to a running exercise: sent at once or at its offset from now."""
    now = now or timezone.now()
    if not exercise.is_running:
        raise NotAllowedNow(_("Injects can be added during the exercise only while it runs."))
    inject.exercise = exercise
    inject.position = next_position(exercise)
    inject.added_while_running = True
    if inject.offset_minutes is not None:
        inject.due_at = now + timedelta(minutes=inject.offset_minutes)
    inject.save()
    if send_now:
        send_inject(inject, now=now, user=user)
    return inject


def mark_action(delivery: InjectDelivery, *, outcome: str, note: str, user) -> None:
    InjectDelivery.objects.filter(pk=delivery.pk).update(
        action_outcome=outcome, action_note=note, marked_by=user, updated=timezone.now()
    )
    delivery.refresh_from_db()


# --- The worker ----------------------------------------------------------------------------------------------


def run_due(now: datetime | None = None) -> dict[str, int]:
    """Everything an exercise's clock has made due: starts, injects, ends (each claimed once)."""
    now = now or timezone.now()
    started = sum(start(exercise, now=now) for exercise in Exercise.objects.due_to_start(now))
    sent = 0
    for inject in Inject.objects.due(now).select_related("exercise__directory", "template"):
        sent += send_inject(inject, now=now)
    ended = sum(end(exercise, now=now) for exercise in Exercise.objects.due_to_end(now))
    return {"started": started, "injects": sent, "ended": ended}
