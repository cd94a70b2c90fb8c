"""Registration fills an event's places in order; beyond them people wait, and the first waiting moves up (and is
told by e-mail) when someone registered cancels."""

from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events import services
from events.choices import EventStatus, RegistrationStatus
from events.models import Event, Registration
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
    assert settings.SITE_URL + gathering.meeting.get_absolute_url() in message.get_body(("plain",)).get_content()
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


def _edit_post(event, **changes) -> dict:
    """The manager's edit form as it arrives, with ``changes`` made to it."""
    start, end = event.starts_at.astimezone(UTC), event.ends_at.astimezone(UTC)
    data = {
        "kind": event.kind,
        "title": event.title,
        "status": event.status,
        "day": f"{start:%Y-%m-%d}",
        "start_time": f"{start:%H:%M}",
        "end_time": f"{end:%H:%M}",
        "time_zone": "UTC",
        "all_states": "on",
        "capacity": event.capacity or "",
        "remind_hours_before": event.remind_hours_before,
        "place": event.place,
    }
    return {**data, **changes}


def test_cancelling_an_event_emails_everyone_registered_or_waiting_once(gathering, client, mailbox, background):
    registered, second, waiting, gone = (services.register(gathering.meeting, poc) for poc in gathering.pocs)
    services.cancel(gone)
    mailbox.clear()
    client.force_login(gathering.network.manager)
    edit = reverse("events:edit", args=[gathering.meeting.code])

    response = background(client.post, edit, _edit_post(gathering.meeting, status=EventStatus.CANCELLED))
    assert response.status_code == 302
    told = {message["To"] for message in mailbox.messages}
    assert told == {registered.user.email, second.user.email, waiting.user.email}
    [message] = mailbox.to(waiting.user.email)
    assert message["Subject"] == "Cancelled: Yearly meeting of the points of contact"
    assert settings.SITE_URL + gathering.meeting.get_absolute_url() in message.get_body(("plain",)).get_content()

    mailbox.clear()
    meeting = Event.objects.get(pk=gathering.meeting.pk)
    background(client.post, edit, _edit_post(meeting, place="Online"))
    assert not mailbox.messages


def test_a_cancelled_events_registrants_are_told_in_their_own_language(gathering, client, mailbox, background):
    reader = gathering.pocs[0]
    reader.language = "es"
    reader.save(update_fields=["language"])
    services.register(gathering.meeting, reader)
    client.force_login(gathering.network.manager)

    edit = reverse("events:edit", args=[gathering.meeting.code])
    background(client.post, edit, _edit_post(gathering.meeting, status=EventStatus.CANCELLED))
    [message] = mailbox.to(reader.email)
    assert message["Subject"] == "Cancelado: Yearly meeting of the points of contact"
