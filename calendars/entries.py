"""What a calendar holds, read through each app's own rules (never the rows directly), in a fixed number of queries:

- a person's: the events it is invited to or registered for (its directories' events, for a manager), and what
  every feature dates for it, from the sources the features register (``enlace.features.CalendarSource``): the
  deadlines its States must meet on the communications they received (acknowledge by, answer by; while still
  due), the closing dates of the ping test rounds under way in its directories, the times of the exercises it
  takes part in or controls, the last days of the work plans' products its States are responsible for (while
  still open);
- a directory's public calendar: the events its managers made public, and nothing else (no person, no
  communication, no ping round, no exercise).

Every moment is kept in UTC; an event carries its own zone as well.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from access.principal import Principal
from directory.models import Directory
from enlace.features import dated_entries_for
from events.models import Event

# How far back a feed reaches: what just passed stays visible a while in a subscribed calendar.
PAST = timedelta(days=60)


@dataclass(frozen=True)
class Entry:
    uid: str
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    url: str
    event: Event | None = None

    @property
    def time_zone(self) -> str:
        return self.event.time_zone if self.event else "UTC"


def _events(queryset, since: datetime) -> list[Entry]:
    events = queryset.announced().filter(ends_at__gt=since).select_related("directory").order_by("starts_at", "pk")
    return [
        Entry(
            event.uid,
            event.get_kind_display(),
            event.title,
            event.starts_at,
            event.ends_at,
            event.get_absolute_url(),
            event,
        )
        for event in events
    ]


def person_entries(principal: Principal, since: datetime) -> list[Entry]:
    """Everything of the person's from ``since`` on, in time order (the caller sets the language of the titles)."""
    entries = _events(Event.objects.restrict(principal, "view"), since)
    entries += [
        Entry(dated.uid, dated.kind, dated.title, dated.starts_at, dated.ends_at, dated.url)
        for dated in dated_entries_for(principal, since)
    ]
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.uid))


def directory_entries(directory: Directory, since: datetime) -> list[Entry]:
    return _events(Event.objects.of_directory(directory).published_to_everyone(), since)
