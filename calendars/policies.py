"""Who reads a calendar feed: each person only their own (through its secret address or "My calendar")."""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from calendars.models import CalendarFeed


@rule(CalendarFeed, "view")
def own_feed(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(user_id=principal.user_id)
