"""The exercise library: scenarios kept as templates, copied to another directory, shared as JSON files.

A scenario is worth sharing: a network that wrote a good one for its yearly drill can give it to another,
which plays it with its own States and its own communication templates. Everything here makes a new
*draft*: nothing is scheduled, nothing is sent, and the manager reviews the copy before it runs.

One path writes every copy: a copy, a template, an exercise from a template and an import are each first
read into a ``Plan`` (the exercise's fields and its injects, every State and template already looked up in
the target directory), then written by ``_write`` in one transaction. A JSON file is checked whole before
anything is written, so a bad file changes nothing and its every problem is named (the inject and the
field). A copy to another directory carries over what fits there and says what did not.

The file format (``enlace-exercise``, version 1) is documented in ``docs/exercise-format.md``.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communication_templates.models import CommunicationTemplate
from communications.models import Audience
from directory.models import Directory, State
from exercises.choices import ExerciseKind, ExerciseStatus
from exercises.models import INJECT_TLPS, Exercise, Inject
from exercises.services import NotAllowedNow

FORMAT = "enlace-exercise"
VERSION = 1
# An exercise file is a few kilobytes; a larger one is not an exercise.
MAX_FILE_BYTES = 1024 * 1024
MAX_INJECTS = 200
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TLP_VALUES = [tlp for tlp, _label in INJECT_TLPS]


@dataclass
class PlannedInject:
    position: int
    title: str
    offset_minutes: int | None
    follows: int | None  # the position of the inject it follows
    delay_minutes: int | None
    audience: str
    sender_state: State
    states: list[State]
    template: CommunicationTemplate
    tlp: str
    language: str
    values: dict
    acknowledge_within_hours: int | None
    answer_within_hours: int | None
    expected_action: str


@dataclass
class Plan:
    """An exercise to write into a directory, everything in it already found there."""

    kind: str
    title: str
    objectives: str
    languages: list[str]
    roles: list[str]
    acknowledgement_hours: int
    all_states: bool = True
    states: list[State] = field(default_factory=list)
    injects: list[PlannedInject] = field(default_factory=list)


@dataclass
class Copy:
    """A copy and, in the reader's words, what could not be carried over to its directory."""

    exercise: Exercise
    left_out: list[str]


# --- Templates and copies -------------------------------------------------------------------------------------


def save_as_template(exercise: Exercise, *, user=None) -> Exercise:
    """Keep ``exercise`` in its directory's library: a template (a draft never run) with the same injects."""
    if exercise.is_template:
        raise NotAllowedNow(_("This exercise is a template of the library already."))
    return _write(_plan_of(exercise), exercise.directory, user=user, is_template=True)


def use_template(template: Exercise, *, user) -> Exercise:
    """A new draft exercise in the template's directory, with its injects, controlled by ``user``."""
    if not template.is_template:
        raise NotAllowedNow(_("Only a template of the library can be used to prepare an exercise."))
    return _write(_plan_of(template), template.directory, user=user, is_template=False)


def copy_to(exercise: Exercise, directory: Directory, *, user) -> Copy:
    """A draft copy of ``exercise`` in ``directory`` (one ``user`` manages), with what fits there.

    Templates are matched by their key; States are kept only if they take part in ``directory``. An inject
    whose template the directory lacks is left out (an inject that followed it is timed from the start
    instead); an inject whose sender does not take part comes from another participating State, to be
    changed before the exercise is scheduled. ``left_out`` says each of these.
    """
    plan, left_out = _plan_for_directory(exercise, directory)
    return Copy(_write(plan, directory, user=user, is_template=False), left_out)


def _plan_of(exercise: Exercise) -> Plan:
    """The exercise as it is, for its own directory."""
    plan = Plan(
        kind=exercise.kind,
        title=exercise.title,
        objectives=exercise.objectives,
        languages=list(exercise.languages),
        roles=list(exercise.roles),
        acknowledgement_hours=exercise.acknowledgement_hours,
        all_states=exercise.all_states,
        states=list(exercise.states.all()),
    )
    positions = {}
    injects = list(_injects_of(exercise))
    for inject in injects:
        positions[inject.pk] = inject.position
    for inject in injects:
        plan.injects.append(
            PlannedInject(
                position=inject.position,
                title=inject.title,
                offset_minutes=inject.offset_minutes,
                follows=positions.get(inject.follows_id),
                delay_minutes=inject.delay_minutes,
                audience=inject.audience,
                sender_state=inject.sender_state,
                states=list(inject.states.all()),
                template=inject.template,
                tlp=inject.tlp,
                language=inject.language,
                values=dict(inject.values),
                acknowledge_within_hours=inject.acknowledge_within_hours,
                answer_within_hours=inject.answer_within_hours,
                expected_action=inject.expected_action,
            )
        )
    return plan


