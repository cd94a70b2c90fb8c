"""Ping test results: response rates per round and across rounds, and their anonymised report.

Definitions (one ping per contact per round, however many e-mails, reminders or
addresses it took, so a reminded ping counts once):

* pinged: the contacts asked in the round;
* sent: pings whose e-mails were queued (``sent_at`` set); every rate is a share of these;
* delivered: sent pings with at least one e-mail the mail server accepted;
* confirmed: answered, whether "data correct" or "data needs changes" (``models.ANSWERED``; the round
  page counts the same way);
* confirmed within 72 hours / 7 days: confirmed that long after sending;
* confirmed by close: answered no later than the round's close (an answer a manager records
  after the close does not count here, but does count in the median);
* median time to confirm: over every answered ping, in hours;
* changes reported: answered "reachable, data needs changes".

Split by role, a ping counts once in each role kind it covers; split by region, in its State's
M49 region. Everything here works on a few ``values()`` rows fetched once (three queries
however many pings), then computes in Python.

The anonymised report keeps only rates of groups of at least ``MIN_GROUP`` sent pings from at
least ``MIN_STATES`` States (so no State, knowing its own figures, can work out another's), and
hides one more group wherever a single hidden one could be recovered by subtraction.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from directory import names
from directory.choices import Region, RoleKind
from directory.models import Directory, DirectoryRole
from enlace import dates
from mail.models import EmailStatus
from pings.models import ANSWERED, Ping, PingMessage, PingRound, PingStatus

WITHIN_72_HOURS = timedelta(hours=72)
WITHIN_7_DAYS = timedelta(days=7)
# The anonymised report shows no group with fewer sent pings, or pings from fewer States, than this.
MIN_GROUP = 5
MIN_STATES = 3

ALL = "all"
ROLE = "role"
REGION = "region"
STATE = "state"
DIMENSION_LABELS: dict[str, Promise] = {
    ALL: _("All contacts"),
    ROLE: _("Role"),
    REGION: _("Region"),
    STATE: _("State"),
}

Label = str | Promise


# --- One row per ping ------------------------------------------------------------------


@dataclass(frozen=True)
class PingFact:
    round_id: int
    state_id: int
    state_iso2: str
    state_name: str
    region: str
    status: str
    sent_at: datetime | None
    answered_at: datetime | None
    closes_at: datetime
    delivered: bool
    role_kinds: frozenset[str]

    @property
    def answered(self) -> bool:
        return self.status in ANSWERED and self.answered_at is not None

    @property
    def time_to_answer(self) -> timedelta | None:
        if not self.answered or self.sent_at is None:
            return None
        return max(self.answered_at - self.sent_at, timedelta(0))


def ping_facts(pings: QuerySet[Ping]) -> list[PingFact]:
    """The facts of every ping in ``pings`` (already restricted to what the reader may see): three queries."""
    ids = pings.values("pk")
    delivered = set(
        PingMessage.objects.filter(ping__in=ids, email__status=EmailStatus.SENT)
        .values_list("ping_id", flat=True)
        .distinct()
    )
    kinds: dict[int, set[str]] = defaultdict(set)
    for ping_id, kind in (
        Ping.nominations.through.objects.filter(ping__in=ids)
        .values_list("ping_id", "nomination__role__kind")
        .distinct()
    ):
        kinds[ping_id].add(kind)
    rows = pings.order_by().values(
        "pk",
        "round_id",
        "state_id",
        "state__iso2",
        "state__english_name",
        "state__region",
        "status",
        "sent_at",
        "answered_at",
        "round__closed_at",
        "round__closes_at",
    )
    return [
        PingFact(
            round_id=row["round_id"],
            state_id=row["state_id"],
            state_iso2=row["state__iso2"],
            state_name=names.state_name(row["state__iso2"], row["state__english_name"]),
            region=row["state__region"],
            status=row["status"],
            sent_at=row["sent_at"],
            answered_at=row["answered_at"],
            closes_at=row["round__closed_at"] or row["round__closes_at"],
            delivered=row["pk"] in delivered,
            role_kinds=frozenset(kinds.get(row["pk"], ())),
        )
        for row in rows
    ]


# --- Counting ---------------------------------------------------------------------------


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class Stats:
    pinged: int = 0
    sent: int = 0
    delivered: int = 0
    within_72h: int = 0
    within_7d: int = 0
    by_close: int = 0
    answered: int = 0
    changes: int = 0
    median_hours: float | None = None
    states: int = 0

    @property
    def delivered_pct(self) -> float | None:
        return _percent(self.delivered, self.sent)

    @property
    def answered_pct(self) -> float | None:
        return _percent(self.answered, self.sent)

    @property
    def within_72h_pct(self) -> float | None:
        return _percent(self.within_72h, self.sent)

    @property
    def within_7d_pct(self) -> float | None:
        return _percent(self.within_7d, self.sent)

    @property
    def by_close_pct(self) -> float | None:
        return _percent(self.by_close, self.sent)

    @property
    def changes_pct(self) -> float | None:
        return _percent(self.changes, self.sent)


def summarise(facts: Iterable[PingFact]) -> Stats:
    pinged = 0
    sent = delivered = within_72h = within_7d = by_close = answered = changes = 0
    hours: list[float] = []
    states: set[int] = set()
    for fact in facts:
        pinged += 1
        if fact.sent_at is None:
            continue
        sent += 1
        states.add(fact.state_id)
        delivered += fact.delivered
        if not fact.answered:
            continue
        answered += 1
        waited = fact.time_to_answer
        hours.append(waited.total_seconds() / 3600)
        within_72h += waited <= WITHIN_72_HOURS
        within_7d += waited <= WITHIN_7_DAYS
        by_close += fact.answered_at <= fact.closes_at
        changes += fact.status == PingStatus.CHANGES
    return Stats(
        pinged=pinged,
        sent=sent,
        delivered=delivered,
        within_72h=within_72h,
        within_7d=within_7d,
        by_close=by_close,
        answered=answered,
        changes=changes,
        median_hours=round(statistics.median(hours), 1) if hours else None,
        states=len(states),
    )


@dataclass(frozen=True)
class Group:
    dimension: str
    key: str
    label: Label
    stats: Stats


@dataclass(frozen=True)
class Breakdown:
    total: Stats
    by_role: list[Group] = field(default_factory=list)
    by_region: list[Group] = field(default_factory=list)
    by_state: list[Group] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.total.pinged == 0


def _role_label(kind: str) -> Label:
    return RoleKind(kind).label if kind in RoleKind.values else kind


def breakdown(facts: Sequence[PingFact], role_kinds: Sequence[str] = (), *, with_states: bool = False) -> Breakdown:
    """Totals, then one group per role kind (in ``role_kinds`` order first) and per region with pings."""
    by_kind: dict[str, list[PingFact]] = defaultdict(list)
    by_region: dict[str, list[PingFact]] = defaultdict(list)
    by_state: dict[int, list[PingFact]] = defaultdict(list)
    for fact in facts:
        for kind in fact.role_kinds:
            by_kind[kind].append(fact)
        by_region[fact.region].append(fact)
        by_state[fact.state_id].append(fact)
    kinds = [kind for kind in role_kinds if kind in by_kind] + sorted(set(by_kind) - set(role_kinds))
    regions = [region for region in Region.values if region in by_region] + sorted(set(by_region) - set(Region.values))
    states = []
    if with_states:
        in_order = sorted(
            by_state.values(), key=lambda group: names.state_sort_key(group[0].state_iso2, group[0].state_name)
        )
        states = [Group(STATE, str(group[0].state_id), group[0].state_name, summarise(group)) for group in in_order]
    return Breakdown(
        total=summarise(facts),
        by_role=[Group(ROLE, kind, _role_label(kind), summarise(by_kind[kind])) for kind in kinds],
        by_region=[
            Group(
                REGION,
                region,
                Region(region).label if region in Region.values else region,
                summarise(by_region[region]),
            )
            for region in regions
        ],
        by_state=states,
    )


def role_kinds_of(directory: Directory) -> list[str]:
    """The directory's PoC role kinds, in its own order."""
    return list(DirectoryRole.objects.filter(directory=directory).order_by("position").values_list("kind", flat=True))


