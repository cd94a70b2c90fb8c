"""Communications between two States: send, acknowledge, answer, remind, escalate. Views and jobs call these.

Confidentiality (the directory does not keep confidential information): the envelope is always kept; the content only
for TLP:CLEAR and TLP:GREEN. For AMBER and above the content is rendered in
memory, encrypted to each recipient's OpenPGP key and queued as ciphertext in a
*sensitive* outbox row, whose body the delivery worker blanks once the message
is delivered (or given up on). The task queue only ever holds outbox ids, and
nothing here logs a field value. Later messages (reminders, escalation) carry
the envelope and the acknowledgement link, never AMBER+ content: Enlace no
longer has it.

Every future step is a ``ScheduledAction`` row written when the communication
is sent; ``run_due_actions`` claims each due row with a conditional update, so
several workers (or a rerun) never do a step twice.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import coordinators_of
from communication_templates.content import render_values
from communication_templates.models import TemplateKind, TemplateVersion
from communications.models import (
    TLP_CONTENT_KEPT,
    ActionKind,
    Audience,
    Communication,
    CommunicationStatus,
    Deadlines,
    EscalationStep,
    EscalationTarget,
    Event,
    EventKind,
    Recipient,
    RecipientReason,
    ReminderSchedule,
    ScheduledAction,
    Tlp,
)
from directory.models import Contact, Directory, Nomination, State
from mail.languages import account_language, recipient_language
from mail.services import queue_email
from tokens.links import derived_token, hash_token

# The default ladder: when technical points of contact cannot be reached, the diplomatic ones carry the
# communication, so the recipient State's diplomatic points of contact as soon as the acknowledgement
# deadline passes, then its national coordinator a day later.
DEFAULT_LADDER = ((EscalationTarget.DIPLOMATIC, 0), (EscalationTarget.COORDINATOR, 24))
ACTION_CHUNK = 100


def install_default_ladder(directory: Directory) -> int:
    """Give ``directory`` the default escalation ladder if it has none (idempotent); returns steps added."""
    if EscalationStep.objects.filter(directory=directory).exists():
        return 0
    EscalationStep.objects.bulk_create(
        EscalationStep(directory=directory, position=position, target=target, delay_hours=delay)
        for position, (target, delay) in enumerate(DEFAULT_LADDER, start=1)
    )
    return len(DEFAULT_LADDER)


# --- Who receives --------------------------------------------------------------------------------


def addressees(directory: Directory, state: State, audience: str) -> list[Contact]:
    """The contacts ``state`` nominated to ``audience`` (technical or diplomatic) in ``directory``."""
    contact_ids = (
        Nomination.objects.active()
        .filter(directory=directory, state=state, role__kind=audience)
        .values_list("contact_id", flat=True)
    )
    return list(
        Contact.objects.filter(pk__in=contact_ids).prefetch_related("emails", "languages").order_by("name", "pk")
    )


def keeps_content(tlp: str) -> bool:
    return tlp in TLP_CONTENT_KEPT


def lacking_keys(contacts: list[Contact], tlp: str) -> list[Contact]:
    """Who cannot receive a communication under ``tlp`` through Enlace (AMBER and above need a key)."""
    if keeps_content(tlp):
        return []
    return [contact for contact in contacts if not contact.encryption_key()]


# --- Sending ---------------------------------------------------------------------------------------


@dataclass
class Draft:
    """What a sender filled in; ``values`` are the template fields (``ContentForm.values()``)."""

    directory: Directory
    version: TemplateVersion
    sender_state: State
    recipient_state: State
    audience: str
    tlp: str
    urgency: str
    language: str
    values: dict
    is_exercise: bool = False
    in_reply_to: Communication | None = None
    # Contacts to reach beside the audience (an answer also goes to the original's sender).
    also: list[Contact] = field(default_factory=list)
    # Deadlines other than the directory's (an exercise's inject sets its own); None: the directory's.
    acknowledge_within: timedelta | None = None
    answer_within: timedelta | None = None


def recipients_of(draft: Draft) -> list[Contact]:
    contacts = addressees(draft.directory, draft.recipient_state, draft.audience)
    seen = {contact.pk for contact in contacts}
    return contacts + [contact for contact in draft.also if contact.pk not in seen]


def check_draft(draft: Draft) -> list[Contact]:
    """The contacts it would reach; ValidationError (changing nothing) when it cannot be sent."""
    if draft.sender_state == draft.recipient_state:
        raise ValidationError(_("A communication goes to another State than the sender's."), code="same_state")
    if not draft.directory.participations.filter(state=draft.recipient_state).exists():
        raise ValidationError(
            _("%(state)s does not take part in %(directory)s.")
            % {"state": draft.recipient_state.name, "directory": draft.directory},
            code="not_participating",
        )
    contacts = recipients_of(draft)
    if not contacts:
        raise ValidationError(
            _("%(state)s has no %(audience)s in %(directory)s: choose the other audience or another channel.")
            % {
                "state": draft.recipient_state.name,
                "audience": Audience(draft.audience).label.lower(),
                "directory": draft.directory,
            },
            code="no_recipients",
        )
    missing = lacking_keys(contacts, draft.tlp)
    if len(missing) == len(contacts):
        raise ValidationError(
            _(
                "None of the recipients has a usable OpenPGP key, so a %(tlp)s communication cannot go through "
                "Enlace. Use another agreed channel, or a TLP:CLEAR or TLP:GREEN label if the content allows it."
            )
            % {"tlp": Tlp(draft.tlp).label},
            code="no_keys",
        )
    return contacts


def send(draft: Draft, *, user, now: datetime | None = None) -> Communication:
    """Record the envelope, deliver to every recipient that may receive it, schedule reminders and escalation.

    Recipients without a usable key are left out of AMBER+ communications (and the
    timeline says so). Raises ValidationError, changing nothing, if it cannot be sent.
    """
    now = now or timezone.now()
    contacts = check_draft(draft)
    keep = keeps_content(draft.tlp)
    keys = {} if keep else {contact.pk: contact.encryption_key() for contact in contacts}
    directory = draft.directory
    is_answer = draft.in_reply_to is not None
    # An answer has no deadlines of its own; the original's still run.
    deadlines = None if is_answer else Deadlines.of(directory)
    with transaction.atomic():
        communication = Communication.objects.create(
            directory=directory,
            template_version=draft.version,
            in_reply_to=draft.in_reply_to,
            sender_state=draft.sender_state,
            recipient_state=draft.recipient_state,
            sent_by=user,
            audience=draft.audience,
            tlp=draft.tlp,
            urgency=draft.urgency,
            is_exercise=draft.is_exercise,
            language=draft.language,
            content=draft.values if keep else {},
            sent_at=now,
            acknowledge_by=None
            if is_answer
            else now + (draft.acknowledge_within or timedelta(hours=deadlines.acknowledgement_hours)),
            answer_by=None if is_answer else now + (draft.answer_within or timedelta(days=deadlines.answer_days)),
        )
        reached = []
        for contact in contacts:
            key = "" if keep else keys[contact.pk]
            if not keep and not key:
                Event.objects.create(
                    communication=communication, kind=EventKind.KEY_MISSING, at=now, detail=str(contact)
                )
                continue
            recipient = _add_recipient(communication, contact=contact, reason=RecipientReason.ADDRESSEE)
            _deliver_communication(communication, recipient, draft.values, encrypt_to=key)
            reached.append(str(contact))
        Event.objects.create(
            communication=communication, kind=EventKind.SENT, at=now, by_user=user, detail=", ".join(reached)
        )
        if is_answer:
            _record_answer(draft.in_reply_to, communication, user=user, now=now)
        else:
            _schedule(communication)
    return communication


def _add_recipient(communication: Communication, *, contact=None, user=None, reason: str, step=None) -> Recipient:
    recipient = Recipient(
        communication=communication,
        contact=contact,
        user=user,
        reason=reason,
        escalation_step=step,
        language=recipient_language(contact.language_codes) if contact else account_language(user),
    )
    recipient.token_hash = hash_token(acknowledgement_token(recipient))
    recipient.save()
    return recipient


def acknowledgement_token(recipient: Recipient) -> str:
    """The recipient's own acknowledgement link token (recomputed from SECRET_KEY; only its hash is stored)."""
    return derived_token("communication", str(recipient.code))


