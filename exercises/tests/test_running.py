"""Running a scenario by moving its clock: injects go out on time, answers come back through the communications'
own e-mailed links and pages, and each expectation is scored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communications import services as communications
from communications.models import Communication, ScheduledAction
from exercises import results, services
from exercises.choices import ExerciseStatus, InjectStatus, Outcome
from exercises.models import InjectDelivery
from exercises.tests.players import ACK_LINK, PLAYERS, SENDER, build_players, plain, three_inject_scenario

__all__ = ["build_players"]  # the fixture ``players``

MINUTE = timedelta(minutes=1)


@pytest.fixture
def start():
    """When the exercise starts: an hour ago, so that what PoCs do now comes an hour into it."""
    return timezone.now() - timedelta(hours=1)


def sent(exercise) -> list[int]:
    return list(exercise.injects.filter(status=InjectStatus.SENT).values_list("position", flat=True))


def delivery(exercise, position: int, iso3: str) -> InjectDelivery:
    return InjectDelivery.objects.select_related("communication").get(
        inject__exercise=exercise, inject__position=position, state__iso3=iso3
    )


def answer(players, original: Communication, iso3: str, *, at, audience="technical") -> Communication:
    draft = communications.Draft(
        **communications.answer_draft(original, sender_state=players.states[iso3]),
        audience=audience,
        tlp="green",
        urgency="routine",
        language="en",
        # As the answer page does: an answer to an exercise is part of it.
        is_exercise=original.is_exercise,
        values={"request_status": "met", "answer": "Exercise: done", "actions_taken": "", "follow_up_contact": ""},
    )
    return communications.send(draft, user=players.desk_users[iso3], now=at)


def test_the_worker_starts_a_scheduled_scenario_and_sends_its_first_inject_at_the_start(players, start):
    exercise = three_inject_scenario(players, starts_at=start)
    assert services.run_due(start - MINUTE) == {"started": 0, "injects": 0, "ended": 0}
    assert services.run_due(start) == {"started": 1, "injects": 1, "ended": 0}
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.RUNNING
    assert sent(exercise) == [1]
    assert exercise.injects.get(position=1).deliveries.count() == 5  # every State but the sender


def test_an_inject_goes_out_when_the_clock_reaches_its_offset(players, start):
    exercise = three_inject_scenario(players, starts_at=start)
    services.run_due(start)
    services.run_due(start + timedelta(minutes=119))
    assert 3 not in sent(exercise)
    services.run_due(start + timedelta(minutes=120))
    assert 3 in sent(exercise)


def test_a_follower_goes_out_its_delay_after_the_inject_it_follows_went_out(players, start):
    exercise = three_inject_scenario(players, starts_at=start, status=ExerciseStatus.SCHEDULED)
    first = exercise.injects.get(position=1)
    services.start(exercise, now=start)
    # A controller sends the first inject early... it was due at the start; here it goes 10 minutes late.
    services.send_inject(first, now=start + timedelta(minutes=10))
    assert exercise.injects.get(position=2).due_at == start + timedelta(minutes=40)
    services.run_due(start + timedelta(minutes=39))
    assert sent(exercise) == [1]
    services.run_due(start + timedelta(minutes=40))
    assert sent(exercise) == [1, 2]


def test_a_paused_exercise_sends_nothing_and_resuming_moves_what_is_pending_later(players, start):
    exercise = three_inject_scenario(players, starts_at=start)
    services.run_due(start)
    services.pause(exercise, now=start + timedelta(minutes=10))
    assert services.run_due(start + timedelta(minutes=200))["injects"] == 0
    services.resume(exercise, now=start + timedelta(minutes=70))  # paused for an hour
    assert exercise.injects.get(position=2).due_at == start + timedelta(minutes=90)
    assert exercise.injects.get(position=3).due_at == start + timedelta(minutes=180)
    services.run_due(start + timedelta(minutes=179))
    assert sent(exercise) == [1, 2]
    services.run_due(start + timedelta(minutes=180))
    assert sent(exercise) == [1, 2, 3]


def test_ending_an_exercise_stops_its_communications_reminders_and_escalation(players, start):
    exercise = three_inject_scenario(players, starts_at=start)
    services.run_due(start)
    pending = ScheduledAction.objects.pending().filter(communication__is_exercise=True)
    assert pending.exists()
    services.end(exercise, now=start + timedelta(minutes=30))
    assert not pending.exists()


def test_an_acknowledgement_through_the_emailed_link_meets_the_expectation_on_time(
    players, start, client, mailbox, background
):
    exercise = three_inject_scenario(players, starts_at=start)
    background(services.run_due, start)
    [message] = mailbox.to(players.desk_address("KEN"))
    link = ACK_LINK.search(plain(message)).group(1)
    assert client.post(link).status_code == 200
    [scored] = results.score(delivery(exercise, 1, "KEN"), timezone.now()).scored[:1]
    assert scored.outcome == Outcome.ON_TIME
    assert scored.minutes == pytest.approx(60, abs=2)


def test_an_answer_after_its_deadline_scores_late(players, start):
    exercise = three_inject_scenario(players, starts_at=start)
    services.run_due(start)
    original = delivery(exercise, 1, "MEX").communication
    answer(players, original, "MEX", at=start + timedelta(hours=25))  # answer within 24 hours
    acknowledged, answered = results.score(delivery(exercise, 1, "MEX"), start + timedelta(days=2)).scored
    assert acknowledged.outcome == Outcome.LATE  # an answer acknowledges too, if nothing did before
    assert answered.outcome == Outcome.LATE


def test_no_answer_by_the_deadline_is_not_met_and_waiting_before_it(players, start):
    exercise = three_inject_scenario(players, starts_at=start)
    services.run_due(start)
    kenya = delivery(exercise, 1, "KEN")
    assert [s.outcome for s in results.score(kenya, start + timedelta(hours=1)).scored] == [Outcome.WAITING] * 2
    assert [s.outcome for s in results.score(kenya, start + timedelta(hours=25)).scored] == [Outcome.NOT_MET] * 2


def test_the_real_statistics_do_not_move_during_an_exercise(players, start):
    real = communications.Draft(
        directory=players.directory,
        version=players.directory.communication_templates.get(kind="incident_notification").current_version,
        sender_state=players.states["MEX"],
        recipient_state=players.states["KEN"],
        audience="technical",
        tlp="green",
        urgency="high",
        language="en",
        values={"incident_type": "ddos", "systems_concerned": "Real"},
    )
    communications.send(real, user=players.desk_users["MEX"], now=start)
    before = communications.monthly_statistics(players.directory)
    assert before[0].sent == 1

    exercise = three_inject_scenario(players, starts_at=start)
    services.run_due(start)
    services.run_due(start + timedelta(minutes=120))
    for iso3 in PLAYERS[:3]:
        original = delivery(exercise, 1, iso3).communication
        communications.acknowledge(original, user=players.desk_users[iso3], now=start + timedelta(minutes=20))
        answer(players, original, iso3, at=start + timedelta(hours=3))
    assert Communication.objects.filter(is_exercise=True).count() == 15 + 3

    assert communications.monthly_statistics(players.directory) == before


def test_a_manager_runs_a_three_inject_scenario_for_five_states_and_the_figures_are_right(
    players, start, client, mailbox, background
):
    """The whole of it: built from the directory's templates, scheduled, played by the worker's clock, answered
    by the PoCs through their e-mails and the answer template, marked by the controller, and scored."""
    exercise = three_inject_scenario(players, starts_at=start, status=ExerciseStatus.DRAFT)
    services.schedule(exercise)
    background(services.run_due, start)
    background(services.run_due, start + timedelta(minutes=30))
    background(services.run_due, start + timedelta(minutes=120))
    assert sent(exercise) == [1, 2, 3]
    assert mailbox.to(players.desk_address(SENDER)) == []

    def acknowledge_by_link(iso3: str, position: int) -> None:
        """Follow the link of the e-mail that brought this inject to this State's desk."""
        wanted = delivery(exercise, position, iso3).communication
        links = [ACK_LINK.search(plain(message)).group(1) for message in mailbox.to(players.desk_address(iso3))]
        [link] = [link for link in links if communications.find_by_token(link.split("/")[-2]).communication == wanted]
        assert client.post(link).status_code == 200

    # Inject 1 (acknowledge within 2 hours, answer within 24): three acknowledge by the e-mailed link now,
    # an hour in; Estonia acknowledges after 3 hours; Mexico answers after 5 hours, Argentina after 30.
    for iso3 in ("MEX", "ARG", "KEN"):
        acknowledge_by_link(iso3, 1)
    communications.acknowledge(delivery(exercise, 1, "EST").communication, now=start + timedelta(hours=3))
    answer(players, delivery(exercise, 1, "MEX").communication, "MEX", at=start + timedelta(hours=5))
    answer(players, delivery(exercise, 1, "ARG").communication, "ARG", at=start + timedelta(hours=30))
    # Inject 2 (acknowledge within 4 hours; an action): Kenya acknowledges by its link half an hour after it
    # went out; the controller marks Mexico's action met on time and Argentina's partly met.
    acknowledge_by_link("KEN", 2)
    services.mark_action(delivery(exercise, 2, "MEX"), outcome=Outcome.ON_TIME, note="", user=players.manager)
    services.mark_action(delivery(exercise, 2, "ARG"), outcome=Outcome.PARTLY, note="", user=players.manager)
    # Inject 3 (answer within 48 hours, to the diplomats): Egypt answers 8 hours after it went out.
    answer(
        players,
        delivery(exercise, 3, "EGY").communication,
        "EGY",
        at=start + timedelta(hours=10),
        audience="diplomatic",
    )

    services.end(exercise, now=start + timedelta(days=3))
    by_state, overall = results.figures(results.scenario_results(exercise, start + timedelta(days=4)))

    assert (overall.deliveries, overall.reached, overall.expectations) == (15, 15, 25)
    assert dict(overall.outcomes) == {
        Outcome.ON_TIME: 7,
        Outcome.LATE: 2,
        Outcome.PARTLY: 1,
        Outcome.NOT_MET: 12,
        Outcome.WAITING: 3,
    }
    assert overall.on_time_share == pytest.approx(7 / 22)
    # Acknowledged after about 60 (three by link), 180 and 30 minutes; answered after 300, 1,800 and 480.
    assert overall.median_acknowledge_minutes == pytest.approx(60, abs=2)
    assert overall.median_answer_minutes == 480
    mexico = by_state[players.states["MEX"].pk]
    assert dict(mexico.outcomes) == {Outcome.ON_TIME: 3, Outcome.NOT_MET: 2}
    egypt = by_state[players.states["EGY"].pk]
    assert dict(egypt.outcomes) == {Outcome.ON_TIME: 1, Outcome.NOT_MET: 3, Outcome.WAITING: 1}
    assert set(by_state) == {players.states[iso3].pk for iso3 in PLAYERS}
