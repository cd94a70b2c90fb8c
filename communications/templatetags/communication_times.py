"""Times shown with their hour and time zone, always (deadline confusion across zones is a known failure).

The form is the one every date-time of Enlace takes (``enlace.dates``); this library keeps the name the
communications' pages and e-mails load.
"""

from datetime import datetime

from django import template

from enlace import dates

register = template.Library()


@register.filter
def in_zone(moment: datetime | None, zone: str) -> str:
    """``2026-11-30 14:00 America/Mexico_City (UTC-06:00)``: the date, hour, zone name and offset."""
    return dates.date_time(moment, zone)