def find_by_token(token: str) -> Recipient | None:
    return (
        Recipient.objects.select_related("communication__directory", "communication__sender_state", "contact")
        .filter(token_hash=hash_token(token))
        .first()
    )


def _addresses(recipient: Recipient) -> list[str]:
    if recipient.contact_id:
        return [email.address for email in recipient.contact.emails.all()]
    return [recipient.user.email]


def _context(communication: Communication, recipient: Recipient) -> dict:
    return {
        "communication": communication,
        "recipient": recipient,
        "title": communication.template_version.localized(recipient.language).title,
        "time_zone": recipient.time_zone,
        "acknowledge_link": reverse("communications:acknowledge_link", args=[acknowledgement_token(recipient)]),
        "detail_link": communication.get_absolute_url(),
    }


def _deliver_communication(communication: Communication, recipient: Recipient, values: dict, *, encrypt_to: str):
    """The communication itself, with its content in the recipient's language (encrypted for AMBER+)."""
    version = communication.template_version
    context = {
        **_context(communication, recipient),
        "fixed_text": version.localized(recipient.language).fixed_text,
        "values": render_values(version, values, recipient.language),
        "free_text_language": communication.language,
    }
    if encrypt_to:
        Recipient.objects.filter(pk=recipient.pk).update(encrypted=True)
    for address in _addresses(recipient):
        queue_email(
            to=address,
            template="communications/email/communication",
            context=context,
            language=recipient.language,
            purpose="communication",
            # Always: the acknowledgement link is a secret, and AMBER+ content must not outlive delivery.
            sensitive=True,
            encrypt_to=encrypt_to,
        )


