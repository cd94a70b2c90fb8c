"""Everything an exercise sends is marked EXERCISE, in the subject and the body, in the recipient's language."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from directory.models import ContactLanguage
from exercises import services
from exercises.choices import ExerciseKind, ExerciseStatus
from exercises.models import Exercise
from exercises.tests.players import build_players, html, plain, three_inject_scenario

__all__ = ["build_players"]  # the fixture ``players``

# A contact's operating language (ISO 639) and the interface language its e-mail is written in.
LANGUAGES = [("en", "en"), ("es", "es"), ("fr", "fr"), ("ar", "ar"), ("ru", "ru"), ("zh", "zh-hans"), ("pt", "pt")]


def markers(language: str) -> tuple[str, str]:
    with translation.override(language):
        return gettext("EXERCISE"), gettext("EXERCISE – EXERCISE – EXERCISE")


@pytest.fixture
def kenya_reads(players):
    def speak(code: str) -> None:
        ContactLanguage.objects.filter(contact=players.desks["KEN"]).update(code=code)

    return speak


def assert_marked(message, language: str) -> None:
    word, banner = markers(language)
    assert message["Content-Language"].lower() == language
    assert word in message["Subject"]
    assert banner in plain(message)
    assert banner in html(message)


@pytest.mark.parametrize(("code", "language"), LANGUAGES)
def test_a_communication_check_is_marked_in_the_recipients_language(
    players, kenya_reads, mailbox, background, code, language
):
    kenya_reads(code)
    now = timezone.now()
    check = Exercise.objects.create(
        directory=players.directory,
        kind=ExerciseKind.COMMUNICATION_CHECK,
        title="Reachability check",
        roles=["technical"],
        all_states=False,
        starts_at=now,
        ends_at=now + timedelta(hours=4),
        status=ExerciseStatus.SCHEDULED,
    )
    check.states.set([players.states["KEN"]])
    background(services.start, check, now=now)
    [message] = mailbox.to(players.desk_address("KEN"))
    assert_marked(message, language)


@pytest.mark.parametrize(("code", "language"), LANGUAGES)
def test_an_injects_communication_is_marked_in_the_recipients_language(
    players, kenya_reads, mailbox, background, code, language
):
    kenya_reads(code)
    start = timezone.now()
    exercise = three_inject_scenario(players, starts_at=start)
    background(services.run_due, start)
    [message] = mailbox.to(players.desk_address("KEN"))
    assert_marked(message, language)
    assert exercise.injects.get(position=1).deliveries.get(state=players.states["KEN"]).communication.is_exercise
