"""The after-action report of an exercise: its figures per State, per inject and overall, for those who control it,
and the anonymised whole that participating States read once a manager publishes it.

Those who control the exercise see every State by name. A participating State sees its own results by name,
and of the others only groups (all participating States, each region, each inject) of at least
``MIN_STATES`` States: a smaller group is not shown, and where a single hidden group of a kind could be worked
out from the total and the others, the smallest shown one is hidden as well, so that no State, knowing its own
results, can learn another's.

Everything is read in a few queries however many States and injects (``results``), then grouped in Python.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.choices import Region
from directory.models import State, sorted_by_name
from exercises import results
from exercises.models import Exercise, Inject

# The anonymised report shows no group of fewer participating States than this.
MIN_STATES = 5

OVERALL, STATE, REGION, INJECT = "overall", "state", "region", "inject"

Figures = results.Figures | results.CheckFigures


@dataclass(frozen=True)
class Row:
    """One line of the report: a State or a group of States, and its figures (None: not shown, too few States)."""

    dimension: str
    key: str
    label: str | Promise
    figures: Figures | None
    # How many States the line counts (shown for groups, so a reader knows what a share is of).
    states: int | None = None

    @property
    def hidden(self) -> bool:
        return self.figures is None


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    rows: list[Row]


@dataclass
class Report:
    exercise: Exercise
    # Anonymised: groups of States only, beside the reader's own States.
    anonymised: bool
    sections: list[Section] = field(default_factory=list)

    @property
    def is_check(self) -> bool:
        return self.exercise.is_check

    @property
    def is_empty(self) -> bool:
        return not any(section.rows for section in self.sections)


def inject_label(inject: Inject) -> str:
    return gettext("Inject %(position)s: %(title)s") % {"position": inject.position, "title": inject.title}


# --- Reading the results once ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """One scored result (a delivery of an inject, or a check's message) with what it is grouped by."""

    state: State
    inject: Inject | None
    result: results.DeliveryResult | results.CheckResult


def _items(exercise: Exercise, now: datetime) -> list[_Item]:
    if exercise.is_check:
        return [_Item(result.message.state, None, result) for result in results.check_results(exercise)]
    scored = results.scenario_results(exercise, now)
    return [_Item(result.delivery.state, result.delivery.inject, result) for result in scored]


def _figures_of(exercise: Exercise, items: Iterable[_Item]) -> Figures:
    figures = results.CheckFigures() if exercise.is_check else results.Figures()
    for item in items:
        figures.add(item.result)
    return figures


def _injects(exercise: Exercise, items: Sequence[_Item]) -> list[Inject]:
    """The injects that went out, in the timeline's order (the results are read in that order)."""
    seen: dict[int, Inject] = {}
    for item in items:
        if item.inject is not None:
            seen.setdefault(item.inject.pk, item.inject)
    return list(seen.values())


def _grouped(items: Iterable[_Item], key: Callable[[_Item], object]) -> dict[object, list[_Item]]:
    groups: dict[object, list[_Item]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups


# --- For those who control the exercise ----------------------------------------------------------------------


def for_controllers(exercise: Exercise, now: datetime) -> Report:
    """Every participating State by name, each inject, and the whole."""
    items = _items(exercise, now)
    by_state = _grouped(items, lambda item: item.state.pk)
    states = sorted_by_name(exercise.participating_states())
    sections = [
        Section(
            OVERALL,
            _("Overall"),
            [Row(OVERALL, OVERALL, _("All participating States"), _figures_of(exercise, items), len(by_state))],
        ),
        Section(
            STATE,
            _("By State"),
            [Row(STATE, state.iso3, state.name, _figures_of(exercise, by_state.get(state.pk, []))) for state in states],
        ),
    ]
    if not exercise.is_check:
        by_inject = _grouped(items, lambda item: item.inject.pk)
        sections.append(
            Section(
                INJECT,
                _("By inject"),
                [
                    Row(
                        INJECT,
                        str(inject.position),
                        inject_label(inject),
                        _figures_of(exercise, by_inject[inject.pk]),
                        len({item.state.pk for item in by_inject[inject.pk]}),
                    )
                    for inject in _injects(exercise, items)
                ],
            )
        )
    return Report(exercise, anonymised=False, sections=sections)


# --- For a participating State: its own results, and the anonymised whole ------------------------------------


def too_small(states: int) -> bool:
    return states < MIN_STATES


def _state_count(items: Iterable[_Item]) -> int:
    return len({item.state.pk for item in items})


def _hidden_keys(groups: dict[str, list[_Item]], whole_hidden: bool) -> set[str]:
    """The groups of one kind not to show: too small ones, everything when the whole is hidden, and one more
    when a single hidden group could be worked out as the whole minus the others."""
    if whole_hidden:
        return set(groups)
    hidden = {key for key, members in groups.items() if too_small(_state_count(members))}
    if len(hidden) == 1:
        shown = [key for key in groups if key not in hidden]
        if shown:
            hidden.add(min(shown, key=lambda key: (_state_count(groups[key]), key)))
    return hidden


def _group_rows(
    exercise: Exercise, dimension: str, groups: dict[str, list[_Item]], labels: dict[str, str | Promise], whole_hidden
) -> list[Row]:
    hidden = _hidden_keys(groups, whole_hidden)
    return [
        Row(
            dimension,
            key,
            labels[key],
            None if key in hidden else _figures_of(exercise, members),
            _state_count(members),
        )
        for key, members in groups.items()
    ]


def for_participant(exercise: Exercise, own_state_ids: Collection[int], now: datetime) -> Report:
    """The reader's own States by name (with each inject), and of the others only large enough groups."""
    # Every State's results are read, deliberately unrestricted: of the other States only the figures of
    # groups large enough to stay anonymous leave this function.
    items = _items(exercise, now)
    own_states = sorted_by_name(exercise.participating_states().filter(pk__in=own_state_ids))
    sections = []
    for state in own_states:
        own = [item for item in items if item.state.pk == state.pk]
        rows = [Row(STATE, state.iso3, state.name, _figures_of(exercise, own))]
        if not exercise.is_check:
            by_inject = _grouped(own, lambda item: item.inject.pk)
            rows += [
                Row(INJECT, str(inject.position), inject_label(inject), _figures_of(exercise, by_inject[inject.pk]))
                for inject in _injects(exercise, own)
            ]
        sections.append(Section(f"{STATE}-{state.iso3}", state.name, rows))

    whole_hidden = too_small(_state_count(items))
    whole = Row(
        OVERALL,
        OVERALL,
        _("All participating States"),
        None if whole_hidden else _figures_of(exercise, items),
        _state_count(items),
    )
    by_region = _grouped(items, lambda item: item.state.region)
    regions = {region: by_region[region] for region in Region.values if region in by_region}
    labels = {region: Region(region).label for region in regions}
    sections.append(
        Section(
            OVERALL,
            _("All participating States (anonymised)"),
            [whole, *_group_rows(exercise, REGION, regions, labels, whole_hidden)],
        )
    )
    if not exercise.is_check:
        injects = _injects(exercise, items)
        by_inject = _grouped(items, lambda item: str(item.inject.position))
        sections.append(
            Section(
                INJECT,
                _("Each inject, all addressed States (anonymised)"),
                _group_rows(
                    exercise,
                    INJECT,
                    {str(inject.position): by_inject[str(inject.position)] for inject in injects},
                    {str(inject.position): inject_label(inject) for inject in injects},
                    whole_hidden,
                ),
            )
        )
    return Report(exercise, anonymised=True, sections=sections)


# --- CSV ---------------------------------------------------------------------------------------------------------


def _minutes(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}"


def _scenario_cells(figures: results.Figures) -> list:
    return [
        figures.deliveries,
        figures.reached,
        figures.expectations,
        figures.on_time,
        figures.late,
        figures.partly,
        figures.not_met,
        figures.waiting,
        _percent(figures.on_time_share),
        _minutes(figures.median_acknowledge_minutes),
        _minutes(figures.median_answer_minutes),
    ]


def _check_cells(figures: results.CheckFigures) -> list:
    return [
        figures.contacts,
        figures.delivered,
        figures.bounced,
        figures.acknowledged,
        figures.reached_by_email,
        figures.reached_by_phone,
        _percent(figures.on_time_share),
        _minutes(figures.median_minutes),
    ]


def csv_rows(report: Report) -> list[list]:
    """The report's figures as table rows, header first (every cell goes through ``enlace.cells`` when written)."""
    if report.is_check:
        columns = [
            _("Points of contact asked"),
            _("E-mail delivered"),
            _("Bounced"),
            _("Acknowledged"),
            _("Acknowledged by the e-mailed link or signed in"),
            _("Reached by telephone"),
            _("Acknowledged within the deadline (%)"),
            _("Median minutes to acknowledge"),
        ]
        cells = _check_cells
    else:
        columns = [
            _("Messages sent"),
            _("Reached someone in the role addressed"),
            _("Expectations"),
            _("Met on time"),
            _("Met late"),
            _("Partly met"),
            _("Not met"),
            _("Waiting"),
            _("Met within the deadline (%)"),
            _("Median minutes to acknowledge"),
            _("Median minutes to answer"),
        ]
        cells = _scenario_cells
    header = [_("Exercise"), _("Section"), _("Group"), _("States"), *columns, _("Note")]
    rows = [[str(cell) for cell in header]]
    hidden_note = gettext("Not shown: fewer than %(states)s States, or would reveal such a group") % {
        "states": MIN_STATES
    }
    title = report.exercise.title
    for section in report.sections:
        for row in section.rows:
            line = [title, str(section.title), str(row.label), "" if row.states is None else row.states]
            if row.hidden:
                rows.append([*line, *[""] * len(columns), hidden_note])
            else:
                rows.append([*line, *cells(row.figures), ""])
    return rows