def _schedule(communication: Communication) -> None:
    """Reminders before both deadlines and the escalation ladder, as rows with due times."""
    sent, acknowledge_by, answer_by = communication.sent_at, communication.acknowledge_by, communication.answer_by
    schedule = ReminderSchedule.of(communication.directory)
    actions = []
    acknowledgement_reminders = set()
    if schedule.acknowledgement_at_half_time:
        acknowledgement_reminders.add(sent + (acknowledge_by - sent) / 2)
    if schedule.acknowledgement_hours_before:
        acknowledgement_reminders.add(acknowledge_by - timedelta(hours=schedule.acknowledgement_hours_before))
    for step, due in enumerate(sorted(acknowledgement_reminders), start=1):
        if sent < due < acknowledge_by:
            actions.append(
                ScheduledAction(
                    communication=communication, kind=ActionKind.ACKNOWLEDGEMENT_REMINDER, step=step, due_at=due
                )
            )
    for step, days in enumerate(sorted(set(schedule.answer_days)), start=1):
        due = sent + timedelta(days=days)
        if sent < due < answer_by:
            actions.append(
                ScheduledAction(communication=communication, kind=ActionKind.ANSWER_REMINDER, step=step, due_at=due)
            )
    due = acknowledge_by
    for step in communication.directory.escalation_steps.order_by("position"):
        due += timedelta(hours=step.delay_hours)
        actions.append(
            ScheduledAction(
                communication=communication,
                kind=ActionKind.ESCALATION,
                step=step.position,
                target=step.target,
                due_at=due,
            )
        )
    ScheduledAction.objects.bulk_create(actions)


