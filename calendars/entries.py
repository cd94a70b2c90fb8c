"""What a calendar holds, read through each app's own rules (never the rows directly), in a fixed number of queries:

- a person's: the events it is invited to or registered for (its directories' events, for a manager), the
  deadlines its States must meet on the communications they received (acknowledge by, answer by; while still
  due), the closing dates of the ping test rounds under way in its directories, and the times of the exercises
  it takes part in or controls, and the last days of the work plans' products its States are responsible for
  (while still open);
- a directory's public calendar: the events its managers made public, and nothing else (no person, no
  communication, no ping round, no exercise).

Every moment is kept in UTC; an event carries its own zone as well.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from access.principal import Principal
from communications.models import Communication, CommunicationStatus
from directory.models import Directory
from events.models import Event
from exercises.choices import ExerciseStatus
from exercises.models import Exercise
from pings.models import Ping, PingRound, RoundStatus
from working_groups.models import Product

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
    entries += _deadlines(principal, since)
    entries += _ping_rounds(principal, since)
    entries += _exercises(principal, since)
    entries += _work_plan_deadlines(principal, since)
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.uid))


def directory_entries(directory: Directory, since: datetime) -> list[Entry]:
    return _events(Event.objects.of_directory(directory).published_to_everyone(), since)


def _deadlines(principal: Principal, since: datetime) -> list[Entry]:
    """The deadlines still to meet on what the person's States received and it may acknowledge and answer."""
    if not principal.member_state_ids:
        return []
    due = (
        Communication.objects.restrict(principal, "acknowledge")
        .needing_action(principal.member_state_ids)
        .filter(answer_by__gt=since)
        .select_related("template_version", "sender_state")
        .order_by("answer_by", "pk")
    )
    entries = []
    for communication in due:
        about = _("%(title)s, from %(state)s") % {
            "title": communication.template_version.display_title,
            "state": communication.sender_state.name,
        }
        if communication.is_exercise:
            about = f"{_('EXERCISE')} – {about}"
        url = communication.get_absolute_url()
        if communication.status == CommunicationStatus.SENT:
            entries.append(
                Entry(
                    f"acknowledge-{communication.code}@enlace",
                    _("Acknowledgement deadline"),
                    _("Acknowledge: %(about)s") % {"about": about},
                    communication.acknowledge_by,
                    None,
                    url,
                )
            )
        entries.append(
            Entry(
                f"answer-{communication.code}@enlace",
                _("Answer deadline"),
                _("Answer: %(about)s") % {"about": about},
                communication.answer_by,
                None,
                url,
            )
        )
    return entries


def _ping_rounds(principal: Principal, since: datetime) -> list[Entry]:
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
        Entry(
            f"ping-round-{ping_round.code}@enlace",
            _("Ping test"),
            _("Ping test closes: %(directory)s") % {"directory": ping_round.directory.for_reader.name},
            ping_round.closes_at,
            None,
            ping_round.directory.get_absolute_url(),
        )
        for ping_round in rounds
    ]


def _exercises(principal: Principal, since: datetime) -> list[Entry]:
    exercises = (
        Exercise.objects.restrict(principal, "view")
        .exercises()
        .exclude(status=ExerciseStatus.DRAFT)
        .filter(starts_at__isnull=False, ends_at__gt=since)
        .order_by("starts_at", "pk")
    )
    return [
        Entry(
            f"exercise-{exercise.code}@enlace",
            pgettext("calendar entry", "Exercise"),
            f"{_('EXERCISE')} – {exercise.title}",
            exercise.starts_at,
            exercise.ends_at,
            exercise.get_absolute_url(),
        )
        for exercise in exercises
    ]


def _work_plan_deadlines(principal: Principal, since: datetime) -> list[Entry]:
    """The last day of each open product of a plan the person may see whose responsible States include its own:
    a whole day (in UTC), as the plan gives a day and no hour."""
    if not principal.member_state_ids:
        return []
    products = (
        Product.objects.restrict(principal, "view")
        .open()
        .filter(
            Exists(
                Product.responsible_states.through.objects.filter(
                    product_id=OuterRef("pk"), state_id__in=principal.member_state_ids
                )
            ),
            due_until__gte=since.date(),
        )
        .select_related("plan")
        .order_by("due_until", "pk")
    )
    entries = []
    for product in products:
        starts = datetime.combine(product.due_until, time.min, tzinfo=UTC)
        entries.append(
            Entry(
                product.uid,
                _("Work plan deadline"),
                _("Due: %(product)s (%(plan)s)") % {"product": product.title, "plan": product.plan.for_reader.title},
                starts,
                starts + timedelta(days=1),
                product.get_absolute_url(),
            )
        )
    return entries
