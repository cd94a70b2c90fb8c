"""Times shown with their hour and time zone, always (deadline confusion across zones is a known failure)."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template

register = template.Library()


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@register.filter
def in_zone(moment: datetime | None, zone: str) -> str:
    """``2026-11-30 14:00 America/Mexico_City (UTC−06:00)``: the date, hour, zone name and offset."""
    if moment is None:
        return ""
    tz = _zone(zone)
    local = moment.astimezone(tz)
    offset = local.strftime("%z")
    offset = f"UTC{offset[0]}{offset[1:3]}:{offset[3:]}" if offset else "UTC"
    if tz.key == "UTC":
        return f"{local:%Y-%m-%d %H:%M} UTC"
    return f"{local:%Y-%m-%d %H:%M} {tz.key} ({offset})"
