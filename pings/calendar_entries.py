"""What a person's calendar feed shows of the ping tests (``enlace.features``): the closing dates of the rounds
under way that it follows or must answer."""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from access.principal import Principal
from enlace.features import CalendarSource, DatedEntry, add_calendar_source
from pings.models import Ping, PingRound, RoundStatus


def round_closing_dates(principal: Principal, since: datetime) -> list[DatedEntry]:
    """Rounds under way that the person follows (a manager, a coordinator) or must answer (a point of contact)."""
    if not principal.is_authenticated:
        return []
    own_ping = Ping.objects.restrict(principal, "view").filter(round_id=OuterRef("pk"))
    followed = PingRound.objects.restrict(principal, "view").values("pk")
    rounds = (
        PingRound.objects.exclude(status=RoundStatus.CLOSED)
        .filter(Q(pk__in=followed) | Q(Exists(own_ping)), closes_at__gt=since)
        .select_related("directory")
        .order_by("closes_at", "pk")
    )
    return [
        DatedEntry(
            f"ping-round-{ping_round.code}@enlace",
            _("Ping test"),
            _("Ping test closes: %(directory)s") % {"directory": ping_round.directory.for_reader.name},
            ping_round.closes_at,
            None,
            ping_round.directory.get_absolute_url(),
        )
        for ping_round in rounds
    ]


add_calendar_source(CalendarSource("pings.rounds", round_closing_dates, order=20))
