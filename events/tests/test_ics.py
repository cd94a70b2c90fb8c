"""An event's calendar file: read by two independent readers (icalendar, vobject), in its own zone with that zone's
definition, at the right UTC moment on either side of a change of daylight saving time; its UID never changes and
its SEQUENCE counts the changes."""

from datetime import UTC, datetime

import pytest
import vobject
from icalendar import Calendar

from events import ics, services
from events.tests.gathering import build_gathering, new_event

__all__ = ["build_gathering"]  # the fixture ``gathering``


def _in_zone(gathering, zone: str, local: datetime):
    from zoneinfo import ZoneInfo

    return new_event(gathering.network.oas, starts_at=local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC), zone=zone)


@pytest.mark.parametrize(
    ("zone", "local", "utc"),
    [
        # 10:00 in New York the week before the clocks go forward (EST, UTC-5), and the week after (EDT, UTC-4).
        ("America/New_York", datetime(2031, 3, 3, 10), datetime(2031, 3, 3, 15, tzinfo=UTC)),
        ("America/New_York", datetime(2031, 3, 17, 10), datetime(2031, 3, 17, 14, tzinfo=UTC)),
        # India keeps UTC+05:30 all year.
        ("Asia/Kolkata", datetime(2031, 3, 17, 10), datetime(2031, 3, 17, 4, 30, tzinfo=UTC)),
    ],
)
def test_the_file_gives_the_local_time_in_its_zone_and_the_right_utc_moment(gathering, zone, local, utc):
    event = _in_zone(gathering, zone, local)
    body = ics.event_file(event)
    assert f"DTSTART;TZID={zone}:{local:%Y%m%dT%H%M%S}".encode() in body

    [read] = Calendar.from_ical(body).walk("VEVENT")
    assert read.decoded("dtstart").astimezone(UTC) == utc
    assert [str(tz["TZID"]) for tz in Calendar.from_ical(body).walk("VTIMEZONE")] == [zone]

    independent = vobject.readOne(body.decode())
    assert independent.vevent.dtstart.value.astimezone(UTC) == utc
    assert independent.vevent.uid.value == event.uid


def test_the_uid_stays_and_the_sequence_counts_the_changes(gathering):
    event = gathering.meeting
    before = Calendar.from_ical(ics.event_file(event)).walk("VEVENT")[0]
    event.place = "Lima"
    services.save_event(event, changed={"place"})
    after = Calendar.from_ical(ics.event_file(event)).walk("VEVENT")[0]
    assert str(after["uid"]) == str(before["uid"])
    assert after.decoded("sequence") == before.decoded("sequence") + 1


def test_a_change_no_calendar_shows_leaves_the_sequence(gathering):
    event = gathering.meeting
    services.save_event(event, changed={"capacity"})
    assert event.sequence == 0


def test_a_cancelled_event_stays_in_the_file_marked_cancelled(gathering):
    event = gathering.meeting
    event.status = "cancelled"
    services.save_event(event, changed={"status"})
    [read] = Calendar.from_ical(ics.event_file(event)).walk("VEVENT")
    assert str(read["status"]) == "CANCELLED"
