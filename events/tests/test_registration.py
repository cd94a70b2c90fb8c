"""Registration fills an event's places in order; beyond them people wait, and the first waiting moves up (and is
told by e-mail) when someone registered cancels."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.choices import EventStatus, RegistrationStatus
from events.models import Registration
from events.tests.gathering import build_gathering, new_event

__all__ = ["build_gathering"]  # the fixture ``gathering``


def test_registering_beyond_the_places_puts_you_on_the_waiting_list(gathering):
    first, second, third, fourth = (services.register(gathering.meeting, poc) for poc in gathering.pocs)
    assert [first.status, second.status] == [RegistrationStatus.REGISTERED, RegistrationStatus.REGISTERED]
    assert [third.status, fourth.status] == [RegistrationStatus.WAITING, RegistrationStatus.WAITING]


def test_registering_twice_keeps_the_place_one_has(gathering):
    first = services.register(gathering.meeting, gathering.pocs[0])
    again = services.register(gathering.meeting, gathering.pocs[0])
    assert again.pk == first.pk
    assert Registration.objects.filter(event=gathering.meeting).count() == 1


def test_when_a_registered_person_cancels_the_first_waiting_moves_up_and_is_emailed(gathering, mailbox, background):
    registered, _second, first_waiting, second_waiting = (
        services.register(gathering.meeting, poc) for poc in gathering.pocs
    )
    promoted = background(services.cancel, registered)
    assert promoted.pk == first_waiting.pk
    statuses = dict(Registration.objects.filter(event=gathering.meeting).values_list("user__email", "status"))
    assert statuses[gathering.pocs[2].email] == RegistrationStatus.REGISTERED
    assert statuses[second_waiting.user.email] == RegistrationStatus.WAITING
    [message] = mailbox.to(gathering.pocs[2].email)
    assert "Yearly meeting of the points of contact" in message["Subject"]
    assert gathering.meeting.get_absolute_url() in message.get_body(("plain",)).get_content()
    assert not mailbox.to(second_waiting.user.email)


def test_cancelling_a_place_on_the_waiting_list_moves_nobody_up(gathering, mailbox, background):
    *_registered, waiting, last = (services.register(gathering.meeting, poc) for poc in gathering.pocs)
    assert background(services.cancel, waiting) is None
    assert Registration.objects.get(pk=last.pk).status == RegistrationStatus.WAITING
    assert not mailbox.messages


def test_registering_again_after_cancelling_goes_to_the_end_of_the_queue(gathering):
    first, *_others = (services.register(gathering.meeting, poc) for poc in gathering.pocs)
    services.cancel(first)
    again = services.register(gathering.meeting, gathering.pocs[0])
    assert again.status == RegistrationStatus.WAITING
    queue = list(Registration.objects.filter(event=gathering.meeting).waiting_in_order().values_list("user", flat=True))
    assert queue == [gathering.pocs[3].pk, gathering.pocs[0].pk]


def test_an_event_without_a_limit_registers_everyone(gathering):
    open_meeting = new_event(gathering.network.oas, starts_at=timezone.now() + timedelta(days=5))
    statuses = {services.register(open_meeting, poc).status for poc in gathering.pocs}
    assert statuses == {RegistrationStatus.REGISTERED}


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.CANCELLED])
def test_only_an_announced_event_takes_registrations(gathering, status):
    event = new_event(gathering.network.oas, starts_at=timezone.now() + timedelta(days=5), status=status)
    with pytest.raises(services.NotAllowedNow):
        services.register(event, gathering.pocs[0])


def test_an_event_that_has_ended_takes_no_registration(gathering):
    past = new_event(gathering.network.oas, starts_at=timezone.now() - timedelta(days=2))
    with pytest.raises(services.NotAllowedNow):
        services.register(past, gathering.pocs[0])


def test_attendance_is_recorded_for_those_registered(gathering):
    came, stayed_away, waiting, _last = (services.register(gathering.meeting, poc) for poc in gathering.pocs)
    assert services.record_attendance(gathering.meeting, {came.pk, waiting.pk}) == 1
    attended = dict(Registration.objects.filter(event=gathering.meeting).values_list("pk", "attended"))
    assert attended == {came.pk: True, stayed_away.pk: False, waiting.pk: None, _last.pk: None}
