"""Who sees and runs an exercise.

A directory's managers prepare its exercises, keep its library and publish reports. The controllers a
manager names (managers, or States' national coordinators) run an exercise: start, pause, send injects,
record telephone answers, mark expected actions, write the lessons. They see every State's results.

A participating State sees the exercise once it is scheduled, and its own results only: a coordinator
its States', a point of contact its own check message. Another State's results are never shown to it; the
whole is shown anonymised (no group smaller than five), and only once a manager publishes the report.
"""

from django.db.models import Exists, OuterRef, Q

from access.principal import Principal
from access.restriction import rule
from exercises.choices import ExerciseStatus
from exercises.models import CheckMessage, Exercise, InjectDelivery

UNDER_WAY_OR_DONE = [ExerciseStatus.SCHEDULED, ExerciseStatus.RUNNING, ExerciseStatus.ENDED, ExerciseStatus.REPORTED]


def _controls(principal: Principal, prefix: str = "") -> Q:
    """Manages the exercise's directory, or is one of its controllers."""
    controller = Exercise.controllers.through.objects.filter(
        exercise_id=OuterRef(f"{prefix}pk"), user_id=principal.user_id
    )
    return Q(**{f"{prefix}directory_id__in": principal.managed_directory_ids}) | Q(Exists(controller))


def _plays(principal: Principal) -> Q:
    """An exercise under way or done in which one of the reader's States takes part."""
    chosen = Exercise.states.through.objects.filter(exercise_id=OuterRef("pk"), state_id__in=principal.member_state_ids)
    return Q(
        is_template=False,
        status__in=UNDER_WAY_OR_DONE,
        directory_id__in=principal.participating_directory_ids,
    ) & (Q(all_states=True) | Q(Exists(chosen)))


@rule(Exercise, "view")
def exercises_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    visible = _controls(principal)
    return visible | _plays(principal) if principal.member_state_ids else visible


@rule(Exercise, "control")
def exercises_controlled(principal: Principal):
    """Run it: start, pause, resume, send and add injects, record answers, mark actions, write lessons."""
    if not principal.is_authenticated:
        return False
    return _controls(principal)


@rule(Exercise, "change")
def exercises_managed(principal: Principal):
    """Prepare it, keep it in the library, copy and export it, publish its report."""
    return Q(directory_id__in=principal.managed_directory_ids)


@rule(Exercise, "view_report")
def reports_visible(principal: Principal):
    """The anonymised report: those who control the exercise always; participating States once published."""
    if not principal.is_authenticated:
        return False
    visible = _controls(principal)
    return visible | (_plays(principal) & Q(report_published=True)) if principal.member_state_ids else visible


@rule(CheckMessage, "view")
def check_messages_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    visible = _controls(principal, "exercise__") | Q(state_id__in=principal.coordinated_state_ids)
    return visible | Q(contact_id=principal.contact_id) if principal.contact_id else visible


@rule(CheckMessage, "record")
def check_messages_recordable(principal: Principal):
    """Recording an acknowledgement received by telephone is the controllers'."""
    if not principal.is_authenticated:
        return False
    return _controls(principal, "exercise__")


@rule(InjectDelivery, "view")
def deliveries_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    return _controls(principal, "inject__exercise__") | Q(state_id__in=principal.member_state_ids)


@rule(InjectDelivery, "mark")
def deliveries_markable(principal: Principal):
    if not principal.is_authenticated:
        return False
    return _controls(principal, "inject__exercise__")
