"""The controllers' live board: each State's stage on each inject, the figures, the marks, and what it costs to read;
a participating State sees its own results only."""

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse

from communications import services as communications
from enlace.testing.queries import queries_run
from exercises import services
from exercises.choices import ExerciseKind, ExerciseStatus, Outcome
from exercises.models import InjectDelivery
from exercises.tests.players import (
    START,
    add_inject,
    build_players,
    make_exercise,
    started_scenario,
)

__all__ = ["build_players"]  # the fixture ``players``

# The board's statements, whatever its number of States and injects: the session, the reader and its roles; the
# exercise and whether the reader controls it; its scored deliveries; its injects.
BOARD_QUERIES = 7


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def board(players, exercise) -> str:
    return client_for(players.manager).get(reverse("exercises:board", args=[exercise.code])).content.decode()


def stage_of(body: str, state_name: str) -> list[str]:
    row = re.search(rf"<th scope=\"row\">{state_name}</th>(.*?)</tr>", body, re.S).group(1)
    return re.findall(r'<span class="board-stage">([^<]+)</span>', row)


def acknowledge(delivery: InjectDelivery, at) -> None:
    communication = delivery.communication
    communications.acknowledge(communication, user=None, recipient=communication.recipients.first(), now=at)


def test_the_board_shows_each_states_stage_on_each_inject(players):
    exercise = started_scenario(players)
    delivery = InjectDelivery.objects.get(inject__exercise=exercise, state=players.states["MEX"])
    acknowledge(delivery, START + timedelta(minutes=20))
    body = board(players, exercise)
    assert stage_of(body, "Mexico") == ["Acknowledged"]
    assert stage_of(body, "Kenya") == ["Sent"]
    assert "Estonia</th>" not in body  # the sender State receives nothing


def test_the_board_flags_a_state_that_did_not_acknowledge_in_time(players):
    exercise = started_scenario(players, now=START - timedelta(hours=3))
    body = board(players, exercise)
    assert "no answer" in body


def test_the_boards_figures_count_the_expectations_met_on_time(players):
    exercise = started_scenario(players)
    for iso in ("MEX", "ARG"):
        acknowledge(InjectDelivery.objects.get(inject__exercise=exercise, state=players.states[iso]), START)
    response = client_for(players.manager).get(reverse("exercises:board", args=[exercise.code]))
    overall = response.context["overall"]
    assert overall.deliveries == 3
    assert overall.outcomes[Outcome.ON_TIME] == 2


def test_the_board_polls_while_the_exercise_runs(players):
    exercise = started_scenario(players)
    body = client_for(players.manager).get(exercise.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 10s"' in body
    assert reverse("exercises:board", args=[exercise.code]) in body


def test_the_board_reads_a_fixed_number_of_statements(players, django_assert_num_queries):
    exercise = started_scenario(players, injects=3)
    client = client_for(players.manager)
    with django_assert_num_queries(BOARD_QUERIES):
        client.get(reverse("exercises:board", args=[exercise.code]))


def test_the_boards_statements_do_not_grow_with_states_and_injects(players):
    small = make_exercise(players, status=ExerciseStatus.SCHEDULED, all_states=False)
    small.states.add(players.states["MEX"], players.states["EST"])
    services.start(small, now=START)
    services.send_inject(add_inject(small, players, 1), now=START)
    large = started_scenario(players, injects=3)
    client = client_for(players.manager)
    with queries_run() as one:
        client.get(reverse("exercises:board", args=[small.code]))
    with queries_run() as many:
        client.get(reverse("exercises:board", args=[large.code]))
    assert len(many) == len(one)


def test_a_controller_marks_a_states_expected_action(players):
    exercise = started_scenario(players)
    delivery = InjectDelivery.objects.get(inject__exercise=exercise, state=players.states["KEN"])
    delivery.inject.expected_action = "Block the sources"
    delivery.inject.save()
    client_for(players.manager).post(
        reverse("exercises:mark_action", args=[delivery.pk]), {"outcome": "partly", "note": "Half of them"}
    )
    delivery.refresh_from_db()
    assert (delivery.action_outcome, delivery.action_note, delivery.marked_by) == (
        "partly",
        "Half of them",
        players.manager,
    )


def test_a_state_member_sees_its_own_results_and_never_another_states(players):
    exercise = started_scenario(players)
    acknowledge(InjectDelivery.objects.get(inject__exercise=exercise, state=players.states["KEN"]), START)
    body = client_for(players.desk_users["MEX"]).get(exercise.get_absolute_url()).content.decode()
    results = re.search(r'<table class="table table-sm" id="own-results">(.*?)</table>', body, re.S).group(1)
    assert "Mexico" in results
    assert "Kenya" not in results
    assert "Argentina" not in results
    assert 'id="board"' not in body


def test_a_state_member_cannot_read_the_board(players):
    exercise = started_scenario(players)
    response = client_for(players.desk_users["MEX"]).get(reverse("exercises:board", args=[exercise.code]))
    assert response.status_code in (302, 403, 404)


def test_the_check_board_shows_each_point_of_contact(players):
    exercise = make_exercise(players, kind=ExerciseKind.COMMUNICATION_CHECK, status=ExerciseStatus.SCHEDULED)
    services.start(exercise, now=START)
    body = board(players, exercise)
    for iso in ("MEX", "ARG", "KEN", "EST"):
        assert f"Desk {iso}" in body
    assert body.count("Record an acknowledgement") == 1  # the column; each row has its own form
    assert body.count('name="channel"') == 4
