"""A working group's meetings: its coordinating State's people (or the directory's managers) schedule one as an
event inviting exactly the group's member States, so it reaches their calendars and no one else's; the group's
page lists what is coming and what has passed; once a meeting has taken place its minutes are attached and the
member States' people are told, each in its language."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from calendars import services as calendars
from events.choices import EventStatus
from events.models import Event
from working_groups import meetings
from working_groups.space_models import GroupMeeting
from working_groups.tests.space import a_pdf, cyber_group, media

__all__ = ["media"]


def _schedule_form(**fields) -> dict:
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    return {
        "title": "Cyber group, second meeting",
        "day": day,
        "start_time": "10:00",
        "end_time": "12:00",
        "time_zone": "America/Santiago",
        "place": "Santiago",
        "agenda": "Terms of reference",
        **fields,
    }


def _feed_uids(client, user) -> set[str]:
    """The UIDs of the events in the person's calendar feed, read as a calendar program reads it."""
    client.logout()
    response = client.get(reverse("calendars:feed", args=[calendars.feed_of(user).token]))
    assert response.status_code == 200
    return {str(component["uid"]) for component in Calendar.from_ical(response.content).walk("VEVENT")}


def _held_meeting(cyber, days_ago: int = 2) -> GroupMeeting:
    starts = timezone.now() - timedelta(days=days_ago)
    return meetings.schedule(
        cyber.group, Event(title="Cyber group, first meeting", starts_at=starts, ends_at=starts + timedelta(hours=2))
    )


def test_a_scheduled_meeting_is_an_announced_event_inviting_exactly_the_member_states(network, client):
    cyber = cyber_group(network)
    client.force_login(cyber.mexican)

    response = client.post(reverse("working_groups:meeting_new", args=[cyber.group.code]), _schedule_form())

    meeting = GroupMeeting.objects.select_related("event").get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    event = meeting.event
    assert event.directory == cyber.prosur.directory and event.status == EventStatus.PUBLISHED
    assert not event.all_states and not event.is_public
    assert set(event.states.all()) == {cyber.prosur.mexico, cyber.prosur.argentina}
    assert event.starts_at.astimezone(timezone.get_fixed_timezone(-180)).hour == 10  # Santiago in summer, UTC-3


def test_the_meeting_is_in_a_member_states_calendar_feed_and_not_in_another_states(network, client):
    cyber = cyber_group(network)
    client.force_login(cyber.mexican)
    client.post(reverse("working_groups:meeting_new", args=[cyber.group.code]), _schedule_form())
    uid = GroupMeeting.objects.get().event.uid

    assert uid in _feed_uids(client, cyber.argentine)
    assert uid in _feed_uids(client, cyber.mexican)
    assert uid not in _feed_uids(client, cyber.chilean)
    assert uid not in _feed_uids(client, network.coordinator_ken)


def test_only_the_coordinating_states_people_and_the_managers_schedule_meetings(network, client):
    cyber = cyber_group(network)
    url = reverse("working_groups:meeting_new", args=[cyber.group.code])

    client.force_login(cyber.argentine)
    assert client.post(url, _schedule_form()).status_code == 403
    client.force_login(cyber.chilean)
    assert client.post(url, _schedule_form()).status_code == 404
    client.force_login(cyber.prosur.manager)
    assert client.post(url, _schedule_form()).status_code == 302
    assert GroupMeeting.objects.count() == 1


def test_the_groups_page_lists_its_upcoming_and_past_meetings(network, client):
    cyber = cyber_group(network)
    _held_meeting(cyber)
    client.force_login(cyber.mexican)
    client.post(reverse("working_groups:meeting_new", args=[cyber.group.code]), _schedule_form())
    client.force_login(cyber.argentine)

    response = client.get(cyber.group.get_absolute_url())

    upcoming, past = response.context["upcoming_meetings"], response.context["past_meetings"]
    assert [meeting.event.title for meeting in upcoming] == ["Cyber group, second meeting"]
    assert [meeting.event.title for meeting in past] == ["Cyber group, first meeting"]


def test_minutes_attached_are_told_to_the_member_states_people_in_their_language(
    network, client, mailbox, django_capture_on_commit_callbacks, media
):
    cyber = cyber_group(network)
    cyber.argentine.language = "es"
    cyber.argentine.save()
    meeting = _held_meeting(cyber)
    client.force_login(cyber.mexican)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("working_groups:meeting_minutes", args=[meeting.code]),
            {"text": "The terms of reference were agreed.", "upload": a_pdf("Minutes")},
        )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_text == "The terms of reference were agreed." and meeting.minutes_file_type == "pdf"
    [spanish] = mailbox.to(cyber.argentine.email)
    [english] = mailbox.to(cyber.mexican.email)
    assert "Acta disponible" in spanish["Subject"]
    assert "Minutes available" in english["Subject"]
    assert meeting.get_absolute_url() in english.get_body(("plain",)).get_content()
    assert not mailbox.to(cyber.chilean.email)
    client.force_login(cyber.argentine)
    assert client.get(reverse("working_groups:minutes_file", args=[meeting.code])).status_code == 200


def test_no_minutes_before_the_meeting_has_taken_place(network, client, mailbox):
    cyber = cyber_group(network)
    meeting = _held_meeting(cyber, days_ago=-3)
    client.force_login(cyber.mexican)

    response = client.post(
        reverse("working_groups:meeting_minutes", args=[meeting.code]), {"text": "Too soon"}, follow=True
    )

    assert "once the meeting has taken place" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.has_minutes
    assert not mailbox.messages


def test_a_disguised_minutes_file_is_refused_and_no_one_is_told(network, client, mailbox, media):
    cyber = cyber_group(network)
    meeting = _held_meeting(cyber)
    client.force_login(cyber.mexican)
    program = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")

    response = client.post(
        reverse("working_groups:meeting_minutes", args=[meeting.code]), {"upload": program}, follow=True
    )

    assert "is not a PDF or an office document" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.has_minutes
    assert not mailbox.messages