def _injects_of(exercise: Exercise):
    return exercise.injects.select_related("sender_state", "template").prefetch_related("states").order_by("position")


def _plan_for_directory(exercise: Exercise, directory: Directory) -> tuple[Plan, list[str]]:
    """The exercise's plan with every State and template looked up again in ``directory``."""
    plan = _plan_of(exercise)
    if directory.pk == exercise.directory_id:
        return plan, []
    left_out = []
    taking_part = {state.pk: state for state in State.objects.filter(participations__directory=directory)}
    templates = {template.key: template for template in directory.communication_templates.all()}
    used_roles = set(directory.roles.values_list("kind", flat=True))

    dropped_roles = [role for role in plan.roles if role not in used_roles]
    plan.roles = [role for role in plan.roles if role in used_roles]
    if dropped_roles:
        left_out.append(
            _("Roles %(roles)s: %(directory)s does not use them.")
            % {"roles": ", ".join(dropped_roles), "directory": directory}
        )
    if not plan.all_states:
        absent = [state for state in plan.states if state.pk not in taking_part]
        plan.states = [state for state in plan.states if state.pk in taking_part]
        if absent:
            left_out.append(
                _("Participating States %(states)s: they do not take part in %(directory)s.")
                % {"states": _names(absent), "directory": directory}
            )

    # When each inject goes out, in minutes from the start, to time the followers of an inject left out.
    starts = _start_minutes(plan.injects)
    kept_positions = set()
    injects = []
    for inject in plan.injects:
        template = templates.get(inject.template.key)
        if template is None:
            left_out.append(
                _("Inject %(position)s “%(title)s”: %(directory)s has no communication template “%(key)s”.")
                % {
                    "position": inject.position,
                    "title": inject.title,
                    "directory": directory,
                    "key": inject.template.key,
                }
            )
            continue
        inject.template = template
        if inject.follows is not None and inject.follows not in kept_positions:
            inject.offset_minutes, inject.follows, inject.delay_minutes = starts[inject.position], None, None
            left_out.append(
                _(
                    "Inject %(position)s “%(title)s”: the inject it followed was left out; "
                    "it now goes %(minutes)s minutes after the start."
                )
                % {"position": inject.position, "title": inject.title, "minutes": inject.offset_minutes}
            )
        absent = [state for state in inject.states if state.pk not in taking_part]
        if absent:
            inject.states = [state for state in inject.states if state.pk in taking_part]
            left_out.append(
                _("Inject %(position)s “%(title)s”: %(states)s do not take part in %(directory)s.")
                % {"position": inject.position, "title": inject.title, "states": _names(absent), "directory": directory}
            )
        if inject.sender_state.pk not in taking_part:
            stand_in = _stand_in_sender(taking_part, inject.states)
            if stand_in is None:
                left_out.append(
                    _("Inject %(position)s “%(title)s”: no State of %(directory)s can send it.")
                    % {"position": inject.position, "title": inject.title, "directory": directory}
                )
                continue
            left_out.append(
                _(
                    "Inject %(position)s “%(title)s”: %(state)s does not take part in %(directory)s; "
                    "it comes from %(stand_in)s instead, change it before the exercise is scheduled."
                )
                % {
                    "position": inject.position,
                    "title": inject.title,
                    "state": inject.sender_state.name,
                    "directory": directory,
                    "stand_in": stand_in.name,
                }
            )
            inject.sender_state = stand_in
        kept_positions.add(inject.position)
        injects.append(inject)
    plan.injects = injects
    return plan, left_out


def _names(states: list[State]) -> str:
    return ", ".join(state.name for state in states)


