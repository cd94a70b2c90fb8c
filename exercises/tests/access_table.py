"""Who may open the exercises' pages, role by role: this app's rows of the access table, and the records
of the test world they need (``add_to_world``).

The rows of the report and of the library are in ``access_rows_report.py`` and ``access_rows_library.py``.
"""

from datetime import timedelta

from django.utils import timezone

from access.tests.access_cases import D1_READERS, EVERYONE, Case
from enlace.testing.world import World
from exercises import services
from exercises.choices import ExerciseKind, ExerciseStatus
from exercises.models import Exercise, Inject, Lesson
from exercises.tests import access_rows_library, access_rows_report

# Who controls D1's exercises: its manager (a controller too).
CONTROLLERS = frozenset({"manager_d1"})
# Who sees a running exercise of D1: its controllers and the members of its States.
D1_PLAYERS = frozenset({"manager_d1", "coord_a", "poc_a", "poc_b"})


def add_to_world(world: World) -> dict:
    """A communication check and a scenario running in D1 (controlled by its manager), and a draft scenario."""
    now = timezone.now()
    manager = world.users["manager_d1"]
    template = world.d1.communication_templates.get(kind="incident_notification")

    def exercise(kind: str, title: str, status: str = ExerciseStatus.SCHEDULED) -> Exercise:
        made = Exercise.objects.create(
            directory=world.d1,
            kind=kind,
            title=title,
            roles=["diplomatic", "technical"],
            starts_at=now - timedelta(minutes=5),
            ends_at=now + timedelta(days=1),
            status=status,
            created_by=manager,
        )
        made.controllers.add(manager)
        return made

    def inject(exercise: Exercise, position: int, offset: int) -> Inject:
        return Inject.objects.create(
            exercise=exercise,
            position=position,
            title=f"Inject {position}",
            offset_minutes=offset,
            audience="diplomatic",
            sender_state=world.b,
            template=template,
            tlp="green",
            language="en",
            values={"incident_type": "ddos", "systems_concerned": "Exercise systems"},
            acknowledge_within_hours=2,
            answer_within_hours=24,
            expected_action="Inform the national CSIRT",
        )

    check = exercise(ExerciseKind.COMMUNICATION_CHECK, "Check Alpha")
    services.start(check, now=now)
    scenario = exercise(ExerciseKind.SCENARIO, "Scenario Alpha")
    sent, pending = inject(scenario, 1, 0), inject(scenario, 2, 600)
    services.start(scenario, now=now)
    services.send_inject(sent, now=now)
    draft = exercise(ExerciseKind.SCENARIO, "Scenario Draft", status=ExerciseStatus.DRAFT)
    message_a = check.check_messages.get(contact=world.contact_a)
    records = {
        "exercise_check": check,
        "check_message_a": message_a,
        "check_token_a": services.check_token(message_a),
        "exercise_scenario": scenario,
        "inject_sent": sent,
        "inject_pending": pending,
        "delivery_a": sent.deliveries.get(state=world.a),
        "exercise_draft": draft,
        "inject_draft": inject(draft, 1, 0),
    }
    for module in (access_rows_report, access_rows_library):
        records.update(module.add_to_world(world, records))
    return records


MANAGER_D1 = frozenset({"manager_d1"})


def _code(name: str):
    return lambda world: {"code": getattr(world, name).code}


ROWS = {
    "exercises:list": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "exercises:new": [Case(MANAGER_D1, lambda w: {"slug": w.d1.slug})],
    "exercises:detail": [
        Case(D1_PLAYERS, _code("exercise_scenario"), note="running: its States see their own results"),
        Case(D1_PLAYERS, _code("exercise_check"), note="a running communication check"),
        Case(CONTROLLERS, _code("exercise_draft"), note="a draft is its controllers' only"),
    ],
    "exercises:edit": [Case(MANAGER_D1, _code("exercise_draft"))],
    "exercises:board": [
        Case(CONTROLLERS, _code("exercise_scenario")),
        Case(CONTROLLERS, _code("exercise_check")),
    ],
    "exercises:control": [
        Case(CONTROLLERS, _code("exercise_scenario"), method="POST", data=lambda w: {"action": "pause"}),
    ],
    "exercises:inject_new": [
        Case(MANAGER_D1, _code("exercise_draft"), note="a draft's inject"),
        Case(CONTROLLERS, _code("exercise_scenario"), note="an ad-hoc inject while it runs"),
    ],
    "exercises:inject_edit": [Case(MANAGER_D1, _code("inject_draft"))],
    "exercises:inject_delete": [Case(MANAGER_D1, _code("inject_draft"), method="POST")],
    "exercises:inject_send": [Case(CONTROLLERS, _code("inject_pending"), method="POST")],
    "exercises:mark_action": [
        Case(
            CONTROLLERS,
            lambda w: {"pk": w.delivery_a.pk},
            method="POST",
            data=lambda w: {"outcome": "on_time", "note": "Done"},
        )
    ],
    "exercises:record_check": [
        Case(
            CONTROLLERS,
            _code("check_message_a"),
            method="POST",
            data=lambda w: {"channel": "phone", "note": "Reached by telephone"},
        )
    ],
    "exercises:acknowledge": [
        Case(EVERYONE, lambda w: {"token": w.check_token_a}),
        Case(EVERYONE, lambda w: {"token": w.check_token_a}, method="POST"),
    ],
    **access_rows_report.ROWS,
    **access_rows_library.ROWS,
}

# The exercises' key pages, which the accessibility test opens in a real browser for each role
# (``enlace/tests/test_accessibility.py`` adds every app's ``KEY_PAGES``).
# (The check's acknowledgement page, like a ping's confirmation page, is written in its recipient's language,
# not the reader's: the test's languages do not apply to it.)
KEY_PAGES = {
    "poc_a": [
        ("exercises:list", lambda w: {"slug": w.d1.slug}),
        ("exercises:detail", lambda w: {"code": w.exercise_scenario.code}),
        ("exercises:report", lambda w: {"code": w.exercise_published.code}),
    ],
    "manager_d1": [
        ("exercises:list", lambda w: {"slug": w.d1.slug}),
        ("exercises:new", lambda w: {"slug": w.d1.slug}),
        ("exercises:detail", lambda w: {"code": w.exercise_scenario.code}),
        ("exercises:detail", lambda w: {"code": w.exercise_check.code}),
        ("exercises:inject_new", lambda w: {"code": w.exercise_draft.code}),
        ("exercises:report", lambda w: {"code": w.exercise_published.code}),
        ("exercises:report", lambda w: {"code": w.exercise_check.code}),
        ("exercises:copy", lambda w: {"code": w.exercise_draft.code}),
        ("exercises:import_json", lambda w: {"slug": w.d1.slug}),
    ],
}


def names_people_wrote() -> list[str]:
    """What the exercises' writers wrote in the test world (titles, lessons): data, not the interface's text."""
    return [
        *Exercise.objects.values_list("title", flat=True),
        *Inject.objects.values_list("title", flat=True),
        *Lesson.objects.values_list("text", flat=True),
        *Lesson.objects.values_list("action", flat=True),
        *Lesson.objects.values_list("owner", flat=True),
    ]
