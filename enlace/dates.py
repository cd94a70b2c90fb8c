"""Dates and times as every reader reads them the same way, whatever their language or country.

Two kinds of value, one form each:

- A **date** is written in the reader's language's long form, the month by name (``30 novembre 2026``,
  ``November 30, 2026``, ``2026年11月30日``): a numeric date such as 05/01/2023 is the 5th of January
  to some readers and the 1st of May to others. Tables use it too.
- A **date-time** is written in ISO 8601 order with a 24-hour clock, then its time zone by name and its
  offset from UTC (``2026-11-05 12:00 Africa/Nairobi (UTC+03:00)``; ``2026-11-05 09:00 UTC``), in the
  reader's own time zone: the people of one network work in many zones, and a deadline read in the
  wrong one is the known failure. Communications and their e-mails show the same form.

Where a long date has no room (a chart's axis), the date is ISO 8601 (``2026-11-30``), which no reader
takes for another day.

In templates: ``{% load dates %}``, then ``{{ day|long_date }}`` and ``{{ moment|date_time:reader_time_zone }}``
(``reader_time_zone`` comes from the ``reader_time_zone`` context processor: the signed-in reader's
zone, UTC for everyone else). Machine-read files (CSV, JSON, the API) keep plain ISO 8601.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils import formats

register = template.Library()


def zone(name: str | None) -> ZoneInfo:
    """The time zone of that name, UTC for a name that is not one (an empty or unknown setting)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def utc_offset(moment: datetime) -> str:
    """``UTC+03:00``, ``UTC-06:00``, ``UTC+00:00`` (an aware moment's offset)."""
    offset = moment.strftime("%z")
    return f"UTC{offset[0]}{offset[1:3]}:{offset[3:]}" if offset else "UTC"


@register.filter
def long_date(value: date | datetime | None, zone_name: str = "") -> str:
    """The date in the active language's long form; a date-time's date as it is in ``zone_name`` (UTC by default)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(zone(zone_name)).date() if value.tzinfo else value.date()
    return formats.date_format(value, "DATE_FORMAT")


def iso_date(value: date | datetime, zone_name: str = "") -> str:
    """``2026-11-30``; a date-time's date as it is in ``zone_name`` (UTC by default)."""
    if isinstance(value, datetime):
        value = value.astimezone(zone(zone_name)).date() if value.tzinfo else value.date()
    return value.isoformat()


@register.filter
def date_time(moment: datetime | None, zone_name: str = "") -> str:
    """``2026-11-30 14:00 America/Mexico_City (UTC-06:00)``: the moment in that zone, with its name and offset."""
    if moment is None or moment == "":
        return ""
    tz = zone(zone_name)
    local = moment.astimezone(tz)
    if tz.key == "UTC":
        return f"{local:%Y-%m-%d %H:%M} UTC"
    return f"{local:%Y-%m-%d %H:%M} {tz.key} ({utc_offset(local)})"


def reader_time_zone(request) -> dict[str, str]:
    """Context processor: the time zone the reader's date-times are shown in."""
    user = getattr(request, "user", None)
    return {"reader_time_zone": getattr(user, "time_zone", "") or "UTC"}
