"""Scoring: each State's expectations of each inject, met on time, late, partly or not at all, and the figures."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from exercises import results, services
from exercises.choices import CheckChannel, Outcome
from exercises.results import ACKNOWLEDGE, ACTION, ANSWER
from exercises.tests.players import (
    HOUR,
    START,
    acknowledge,
    answer,
    build_players,
    delivery,
    scored_check,
    scored_scenario,
)

__all__ = ["build_players"]  # the fixture ``players``

AFTER_THE_DEADLINES = START + 100 * HOUR


def outcomes(exercise, iso3, now=AFTER_THE_DEADLINES, position=1) -> dict[str, Outcome]:
    scored = results.score(delivery(exercise, iso3, position), now)
    return {score.kind: score.outcome for score in scored.scored}


def test_an_acknowledgement_through_the_emailed_link_scores_on_time(players, client, mailbox, background):
    exercise = background(scored_scenario, players, start=timezone.now() - timedelta(minutes=10))
    message = mailbox.to("mfa@mex.example.org")[0]
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://[^\s\"<>]+(/acknowledge/[A-Za-z0-9_-]{20,}/)", text).group(1)

    background(client.post, link)

    assert outcomes(exercise, "MEX", now=timezone.now())[ACKNOWLEDGE] == Outcome.ON_TIME


def test_an_acknowledgement_after_the_deadline_scores_late(players):
    exercise = scored_scenario(players)
    acknowledge(exercise, "MEX", after=3 * HOUR)

    assert outcomes(exercise, "MEX")[ACKNOWLEDGE] == Outcome.LATE


def test_a_late_answer_scores_late_and_acknowledges_late_too(players):
    exercise = scored_scenario(players)
    answer(players, exercise, "ARG", after=30 * HOUR)

    assert outcomes(exercise, "ARG") == {ACKNOWLEDGE: Outcome.LATE, ANSWER: Outcome.LATE}


def test_an_answer_in_time_meets_both_expectations_on_time(players):
    exercise = scored_scenario(players)
    acknowledge(exercise, "BRA", after=HOUR)
    answer(players, exercise, "BRA", after=5 * HOUR)

    assert outcomes(exercise, "BRA") == {ACKNOWLEDGE: Outcome.ON_TIME, ANSWER: Outcome.ON_TIME}


def test_no_answer_after_the_deadline_is_not_met(players):
    exercise = scored_scenario(players)

    assert outcomes(exercise, "KEN") == {ACKNOWLEDGE: Outcome.NOT_MET, ANSWER: Outcome.NOT_MET}


def test_no_answer_before_the_deadline_is_still_waiting(players):
    exercise = scored_scenario(players)

    assert outcomes(exercise, "KEN", now=START + HOUR) == {ACKNOWLEDGE: Outcome.WAITING, ANSWER: Outcome.WAITING}


def test_an_expected_action_scores_what_the_controller_marked(players):
    exercise = scored_scenario(players, answer_within_hours=None, expected_action="Warn the national CSIRT")
    assert outcomes(exercise, "CHL")[ACTION] == Outcome.WAITING

    marked = delivery(exercise, "CHL")
    services.mark_action(marked, outcome=Outcome.PARTLY, note="Warned a day later", user=players.manager)

    assert outcomes(exercise, "CHL")[ACTION] == Outcome.PARTLY


def test_figures_count_each_state_and_the_whole(players):
    exercise = scored_scenario(players, injects=2)
    acknowledge(exercise, "MEX", after=HOUR)  # wave 1: acknowledged in 60 minutes
    answer(players, exercise, "MEX", after=10 * HOUR)  # and answered in 10 hours
    acknowledge(exercise, "MEX", after=3 * HOUR, position=2)  # wave 2: late
    acknowledge(exercise, "ARG", after=30 * 60 * timedelta(seconds=1))  # wave 1: 30 minutes

    by_state, overall = results.figures(results.scenario_results(exercise, AFTER_THE_DEADLINES))
    mexico = by_state[players.states["MEX"].pk]

    assert (mexico.deliveries, mexico.expectations) == (2, 4)
    assert (mexico.on_time, mexico.late, mexico.not_met) == (2, 1, 1)
    assert mexico.on_time_share == pytest.approx(2 / 4)
    assert mexico.median_acknowledge_minutes == pytest.approx((60 + 180) / 2)
    assert mexico.median_answer_minutes == pytest.approx(600)
    assert (overall.deliveries, overall.expectations) == (16, 32)
    assert (overall.on_time, overall.late, overall.not_met) == (3, 1, 28)
    assert overall.median_acknowledge_minutes == pytest.approx(60)


def test_a_check_counts_reachability_by_channel(players, background):
    exercise = background(scored_check, players, hours=2)
    mexico, kenya, chile = (exercise.check_messages.get(state__iso3=iso3) for iso3 in ("MEX", "KEN", "CHL"))
    services.acknowledge_check(mexico, channel=CheckChannel.LINK, now=START + 30 * timedelta(minutes=1))
    services.acknowledge_check(kenya, channel=CheckChannel.PHONE, now=START + 5 * HOUR, user=players.manager)
    chile.emails.update(status="failed")

    by_state, overall = results.check_figures(results.check_results(exercise))

    assert (overall.contacts, overall.delivered, overall.bounced) == (8, 7, 1)
    assert (overall.acknowledged, overall.reached_by_email, overall.reached_by_phone) == (2, 1, 1)
    assert overall.on_time_share == pytest.approx(1 / 8)
    assert overall.median_minutes == pytest.approx((30 + 300) / 2)
    assert by_state[players.states["KEN"].pk].on_time == 0