# --- Acknowledging and answering --------------------------------------------------------------------


def acknowledge(communication: Communication, *, user=None, recipient: Recipient | None = None, now=None) -> bool:
    """Record the acknowledgement once; stops reminders and escalation. False if it was already acknowledged."""
    now = now or timezone.now()
    with transaction.atomic():
        if not Communication.objects.filter(
            pk=communication.pk, status=CommunicationStatus.SENT, in_reply_to__isnull=True
        ).update(status=CommunicationStatus.ACKNOWLEDGED, acknowledged_at=now, updated=now):
            return False
        communication.refresh_from_db()
        communication.actions.pending().filter(
            kind__in=[ActionKind.ACKNOWLEDGEMENT_REMINDER, ActionKind.ESCALATION]
        ).update(cancelled=True)
        Event.objects.create(
            communication=communication,
            kind=EventKind.ACKNOWLEDGED,
            at=now,
            by_user=user,
            by_contact=recipient.contact if recipient else None,
            detail=str(recipient.name if recipient else (user or "")),
        )
        _tell_sender(communication, "acknowledged", {"by": recipient.name if recipient else str(user)})
    return True


def _record_answer(original: Communication, answer: Communication, *, user, now) -> None:
    """An answer acknowledges (if not yet) and answers the original, and ends its reminders and escalation."""
    updated = Communication.objects.filter(pk=original.pk, status=CommunicationStatus.SENT).update(
        status=CommunicationStatus.ANSWERED, acknowledged_at=now, answered_at=now, updated=now
    ) or Communication.objects.filter(pk=original.pk, status=CommunicationStatus.ACKNOWLEDGED).update(
        status=CommunicationStatus.ANSWERED, answered_at=now, updated=now
    )
    original.actions.pending().update(cancelled=True)
    Event.objects.create(
        communication=original,
        kind=EventKind.ANSWERED,
        at=now,
        by_user=user,
        detail=str(answer.code) if updated else "",
    )


def answer_draft(original: Communication, *, sender_state: State) -> dict:
    """What an answer to ``original`` is bound to: the directory's *answer* template, the way back."""
    template = original.directory.communication_templates.active().of_kind(TemplateKind.ANSWER).order_by("pk").first()
    if template is None:
        raise ValidationError(_("This directory has no answer template."), code="no_answer_template")
    sender = getattr(original.sent_by, "contact", None)
    return {
        "directory": original.directory,
        "version": template.current_version,
        "sender_state": sender_state,
        "recipient_state": original.sender_state,
        "in_reply_to": original,
        "also": [sender] if sender and sender.state == original.sender_state else [],
    }


# --- Reminders and escalation --------------------------------------------------------------------------


def run_due_actions(now: datetime | None = None) -> int:
    """Do every reminder and escalation step that is due; each claimed once, whoever runs it."""
    now = now or timezone.now()
    done = 0
    while True:
        due = list(ScheduledAction.objects.due(now).select_related("communication__directory")[:ACTION_CHUNK])
        if not due:
            return done
        for action in due:
            with transaction.atomic():
                if not ScheduledAction.objects.filter(pk=action.pk, done_at__isnull=True, cancelled=False).update(
                    done_at=now
                ):
                    continue  # another worker has it
                _perform(action, now)
            done += 1


def _perform(action: ScheduledAction, now: datetime) -> None:
    communication = action.communication
    if action.kind == ActionKind.ESCALATION:
        if communication.status == CommunicationStatus.SENT:
            escalate(communication, action.step, action.target, now=now)
        return
    if action.kind == ActionKind.ACKNOWLEDGEMENT_REMINDER:
        waiting = communication.status == CommunicationStatus.SENT
        deadline = communication.acknowledge_by
    else:
        waiting = communication.status in (CommunicationStatus.SENT, CommunicationStatus.ACKNOWLEDGED)
        deadline = communication.answer_by
    # A job that ran late does not send a reminder of a deadline already past (escalation takes over),
    # nor two reminders at once when a later one is also due: the later one says it all.
    superseded = ScheduledAction.objects.filter(
        communication=communication, kind=action.kind, due_at__gt=action.due_at, due_at__lte=now
    ).exists()
    if waiting and now < deadline and not superseded:
        remind(communication, action.kind, now=now)


