"""A ping test round that ran and closed a few weeks before the demonstration.

Without one, the hourly scheduler finds every demo directory "never pinged" and starts rounds of
its own within the first hour: unannounced e-mail to every contact, and the manager's "Start a
round" walk-through refused because a round is already under way.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction

from directory.models import Directory
from pings import services
from pings.models import Channel, Ping, PingRound, PingStatus, RoundStatus, RoundTrigger

# How long ago the round started; the next is due a ping interval (six months by default) after it.
STARTED_DAYS_AGO = 40
SHARE_ANSWERED = 0.85


def record_past_round(directory: Directory, now: datetime, rng: random.Random) -> PingRound:
    """A closed round of ``directory``: most contacts confirmed within a few days, the rest unreachable."""
    started = now - timedelta(days=STARTED_DAYS_AGO)
    with transaction.atomic():
        ping_round = services.start_round(directory, trigger=RoundTrigger.MANUAL, now=started)
        closes = ping_round.closes_at
        Ping.objects.filter(round=ping_round).update(sent_at=started, updated=started)
        ping_ids = list(Ping.objects.filter(round=ping_round).order_by("pk").values_list("pk", flat=True))
        answered = [ping_id for ping_id in ping_ids if rng.random() < SHARE_ANSWERED]
        for day in range(3):
            Ping.objects.filter(pk__in=answered[day::3]).update(
                status=PingStatus.CONFIRMED,
                channel=Channel.LINK,
                answered_at=started + timedelta(days=day, hours=rng.randint(1, 20)),
            )
        Ping.objects.filter(round=ping_round, status=PingStatus.PENDING).update(status=PingStatus.UNREACHABLE)
        PingRound.objects.filter(pk=ping_round.pk).update(status=RoundStatus.CLOSED, closed_at=closes, updated=closes)
    ping_round.refresh_from_db()
    return ping_round
