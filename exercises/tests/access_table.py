"""Who may open the exercises' pages, role by role: this app's rows of the access table, and the records
of the test world they need (``add_to_world``).

The rows of the report and of the library are in ``access_rows_report.py`` and ``access_rows_library.py``.
"""

from datetime import timedelta

from django.utils import timezone

from enlace.testing.world import World
from exercises import services
from exercises.choices import ExerciseKind, ExerciseStatus
from exercises.models import Exercise, Inject
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


ROWS = {
    **access_rows_report.ROWS,
    **access_rows_library.ROWS,
}
