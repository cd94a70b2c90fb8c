"""How the after-action report writes its figures: shares as percentages, times as hours and minutes."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """``0.875`` as ``87.5 %``; an empty share (nothing to count) as a dash."""
    if share is None:
        return "—"
    return _("%(percent)s %%") % {"percent": number_format(100 * share, 1)}


@register.filter
def duration(minutes: float | None) -> str:
    """Minutes as ``45 min``, ``3 h 05 min`` or ``2 d 4 h``; none as a dash."""
    if minutes is None:
        return "—"
    whole = round(minutes)
    if whole < 60:
        return _("%(minutes)s min") % {"minutes": whole}
    hours, rest = divmod(whole, 60)
    if hours < 48:
        return _("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": rest}
    days, hours = divmod(hours, 24)
    return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