def round_label(ping_round: PingRound) -> str:
    return dates.long_date(ping_round.started_at)


@dataclass(frozen=True)
class RoundResults:
    round: PingRound
    breakdown: Breakdown

    @property
    def label(self) -> str:
        return round_label(self.round)


@dataclass(frozen=True)
class Results:
    rounds: list[RoundResults]
    across: Breakdown


def results(
    rounds: Iterable[PingRound], pings: QuerySet[Ping], role_kinds: Sequence[str] = (), *, with_states: bool = False
) -> Results:
    """Per round (in the order given) and across all of them; ``pings`` decides whose pings count."""
    rounds = list(rounds)
    facts = ping_facts(pings.filter(round__in=[ping_round.pk for ping_round in rounds]))
    by_round: dict[int, list[PingFact]] = defaultdict(list)
    for fact in facts:
        by_round[fact.round_id].append(fact)
    return Results(
        rounds=[
            RoundResults(ping_round, breakdown(by_round[ping_round.pk], role_kinds, with_states=with_states))
            for ping_round in rounds
        ],
        across=breakdown(facts, role_kinds, with_states=with_states),
    )


# --- The anonymised report ------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What the anonymised report may show of a group: its size and rates, nothing that names anyone."""

    sent: int
    delivered_pct: float | None
    within_72h_pct: float | None
    within_7d_pct: float | None
    by_close_pct: float | None
    changes_pct: float | None
    median_hours: float | None

    @classmethod
    def of(cls, stats: Stats) -> "Figures":
        return cls(
            sent=stats.sent,
            delivered_pct=stats.delivered_pct,
            within_72h_pct=stats.within_72h_pct,
            within_7d_pct=stats.within_7d_pct,
            by_close_pct=stats.by_close_pct,
            changes_pct=stats.changes_pct,
            median_hours=stats.median_hours,
        )