def remind(communication: Communication, kind: str, *, now: datetime) -> int:
    """Remind every recipient of the deadline ahead; envelope and links only, never content."""
    recipients = list(communication.recipients.select_related("contact", "user").prefetch_related("contact__emails"))
    for recipient in recipients:
        key = _follow_up_key(communication, recipient.contact if recipient.contact_id else recipient.user)
        for address in _addresses(recipient):
            queue_email(
                to=address,
                template="communications/email/reminder",
                context={**_context(communication, recipient), "answer_reminder": kind == ActionKind.ANSWER_REMINDER},
                language=recipient.language,
                purpose="communication-reminder",
                sensitive=True,
                encrypt_to=key,
            )
    label = _("acknowledgement") if kind == ActionKind.ACKNOWLEDGEMENT_REMINDER else _("answer")
    Event.objects.create(
        communication=communication,
        kind=EventKind.REMINDER,
        at=now,
        detail=f"{label}: {', '.join(recipient.name for recipient in recipients)}",
    )
    return len(recipients)


def escalate(communication: Communication, position: int, target: str, *, now: datetime, user=None) -> list[Recipient]:
    """Reach the people of one rung of the ladder and tell the sender; returns the new recipients."""
    known_contacts = set(communication.recipients.exclude(contact=None).values_list("contact_id", flat=True))
    known_users = set(communication.recipients.exclude(user=None).values_list("user_id", flat=True))
    reached = []
    if target == EscalationTarget.COORDINATOR:
        for coordinator in coordinators_of(communication.recipient_state_id):
            if coordinator.pk not in known_users:
                reached.append(
                    _add_recipient(communication, user=coordinator, reason=RecipientReason.ESCALATION, step=position)
                )
    else:
        for contact in addressees(communication.directory, communication.recipient_state, target):
            if contact.pk not in known_contacts:
                reached.append(
                    _add_recipient(communication, contact=contact, reason=RecipientReason.ESCALATION, step=position)
                )
    for recipient in reached:
        content = communication.content if communication.keeps_content else None
        key = _follow_up_key(communication, recipient.contact if recipient.contact_id else recipient.user)
        for address in _addresses(recipient):
            queue_email(
                to=address,
                template="communications/email/escalation",
                context={
                    **_context(communication, recipient),
                    "values": render_values(communication.template_version, content, recipient.language)
                    if content
                    else None,
                    "free_text_language": communication.language,
                },
                language=recipient.language,
                purpose="communication-escalation",
                sensitive=True,
                encrypt_to=key,
            )
    Communication.objects.filter(pk=communication.pk, escalation_level__lt=position).update(
        escalation_level=position, updated=now
    )
    names = ", ".join(recipient.name for recipient in reached)
    Event.objects.create(
        communication=communication,
        kind=(EventKind.ESCALATED_BY_HAND if user else EventKind.ESCALATED) if reached else EventKind.ESCALATION_EMPTY,
        at=now,
        by_user=user,
        detail=f"{EscalationTarget(target).label}: {names}" if reached else str(EscalationTarget(target).label),
    )
    _tell_sender(
        communication, "escalated", {"target": EscalationTarget(target).label, "names": names, "by_hand": bool(user)}
    )
    return reached


class NothingToEscalate(Exception):
    """Every step of the ladder has been taken, or the communication no longer awaits acknowledgement."""


