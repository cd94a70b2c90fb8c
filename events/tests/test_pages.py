"""The events' pages: the list's queries do not grow with its rows, the agenda is shown as text, a file is accepted
by what it contains, and the manager's times are read in the event's zone."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, EventDocument
from events.tests.gathering import build_gathering, new_event
from repository.pdf import make_pdf

__all__ = ["build_gathering"]  # the fixture ``gathering``

# However many events: their counts and the reader's own standing are read in the statements that read them.
QUERIES = 7


def _more_events(gathering, count: int) -> None:
    for number in range(count):
        event = new_event(
            gathering.network.oas, starts_at=timezone.now() + timedelta(days=number + 1), title=f"Training {number}"
        )
        services.register(event, gathering.pocs[number % 4])


@pytest.mark.parametrize("role", ["poc", "manager"])
def test_the_list_reads_as_many_queries_for_one_event_as_for_thirty(gathering, client, role, django_assert_num_queries):
    reader = gathering.pocs[0] if role == "poc" else gathering.network.manager
    client.force_login(reader)
    url = reverse("events:list", args=[gathering.network.oas.slug])
    client.get(url)  # the per-process caches (languages, the navigation) are warm
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200
    _more_events(gathering, 30)
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.content.decode().count("Training ") == 30


def test_the_agenda_is_shown_as_text(gathering, client):
    gathering.meeting.agenda = "<script>alert(1)</script>Opening"
    gathering.meeting.save()
    client.force_login(gathering.pocs[0])
    body = client.get(gathering.meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Opening" in body


def test_a_pdf_is_attached_and_a_file_that_only_claims_to_be_one_is_refused(gathering, client):
    client.force_login(gathering.network.manager)
    url = reverse("events:attach_file", args=[gathering.meeting.code])
    pdf = SimpleUploadedFile("programme.pdf", make_pdf(["Programme"]), content_type="application/pdf")
    client.post(url, {"title": "Programme", "upload": pdf})
    fake = SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "Agenda", "upload": fake}, follow=True)
    assert list(EventDocument.objects.filter(event=gathering.meeting).values_list("title", flat=True)) == ["Programme"]
    assert response.status_code == 200


def test_the_manager_types_the_times_in_the_events_zone(gathering, client):
    client.force_login(gathering.network.manager)
    response = client.post(
        reverse("events:new", args=[gathering.network.oas.slug]),
        {
            "kind": "workshop",
            "title": "Workshop in Delhi",
            "status": "published",
            "day": "2031-07-01",
            "start_time": "10:00",
            "end_time": "12:30",
            "time_zone": "Asia/Kolkata",
            "all_states": "on",
            "remind_hours_before": "24",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Workshop in Delhi")
    assert event.starts_at == datetime(2031, 7, 1, 4, 30, tzinfo=UTC)
    assert event.ends_at == datetime(2031, 7, 1, 7, 0, tzinfo=UTC)


def test_a_point_of_contact_registers_and_cancels_from_the_event_page(gathering, client):
    client.force_login(gathering.pocs[0])
    client.post(reverse("events:register", args=[gathering.meeting.code]))
    assert "You are registered." in client.get(gathering.meeting.get_absolute_url()).content.decode()
    client.post(reverse("events:cancel", args=[gathering.meeting.code]))
    assert "You are not registered." in client.get(gathering.meeting.get_absolute_url()).content.decode()


def test_an_event_for_some_states_is_not_shown_to_the_others(gathering, client):
    event = new_event(gathering.network.oas, starts_at=timezone.now() + timedelta(days=3), all_states=False)
    event.states.set([gathering.network.mexico])
    client.force_login(gathering.network.poc_arg)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(gathering.network.coordinator_mex)
    assert client.get(event.get_absolute_url()).status_code == 200


def test_an_event_for_some_roles_invites_only_the_points_of_contact_nominated_in_them(gathering, client):
    event = new_event(gathering.network.oas, starts_at=timezone.now() + timedelta(days=3))
    event.roles.set([gathering.network.oas.roles.get(kind="diplomatic")])
    client.force_login(gathering.pocs[0])  # a technical desk
    assert client.get(event.get_absolute_url()).status_code == 404