@dataclass(frozen=True)
class PublicGroup:
    dimension: str
    key: str
    label: Label
    # None: not shown, to keep a small group anonymous.
    figures: Figures | None

    @property
    def hidden(self) -> bool:
        return self.figures is None


@dataclass(frozen=True)
class PublicBreakdown:
    total: PublicGroup
    by_role: list[PublicGroup]
    by_region: list[PublicGroup]

    @property
    def groups(self) -> list[PublicGroup]:
        return [self.total, *self.by_role, *self.by_region]


@dataclass(frozen=True)
class PublicRound:
    round: PingRound
    label: str
    breakdown: PublicBreakdown


@dataclass(frozen=True)
class Report:
    rounds: list[PublicRound]
    across: PublicBreakdown


def too_small(stats: Stats) -> bool:
    return stats.sent < MIN_GROUP or stats.states < MIN_STATES


def _hide_one_more(groups: Sequence[Group], hidden: set[str]) -> None:
    """If exactly one group of a dimension is hidden, the total minus the others would give it away:
    hide the smallest shown one as well."""
    if len(hidden) != 1:
        return
    shown = [group for group in groups if group.key not in hidden]
    if shown:
        hidden.add(min(shown, key=lambda group: (group.stats.sent, group.key)).key)


@dataclass
class _Hidden:
    total: bool = False
    role: set[str] = field(default_factory=set)
    region: set[str] = field(default_factory=set)


def _hidden_in_round(round_breakdown: Breakdown) -> _Hidden:
    hidden = _Hidden(total=too_small(round_breakdown.total))
    for groups, keys in ((round_breakdown.by_role, hidden.role), (round_breakdown.by_region, hidden.region)):
        keys.update(group.key for group in groups if hidden.total or too_small(group.stats))
        if not hidden.total:
            _hide_one_more(groups, keys)
    return hidden


def _hidden_across(across: Breakdown, per_round: list[tuple[Breakdown, _Hidden]]) -> _Hidden:
    """Across rounds, a group is also hidden when exactly one round hides it (else: across minus the others)."""

    def hidden_in_one_round(dimension: str, key: str) -> bool:
        count = 0
        for round_breakdown, hidden in per_round:
            if dimension == ALL:
                count += hidden.total and round_breakdown.total.sent > 0
                continue
            groups = round_breakdown.by_role if dimension == ROLE else round_breakdown.by_region
            keys = hidden.role if dimension == ROLE else hidden.region
            count += any(group.key == key and group.stats.sent > 0 and key in keys for group in groups)
        return count == 1

    hidden = _Hidden(total=too_small(across.total) or hidden_in_one_round(ALL, ALL))
    for dimension, groups, keys in ((ROLE, across.by_role, hidden.role), (REGION, across.by_region, hidden.region)):
        keys.update(
            group.key
            for group in groups
            if hidden.total or too_small(group.stats) or hidden_in_one_round(dimension, group.key)
        )
        if not hidden.total:
            _hide_one_more(groups, keys)
    return hidden


def _public(source: Breakdown, hidden: _Hidden) -> PublicBreakdown:
    def public(group: Group, is_hidden: bool) -> PublicGroup:
        return PublicGroup(group.dimension, group.key, group.label, None if is_hidden else Figures.of(group.stats))

    return PublicBreakdown(
        total=public(Group(ALL, ALL, DIMENSION_LABELS[ALL], source.total), hidden.total),
        by_role=[public(group, group.key in hidden.role) for group in source.by_role],
        by_region=[public(group, group.key in hidden.region) for group in source.by_region],
    )


def anonymised(source: Results) -> Report:
    """The report for participants: rates of large enough groups only, never a State or a contact."""
    per_round = [
        (round_results.breakdown, _hidden_in_round(round_results.breakdown)) for round_results in source.rounds
    ]
    return Report(
        rounds=[
            PublicRound(round_results.round, round_results.label, _public(round_breakdown, hidden))
            for round_results, (round_breakdown, hidden) in zip(source.rounds, per_round, strict=True)
        ],
        across=_public(source.across, _hidden_across(source.across, per_round)),
    )


