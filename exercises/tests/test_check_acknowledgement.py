"""A communication check is acknowledged through its e-mailed link (once), or recorded by a controller who reached
the point of contact by telephone; a State's members see their own messages only."""

import pytest
from django.test import Client
from django.urls import reverse

from exercises import services
from exercises.choices import CheckChannel, ExerciseKind, ExerciseStatus
from exercises.tests.players import (
    START,
    build_players,
    make_exercise,
)

__all__ = ["build_players"]  # the fixture ``players``


@pytest.fixture
def check(players):
    exercise = make_exercise(
        players, kind=ExerciseKind.COMMUNICATION_CHECK, status=ExerciseStatus.SCHEDULED, title="Reachability check"
    )
    services.start(exercise, now=START)
    return exercise


def link_of(check, players, iso: str) -> str:
    message = check.check_messages.get(contact=players.desks[iso])
    return reverse("exercises:acknowledge", args=[services.check_token(message)])


def test_opening_the_link_shows_the_exercise_and_records_nothing(check, players):
    response = Client().get(link_of(check, players, "KEN"))  # Kenya's desk reads English
    body = response.content.decode()
    assert response.status_code == 200
    assert "EXERCISE" in body
    assert "Reachability check" in body
    assert not check.check_messages.acknowledged().exists()


def test_the_link_acknowledges_once_through_the_link_channel(check, players):
    link = link_of(check, players, "KEN")
    first = Client().post(link).content.decode()
    message = check.check_messages.get(contact=players.desks["KEN"])
    assert "Your acknowledgement is recorded" in first
    assert message.channel == CheckChannel.LINK
    assert message.acknowledged_at is not None
    second = Client().post(link).content.decode()
    assert "It was already acknowledged" in second
    assert check.check_messages.acknowledged().count() == 1


def test_a_wrong_token_says_so_and_shows_nothing_of_the_check(check):
    response = Client().get(reverse("exercises:acknowledge", args=["not-a-real-token-at-all-0123456789"]))
    body = response.content.decode()
    assert response.status_code == 404
    assert "This exercise link is not valid." in body
    assert "Reachability check" not in body


def test_a_controller_records_an_acknowledgement_by_telephone(check, players):
    message = check.check_messages.get(contact=players.desks["KEN"])
    client = Client()
    client.force_login(players.manager)
    client.post(reverse("exercises:record_check", args=[message.code]), {"channel": "phone", "note": "Called at 10:05"})
    message.refresh_from_db()
    assert (message.channel, message.note, message.recorded_by) == (
        CheckChannel.PHONE,
        "Called at 10:05",
        players.manager,
    )


def test_recording_without_a_note_records_nothing(check, players):
    message = check.check_messages.get(contact=players.desks["KEN"])
    client = Client()
    client.force_login(players.manager)
    response = client.post(reverse("exercises:record_check", args=[message.code]), {"channel": "phone"}, follow=True)
    message.refresh_from_db()
    assert message.acknowledged_at is None
    assert "Choose the channel and write a note" in response.content.decode()


def test_a_point_of_contact_sees_its_own_message_only(check, players):
    client = Client()
    client.force_login(players.desk_users["ARG"])
    body = client.get(check.get_absolute_url()).content.decode()
    assert "Desk ARG" in body
    assert "Desk MEX" not in body
    assert "Desk KEN" not in body
