"""Ping rounds built by hand, already run, for the results, the round's page and the browser tests."""

import uuid
from datetime import timedelta

from django.utils import timezone

from directory.choices import RoleKind
from directory.models import Participation
from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory, state
from mail.models import EmailStatus, OutboundEmail
from pings.models import Channel, MessageKind, Ping, PingMessage, PingRound, PingStatus, RoundStatus, RoundTrigger

TECHNICAL = (RoleKind.TECHNICAL,)


def closed_round(directory, days_ago: int = 40) -> PingRound:
    started = timezone.now() - timedelta(days=days_ago)
    return PingRound.objects.create(
        directory=directory,
        trigger=RoundTrigger.MANUAL,
        started_at=started,
        closes_at=started + timedelta(days=14),
        closed_at=started + timedelta(days=14),
        status=RoundStatus.CLOSED,
    )


def member(directory, iso3: str, kinds=TECHNICAL, name: str | None = None):
    """A contact of the State nominated to the directory (the State joining it if needed)."""
    country = state(iso3)
    Participation.objects.get_or_create(directory=directory, state=country)
    contact = ContactFactory(institution=InstitutionFactory(state=country), **({"name": name} if name else {}))
    for kind in kinds:
        NominationFactory(directory=directory, contact=contact, role=directory.roles.get(kind=kind))
    return contact


def ping(
    ping_round: PingRound,
    contact,
    answered_after: timedelta | None = None,
    *,
    changes: bool = False,
    delivered: bool = True,
    reminders: int = 0,
) -> Ping:
    """The contact's ping, sent five minutes into the round, with its e-mails and their delivery."""
    sent_at = ping_round.started_at + timedelta(minutes=5)
    answered = answered_after is not None
    if answered:
        status = PingStatus.CHANGES if changes else PingStatus.CONFIRMED
    else:
        status = PingStatus.UNREACHABLE if ping_round.status == RoundStatus.CLOSED else PingStatus.PENDING
    created = Ping.objects.create(
        round=ping_round,
        contact=contact,
        state=contact.institution.state,
        token_hash=uuid.uuid4().hex,
        code_hash=uuid.uuid4().hex,
        language="en",
        status=status,
        sent_at=sent_at,
        answered_at=sent_at + answered_after if answered else None,
        channel=Channel.LINK if answered else "",
        reminders_sent=reminders,
    )
    created.nominations.set(contact.nominations.filter(directory=ping_round.directory))
    for kind in [MessageKind.PING] + [MessageKind.REMINDER] * reminders:
        email = OutboundEmail.objects.create(
            purpose=f"ping-{kind}",
            to_address=contact.emails.first().address,
            subject="Ping",
            body_text="",
            language="en",
            status=EmailStatus.SENT if delivered else EmailStatus.FAILED,
            sent_at=sent_at if delivered else None,
        )
        PingMessage.objects.create(ping=created, email=email, kind=kind)
    return created
