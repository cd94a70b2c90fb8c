"""The events of the demo's UN directory: the yearly meeting of the points of contact in New York (its places taken,
two people waiting), an online training, and a workshop in Nairobi. Called by the demo's builder (``load_demo``)."""

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from accounts.models import Role, User
from directory.models import Directory
from events import services
from events.choices import EventKind, EventStatus
from events.models import Event

MEETING_TITLE = "Annual meeting of the points of contact"


def _at(day: datetime, hour: int, minute: int, zone: str) -> datetime:
    """``hour:minute`` on that day in ``zone``, in UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _event(directory: Directory, manager, *, day: datetime, hours: tuple, zone: str, **fields) -> Event:
    starts, ends = _at(day, *hours[0], zone), _at(day, *hours[1], zone)
    return services.save_event(
        Event(
            directory=directory,
            status=EventStatus.PUBLISHED,
            starts_at=starts,
            ends_at=ends,
            time_zone=zone,
            created_by=manager,
            **fields,
        )
    )


def build(directory: Directory, now: datetime, rng: random.Random) -> None:
    manager = User.objects.filter(role_assignments__role=Role.MANAGER, role_assignments__directory=directory).first()
    meeting = _event(
        directory,
        manager,
        kind=EventKind.MEETING,
        title=MEETING_TITLE,
        day=now + timedelta(days=45),
        hours=((10, 0), (17, 0)),
        zone="America/New_York",
        place="United Nations Headquarters, Conference Room 4, New York",
        online_link="https://meet.example.org/un-poc-annual",
        agenda="1. Opening\n2. Reports of the States on their points of contact\n3. Lessons of the year's exercises\n"
        "4. Programme for the next year",
        capacity=3,
        is_public=True,
    )
    _event(
        directory,
        manager,
        kind=EventKind.TRAINING,
        title="Training: answering a request for assistance",
        day=now + timedelta(days=14),
        hours=((14, 0), (15, 30)),
        zone="Europe/Vienna",
        online_link="https://meet.example.org/un-poc-training",
        agenda="How to acknowledge, answer and escalate a request for assistance in Enlace.",
        capacity=40,
    )
    _event(
        directory,
        manager,
        kind=EventKind.WORKSHOP,
        title="Regional workshop on incident notification",
        day=now + timedelta(days=70),
        hours=((9, 0), (16, 0)),
        zone="Africa/Nairobi",
        place="United Nations Office at Nairobi, Gigiri",
        capacity=25,
        is_public=True,
    )
    # Participants with accounts register, in an order of their own: the last two wait for a place.
    participants = list(
        User.objects.filter(is_active=True, contact__nominations__directory=directory).distinct().order_by("pk")
    )
    participants += list(
        User.objects.filter(
            role_assignments__role=Role.COORDINATOR, role_assignments__state__participations__directory=directory
        )
        .exclude(pk__in=[user.pk for user in participants])
        .distinct()
        .order_by("pk")
    )
    rng.shuffle(participants)
    for user in participants[:5]:
        services.register(meeting, user, now=now)
