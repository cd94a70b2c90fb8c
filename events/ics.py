"""Events as iCalendar (RFC 5545), written with the ``icalendar`` library: one event's file, and the pieces the
calendar feeds (``calendars``) put together.

An event's times are written in its own zone (``DTSTART;TZID=America/New_York:…``) with that zone's definition
(VTIMEZONE) in the calendar, so every calendar program shows it at the right hour, before and after a change of
daylight saving time. Its UID never changes; SEQUENCE counts the changes (``Event.sequence``), so a subscribed
calendar replaces what it holds rather than adding a copy. A cancelled event stays, marked CANCELLED.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as VEvent

from enlace.dates import zone
from events.models import Event

PRODID = "-//Enlace//Points of contact directory//EN"


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # Subscribed calendars ask again about every hour (Outlook and Apple read this; Google decides by itself).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def event_component(event: Event, *, public: bool = False, stamp: datetime | None = None) -> VEvent:
    """The event as a VEVENT in its own zone; ``public``: what anyone may read (no online link, no agenda)."""
    tz = zone(event.time_zone)
    component = VEvent()
    component.add("uid", event.uid)
    component.add("sequence", event.sequence)
    component.add("dtstamp", stamp or event.updated)
    component.add("last-modified", event.updated)
    component.add("dtstart", event.starts_at.astimezone(tz))
    component.add("dtend", event.ends_at.astimezone(tz))
    component.add("summary", event.title)
    component.add("categories", [event.get_kind_display()])
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.place:
        component.add("location", event.place)
    if not public:
        component.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
        description = [event.agenda] if event.agenda else []
        if event.online_link:
            component.add("conference", event.online_link, parameters={"VALUE": "URI"})
            description.append(event.online_link)
        if description:
            component.add("description", "\n\n".join(description))
    return component


def moment_component(*, uid: str, summary: str, at: datetime, url: str = "", stamp: datetime) -> VEvent:
    """A moment rather than a meeting (a deadline, a closing date): a VEVENT without duration, in UTC, free time."""
    component = VEvent()
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("dtstart", at)
    component.add("summary", summary)
    component.add("transp", "TRANSPARENT")
    if url:
        component.add("url", url)
    return component


def with_time_zones(calendar: Calendar, moments: Iterable[datetime]) -> Calendar:
    """Add the VTIMEZONE of every zone the calendar's events are written in, for the years they span."""
    moments = list(moments)
    if moments:
        first, last = min(moments), max(moments)
        calendar.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 1, 12, 31))
        for time_zone in calendar.walk("VTIMEZONE"):
            for observance in time_zone.subcomponents:
                _one_date_per_rdate(observance)
    return calendar


def _one_date_per_rdate(observance) -> None:
    """Each change of offset on an RDATE line of its own: a long list of dates is folded across lines, in the
    middle of a date, and some readers (dateutil's, which vobject uses) then misread the zone's later years."""
    if "RDATE" not in observance:
        return
    written = observance.pop("RDATE")
    for dates in written if isinstance(written, list) else [written]:
        for moment in dates.dts:
            observance.add("rdate", moment.dt)


def event_file(event: Event) -> bytes:
    """One event's ``.ics`` file (to download, or to attach)."""
    calendar = new_calendar(event.title)
    calendar.add_component(event_component(event))
    return with_time_zones(calendar, [event.starts_at, event.ends_at]).to_ical()