def _stand_in_sender(taking_part: dict[int, State], addressed: list[State]) -> State | None:
    """A participating State (the first in English order) that the inject does not address."""
    addressed_ids = {state.pk for state in addressed}
    candidates = sorted(
        (state for pk, state in taking_part.items() if pk not in addressed_ids), key=lambda state: state.english_name
    )
    return candidates[0] if candidates else None


def _start_minutes(injects: list[PlannedInject]) -> dict[int, int]:
    """Each inject's moment in minutes after the start, a follower's reckoned from the inject it follows."""
    by_position = {inject.position: inject for inject in injects}
    found: dict[int, int] = {}

    def minutes(position: int, seen: frozenset = frozenset()) -> int:
        if position in found:
            return found[position]
        inject = by_position[position]
        if inject.follows is None or inject.follows in seen or inject.follows not in by_position:
            value = inject.offset_minutes or 0
        else:
            value = minutes(inject.follows, seen | {position}) + (inject.delay_minutes or 0)
        found[position] = value
        return value

    for position in by_position:
        minutes(position)
    return found


@transaction.atomic
def _write(plan: Plan, directory: Directory, *, user, is_template: bool) -> Exercise:
    exercise = Exercise.objects.create(
        directory=directory,
        kind=plan.kind,
        title=plan.title,
        objectives=plan.objectives,
        languages=plan.languages,
        roles=plan.roles,
        acknowledgement_hours=plan.acknowledgement_hours,
        all_states=plan.all_states,
        status=ExerciseStatus.DRAFT,
        is_template=is_template,
        created_by=user,
    )
    exercise.states.set(plan.states)
    if user is not None and not is_template:
        exercise.controllers.add(user)
    created: dict[int, Inject] = {}
    waiting = list(plan.injects)
    # An inject is written after the one it follows (its key must exist); the plan has no cycle.
    while waiting:
        ready = [inject for inject in waiting if inject.follows is None or inject.follows in created]
        if not ready:
            raise ValueError("Injects follow each other in a circle.")
        for planned in ready:
            inject = Inject.objects.create(
                exercise=exercise,
                position=planned.position,
                title=planned.title,
                offset_minutes=planned.offset_minutes,
                follows=created.get(planned.follows) if planned.follows is not None else None,
                delay_minutes=planned.delay_minutes,
                audience=planned.audience,
                sender_state=planned.sender_state,
                template=planned.template,
                tlp=planned.tlp,
                language=planned.language,
                values=planned.values,
                acknowledge_within_hours=planned.acknowledge_within_hours,
                answer_within_hours=planned.answer_within_hours,
                expected_action=planned.expected_action,
            )
            inject.states.set(planned.states)
            created[planned.position] = inject
        waiting = [inject for inject in waiting if inject.position not in created]
    return exercise


# --- The JSON file -----------------------------------------------------------------------------------------


def export_json(exercise: Exercise, *, now: datetime | None = None) -> dict:
    """The exercise as a file another network can import: States by ISO code, templates by key, no people."""
    injects = list(_injects_of(exercise))
    positions = {inject.pk: inject.position for inject in injects}
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (now or timezone.now()).isoformat(),
        "source_directory": exercise.directory.slug,
        "kind": exercise.kind,
        "title": exercise.title,
        "objectives": exercise.objectives,
        "languages": list(exercise.languages),
        "roles": list(exercise.roles),
        "acknowledgement_hours": exercise.acknowledgement_hours,
        "injects": [
            {
                "position": inject.position,
                "title": inject.title,
                "timing": {"offset_minutes": inject.offset_minutes}
                if inject.follows_id is None
                else {"follows": positions[inject.follows_id], "delay_minutes": inject.delay_minutes},
                "audience": inject.audience,
                "sender": inject.sender_state.iso3,
                "addressed": sorted(state.iso3 for state in inject.states.all()),
                "template": inject.template.key,
                "tlp": inject.tlp,
                "language": inject.language,
                "values": inject.values,
                "expectations": {
                    "acknowledge_within_hours": inject.acknowledge_within_hours,
                    "answer_within_hours": inject.answer_within_hours,
                    "action": inject.expected_action,
                },
            }
            for inject in injects
        ],
    }