def next_escalation(communication: Communication) -> ScheduledAction | None:
    """The step ``escalate_by_hand`` would take now, if any."""
    if communication.status != CommunicationStatus.SENT:
        return None
    return communication.actions.pending().filter(kind=ActionKind.ESCALATION).order_by("step").first()


def escalate_by_hand(communication: Communication, *, user, now: datetime | None = None) -> list[Recipient]:
    """Take the next step of the ladder now, instead of at its time."""
    now = now or timezone.now()
    if communication.status != CommunicationStatus.SENT:
        raise NothingToEscalate
    with transaction.atomic():
        pending = communication.actions.pending().filter(kind=ActionKind.ESCALATION)
        step = pending.aggregate(first=Min("step"))["first"]
        action = pending.filter(step=step).first()
        if action is None or not pending.filter(pk=action.pk).update(done_at=now):
            raise NothingToEscalate
        return escalate(communication, action.step, action.target, now=now, user=user)


def set_ladder(directory: Directory, steps: list[tuple[str, int]]) -> None:
    """Replace the directory's escalation ladder; communications already sent keep the one they had."""
    if not steps:
        raise ValidationError(_("Keep at least one step: an unacknowledged communication must go somewhere."))
    with transaction.atomic():
        directory.escalation_steps.all().delete()
        EscalationStep.objects.bulk_create(
            EscalationStep(directory=directory, position=position, target=target, delay_hours=delay)
            for position, (target, delay) in enumerate(steps, start=1)
        )


def _tell_sender(communication: Communication, what: str, extra: dict) -> None:
    sender = communication.sent_by
    if not sender or not sender.is_active:
        return
    language = account_language(sender)
    queue_email(
        to=sender.email,
        template=f"communications/email/{what}",
        context={
            "communication": communication,
            "title": communication.template_version.localized(language).title,
            "time_zone": sender.time_zone,
            "detail_link": communication.get_absolute_url(),
            **extra,
        },
        language=language,
        purpose=f"communication-{what}",
        encrypt_to=_follow_up_key(communication, sender),
    )


def _follow_up_key(communication: Communication, person) -> str:
    """Reminders, escalations and news to the sender of an AMBER+ communication go encrypted where the person
    (a contact, or a user through its contact record) has a usable key: their subject names the label, the
    States and the title, which then travel only inside the ciphertext."""
    if communication.keeps_content or person is None:
        return ""
    contact = person if isinstance(person, Contact) else getattr(person, "contact", None)
    return contact.encryption_key() if contact is not None else ""


# --- Statistics ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthStatistics:
    month: datetime
    sent: int
    acknowledged_in_time: int
    median_hours_to_acknowledge: float | None
    median_days_to_answer: float | None


def monthly_statistics(directory: Directory) -> list[MonthStatistics]:
    """Anonymised: per month of sending, how many real communications were acknowledged within their
    deadline, and the median time to acknowledge and to answer. No State, no content."""
    rows = (
        Communication.objects.filter(directory=directory)
        .expecting_reply()
        .real()
        .values_list("sent_at", "acknowledge_by", "acknowledged_at", "answered_at")
        .order_by("sent_at")
    )
    months: dict[datetime, list] = defaultdict(list)
    for row in rows:
        months[row[0].replace(day=1, hour=0, minute=0, second=0, microsecond=0)].append(row)
    result = []
    for month, items in sorted(months.items(), reverse=True):
        acknowledged = [(ack - sent).total_seconds() / 3600 for sent, _by, ack, _ans in items if ack]
        answered = [(ans - sent).total_seconds() / 86400 for sent, _by, _ack, ans in items if ans]
        result.append(
            MonthStatistics(
                month=month,
                sent=len(items),
                acknowledged_in_time=sum(1 for _sent, by, ack, _ans in items if ack and ack <= by),
                median_hours_to_acknowledge=statistics.median(acknowledged) if acknowledged else None,
                median_days_to_answer=statistics.median(answered) if answered else None,
            )
        )
    return result
