"""Rows of the access table for the after-action report's pages (gathered by ``access_table.py``).

The report of D1's running scenario is its controllers' alone (nothing published); the report of an ended
scenario that D1's manager published is also read by the members of D1's States (A and B), never by C's.
"""

from datetime import timedelta

from django.utils import timezone

from access.tests.access_cases import Case
from enlace.testing.world import World
from exercises import services
from exercises.choices import ExerciseKind, ExerciseStatus
from exercises.models import Exercise, Inject, Lesson

CONTROLLERS = frozenset({"manager_d1"})
# Those who read a published report of D1: its controllers and the members of its States.
D1_PLAYERS = frozenset({"manager_d1", "coord_a", "poc_a", "poc_b"})


def add_to_world(world: World, records: dict) -> dict:
    """An ended scenario of D1 whose anonymised report is published, and a lesson of the running scenario."""
    manager = world.users["manager_d1"]
    start = timezone.now() - timedelta(days=2)
    published = Exercise.objects.create(
        directory=world.d1,
        kind=ExerciseKind.SCENARIO,
        title="Scenario Published",
        roles=["diplomatic"],
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        status=ExerciseStatus.SCHEDULED,
        created_by=manager,
    )
    published.controllers.add(manager)
    inject = Inject.objects.create(
        exercise=published,
        position=1,
        title="Inject 1",
        offset_minutes=0,
        audience="diplomatic",
        sender_state=world.b,
        template=world.d1.communication_templates.get(kind="incident_notification"),
        tlp="green",
        language="en",
        values={"incident_type": "ddos", "systems_concerned": "Exercise systems"},
        acknowledge_within_hours=2,
    )
    services.start(published, now=start)
    services.send_inject(inject, now=start)
    services.end(published, now=start + timedelta(hours=6))
    services.publish_report(published, True)
    lesson = Lesson.objects.create(
        exercise=records["exercise_scenario"], text="Keep the duty roster current", owner="Secretariat"
    )
    return {"exercise_published": published, "lesson": lesson}


def _lesson_form(world: World) -> dict:
    return {"text": "Answer within the hour", "action": "Train the desk", "owner": "CSIRT", "due_on": "2030-01-31"}


ROWS: dict = {
    "exercises:report": [
        Case(CONTROLLERS, lambda w: {"code": w.exercise_scenario.code}, note="running, nothing published"),
        Case(CONTROLLERS, lambda w: {"code": w.exercise_check.code}, note="a communication check"),
        Case(D1_PLAYERS, lambda w: {"code": w.exercise_published.code}, note="published"),
    ],
    "exercises:report_csv": [
        Case(CONTROLLERS, lambda w: {"code": w.exercise_scenario.code}, note="running, nothing published"),
        Case(CONTROLLERS, lambda w: {"code": w.exercise_check.code}, note="a communication check"),
        Case(D1_PLAYERS, lambda w: {"code": w.exercise_published.code}, note="published"),
    ],
    "exercises:report_print": [
        Case(CONTROLLERS, lambda w: {"code": w.exercise_scenario.code}, note="running, nothing published"),
        Case(D1_PLAYERS, lambda w: {"code": w.exercise_published.code}, note="published"),
    ],
    "exercises:publish": [
        Case(
            CONTROLLERS,
            lambda w: {"code": w.exercise_published.code},
            method="POST",
            data=lambda w: {"publish": "0"},
        ),
    ],
    "exercises:lesson_new": [
        Case(CONTROLLERS, lambda w: {"code": w.exercise_scenario.code}, method="POST", data=_lesson_form),
    ],
    "exercises:lesson_delete": [
        Case(CONTROLLERS, lambda w: {"pk": w.lesson.pk}, note="asks first"),
        Case(CONTROLLERS, lambda w: {"pk": w.lesson.pk}, method="POST"),
    ],
}