# --- CSV ------------------------------------------------------------------------------------


def _number(value: float | int | None) -> str:
    return "" if value is None else str(value)


def report_rows(report: Report) -> list[list[str]]:
    """The anonymised report as table rows, header first (for the CSV download)."""
    header = [
        _("Round"),
        _("Round status"),
        _("Grouping"),
        _("Group"),
        _("Pings sent"),
        _("Delivered (%)"),
        _("Confirmed within 72 hours (%)"),
        _("Confirmed within 7 days (%)"),
        _("Confirmed by close (%)"),
        _("Median hours to confirm"),
        _("Changes reported (%)"),
        _("Note"),
    ]
    rows = [[str(cell) for cell in header]]
    hidden_note = _("Not shown: fewer than %(pings)s pings or %(states)s States, or would reveal such a group") % {
        "pings": MIN_GROUP,
        "states": MIN_STATES,
    }
    sections = [
        (
            timezone.localtime(public_round.round.started_at).date().isoformat(),
            public_round.round.get_status_display(),
            public_round.breakdown,
        )
        for public_round in report.rounds
    ]
    sections.append((str(_("All rounds")), "", report.across))
    for round_cell, status_cell, public_breakdown in sections:
        for group in public_breakdown.groups:
            figures = group.figures
            values = (
                ["", "", "", "", "", "", ""]
                if figures is None
                else [
                    str(figures.sent),
                    _number(figures.delivered_pct),
                    _number(figures.within_72h_pct),
                    _number(figures.within_7d_pct),
                    _number(figures.by_close_pct),
                    _number(figures.median_hours),
                    _number(figures.changes_pct),
                ]
            )
            note = hidden_note if figures is None else ""
            rows.append(
                [round_cell, str(status_cell), str(DIMENSION_LABELS[group.dimension]), str(group.label), *values, note]
            )
    return rows


# --- The chart ------------------------------------------------------------------------------

CHART_SERIES: list[tuple[str, Promise, str]] = [
    ("within_72h_pct", _("Confirmed within 72 hours"), "#0b3d62"),
    ("within_7d_pct", _("Confirmed within 7 days"), "#1f6fb2"),
    ("by_close_pct", _("Confirmed by close"), "#a64f00"),
]


@dataclass(frozen=True)
class ChartBar:
    x: float
    y: float
    width: float
    height: float
    value: float
    colour: str
    series_label: Label
    round_label: str


@dataclass(frozen=True)
class ChartTick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    bars: list[ChartBar]
    y_ticks: list[ChartTick]
    x_labels: list[ChartTick]
    # Rounds left out because their figures are hidden.
    left_out: int

    @property
    def series(self) -> list[tuple[Promise, str]]:
        return [(label, colour) for _key, label, colour in CHART_SERIES]


BAR_WIDTH = 16
BAR_GAP = 2
ROUND_GAP = 24


def response_chart(report: Report) -> Chart:
    """Confirmation rates per round, oldest first, as SVG geometry (the template draws it, no script)."""
    shown = [public_round for public_round in reversed(report.rounds) if not public_round.breakdown.total.hidden]
    left, top, plot_height = 48, 16, 200
    group_width = len(CHART_SERIES) * (BAR_WIDTH + BAR_GAP) - BAR_GAP
    right = left + ROUND_GAP + max(len(shown), 1) * (group_width + ROUND_GAP)
    bottom = top + plot_height
    bars, x_labels = [], []
    for index, public_round in enumerate(shown):
        figures = public_round.breakdown.total.figures
        start = left + ROUND_GAP + index * (group_width + ROUND_GAP)
        for position, (key, label, colour) in enumerate(CHART_SERIES):
            value = getattr(figures, key) or 0.0
            height = plot_height * value / 100
            bars.append(
                ChartBar(
                    x=start + position * (BAR_WIDTH + BAR_GAP),
                    y=round(bottom - height, 1),
                    width=BAR_WIDTH,
                    height=round(height, 1),
                    value=value,
                    colour=colour,
                    series_label=label,
                    round_label=public_round.label,
                )
            )
        # An axis has no room for a long date: ISO 8601, which no reader takes for another day.
        x_labels.append(ChartTick(start + group_width / 2, dates.iso_date(public_round.round.started_at)))
    y_ticks = [ChartTick(bottom - plot_height * percent / 100, f"{percent} %") for percent in (0, 25, 50, 75, 100)]
    return Chart(
        width=right + 8,
        height=bottom + 40,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        bars=bars,
        y_ticks=y_ticks,
        x_labels=x_labels,
        left_out=len(report.rounds) - len(shown),
    )