def import_json(directory: Directory, data: object, *, user) -> Exercise:
    """A draft exercise in ``directory`` from a file of the exercise format (already parsed from JSON).

    Everything is checked first: a ValidationError lists every problem, each naming its inject and field,
    and nothing is written.
    """
    plan = _read(directory, data)
    return _write(plan, directory, user=user, is_template=False)


class _Problems:
    """Problems found in a file, each in the reader's words and naming where it is."""

    def __init__(self):
        self.messages: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.messages.append(_("%(where)s: %(problem)s") % {"where": where, "problem": problem})

    def text(self, data: dict, name: str, where: str, *, max_length: int, required: bool = True) -> str:
        value = data.get(name, "" if not required else None)
        if value is None or (required and value == ""):
            self.add(where, _("this field is required."))
            return ""
        if not isinstance(value, str) or len(value) > max_length:
            self.add(where, _("must be a text of at most %(length)s characters.") % {"length": max_length})
            return ""
        return value

    def number(self, value: object, where: str, *, low: int, high: int, required: bool = True) -> int | None:
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add(where, _("must be a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
            return None
        return value

    def choice(self, value: object, where: str, choices: list[str]) -> str:
        if value not in choices:
            self.add(where, _("must be one of %(choices)s.") % {"choices": ", ".join(choices)})
            return ""
        return value

    def codes(self, value: object, where: str, choices: list[str]) -> list[str]:
        if not isinstance(value, list) or any(item not in choices for item in value):
            self.add(where, _("must be a list of some of %(choices)s.") % {"choices": ", ".join(choices)})
            return []
        return list(dict.fromkeys(value))


def _read(directory: Directory, data: object) -> Plan:
    """The file's plan for ``directory``, or a ValidationError naming every problem (nothing written)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("This is not an Enlace exercise file."), code="not_an_exercise")
    if data.get("version") != VERSION:
        raise ValidationError(
            _("This file is in version %(version)s of the exercise format; this Enlace reads version %(known)s.")
            % {"version": data.get("version"), "known": VERSION},
            code="version",
        )
    problems = _Problems()
    used_roles = list(directory.roles.values_list("kind", flat=True))
    plan = Plan(
        kind=problems.choice(data.get("kind"), "kind", ExerciseKind.values),
        title=problems.text(data, "title", "title", max_length=200),
        objectives=problems.text(data, "objectives", "objectives", max_length=10_000, required=False),
        languages=problems.codes(data.get("languages", []), "languages", LANGUAGE_CODES),
        roles=problems.codes(data.get("roles", []), "roles", used_roles),
        acknowledgement_hours=problems.number(
            data.get("acknowledgement_hours", 2), "acknowledgement_hours", low=1, high=720
        )
        or 2,
    )
    injects = data.get("injects", [])
    if not isinstance(injects, list) or len(injects) > MAX_INJECTS:
        problems.add("injects", _("must be a list of at most %(count)s injects.") % {"count": MAX_INJECTS})
        injects = []
    states = {state.iso3: state for state in State.objects.filter(participations__directory=directory)}
    known_states = set(State.objects.values_list("iso3", flat=True))
    templates = {template.key: template for template in directory.communication_templates.all()}
    positions = [item.get("position") for item in injects if isinstance(item, dict)]
    for number, item in enumerate(injects, start=1):
        planned = _read_inject(directory, item, number, positions, states, known_states, templates, problems)
        if planned is not None:
            plan.injects.append(planned)
    if not problems.messages:
        _check_chains(plan.injects, problems)
    if problems.messages:
        raise ValidationError(problems.messages, code="invalid")
    return plan


def _read_inject(directory, item, number, positions, states, known_states, templates, problems) -> PlannedInject | None:
    if not isinstance(item, dict):
        problems.add(_("Inject %(number)s") % {"number": number}, _("must be an object."))
        return None
    position = item.get("position")
    # Named by its position when it has a sound one, else by its place in the file.
    name = (
        _("Inject %(number)s") % {"number": position}
        if isinstance(position, int) and not isinstance(position, bool)
        else _("Inject number %(number)s in the file") % {"number": number}
    )

    def where(field_name: str) -> str:
        return f"{name}, {field_name}"

    if problems.number(position, where("position"), low=1, high=32767) is not None and positions.count(position) > 1:
        problems.add(where("position"), _("another inject has the same position."))
    title = problems.text(item, "title", where("title"), max_length=200)

    offset = follows = delay = None
    timing = item.get("timing")
    if not isinstance(timing, dict) or ("offset_minutes" in timing) == ("follows" in timing):
        problems.add(where("timing"), _("give either offset_minutes, or follows with delay_minutes."))
    elif "offset_minutes" in timing:
        offset = problems.number(timing["offset_minutes"], where("timing.offset_minutes"), low=0, high=525_600)
    else:
        follows = timing["follows"]
        if follows not in positions or follows == position:
            problems.add(where("timing.follows"), _("must be the position of another inject of the file."))
            follows = None
        delay = problems.number(timing.get("delay_minutes"), where("timing.delay_minutes"), low=0, high=525_600)

    audience = problems.choice(item.get("audience"), where("audience"), Audience.values)
    sender = _state(item.get("sender"), where("sender"), directory, states, known_states, problems)
    addressed = item.get("addressed", [])
    addressed_states = []
    if not isinstance(addressed, list):
        problems.add(where("addressed"), _("must be a list of ISO codes of States."))
    else:
        for code in addressed:
            found = _state(code, where("addressed"), directory, states, known_states, problems)
            if found is not None:
                addressed_states.append(found)

    template = None
    key = item.get("template")
    if key not in templates:
        problems.add(
            where("template"),
            _("%(directory)s has no communication template “%(key)s”.") % {"directory": directory, "key": key},
        )
    else:
        template = templates[key]
    tlp = problems.choice(item.get("tlp", "green"), where("tlp"), TLP_VALUES)
    language = problems.choice(item.get("language"), where("language"), LANGUAGE_CODES)
    values = item.get("values", {})
    if not isinstance(values, dict):
        problems.add(where("values"), _("must be an object of the template's fields and their values."))
        values = {}
    elif template is not None:
        known_fields = {definition.name for definition in template.current_version.definitions}
        unknown = sorted(set(values) - known_fields)
        if unknown:
            problems.add(
                where("values"),
                _("the template “%(key)s” has no field %(names)s.") % {"key": key, "names": ", ".join(unknown)},
            )

    expectations = item.get("expectations", {})
    if not isinstance(expectations, dict):
        problems.add(where("expectations"), _("must be an object."))
        expectations = {}
    acknowledge = problems.number(
        expectations.get("acknowledge_within_hours"),
        where("expectations.acknowledge_within_hours"),
        low=1,
        high=32767,
        required=False,
    )
    answer = problems.number(
        expectations.get("answer_within_hours"),
        where("expectations.answer_within_hours"),
        low=1,
        high=32767,
        required=False,
    )
    action = problems.text(expectations, "action", where("expectations.action"), max_length=300, required=False)
    if sender is None or template is None or position is None:
        return None
    return PlannedInject(
        position=position,
        title=title,
        offset_minutes=offset,
        follows=follows,
        delay_minutes=delay,
        audience=audience,
        sender_state=sender,
        states=addressed_states,
        template=template,
        tlp=tlp,
        language=language,
        values=values,
        acknowledge_within_hours=acknowledge,
        answer_within_hours=answer,
        expected_action=action,
    )


def _state(code, where: str, directory: Directory, states: dict, known: set, problems: _Problems) -> State | None:
    if code in states:
        return states[code]
    if isinstance(code, str) and code in known:
        problems.add(where, _("%(code)s does not take part in %(directory)s.") % {"code": code, "directory": directory})
    else:
        problems.add(where, _("“%(code)s” is not the ISO code of a State.") % {"code": code})
    return None


def _check_chains(injects: list[PlannedInject], problems: _Problems) -> None:
    """No inject may follow, through others, itself: it would never be sent."""
    follows = {inject.position: inject.follows for inject in injects}
    for inject in injects:
        seen = {inject.position}
        step = inject.follows
        while step is not None:
            if step in seen:
                name = _("Inject %(number)s") % {"number": inject.position}
                problems.add(f"{name}, timing.follows", _("the injects follow each other in a circle."))
                break
            seen.add(step)
            step = follows.get(step)
