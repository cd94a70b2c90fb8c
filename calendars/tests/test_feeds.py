"""A person's calendar feed and a directory's public one, read by two independent iCalendar readers (icalendar and
vobject): what each holds, at what UTC moments, and what it never shows.

The test world (``enlace.testing.world``): States A and B take part in D1, C in D2; A sent B a communication that B
must acknowledge and answer; a ping round is under way in D1; an exercise runs in D1 (its rows, ``exercises``); D1
announced a public meeting that A's point of contact registered for (``events``).
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.urls import reverse
from icalendar import Calendar

from access.principal import principal_of
from calendars import services
from communications.models import Communication
from events import services as events
from events.choices import EventStatus
from events.tests.gathering import new_event


@pytest.fixture(autouse=True)
def vobject_reads_each_feed_afresh():
    """vobject keeps the first definition it reads of a zone for the whole process (and ignores the next feed's,
    which may span other years): each test's feed is read with its own."""
    zones = vars(vobject.icalendar)["__tzidMap"]
    zones.clear()
    yield
    zones.clear()


def _second(moment: datetime) -> datetime:
    """iCalendar writes whole seconds."""
    return moment.replace(microsecond=0)


def _feed(client, user) -> bytes:
    response = client.get(reverse("calendars:feed", args=[services.feed_of(user).token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def _by_uid(body: bytes) -> dict:
    """The feed's entries by UID, as icalendar reads them; vobject must read the same UIDs and start moments."""
    read = {str(component["uid"]): component for component in Calendar.from_ical(body).walk("VEVENT")}
    independent = vobject.readOne(body.decode())
    starts = {entry.uid.value: entry.dtstart.value for entry in independent.contents.get("vevent", [])}
    assert set(starts) == set(read)
    for uid, component in read.items():
        assert starts[uid].astimezone(UTC) == component.decoded("dtstart").astimezone(UTC)
    return read


def _start(component) -> datetime:
    return component.decoded("dtstart").astimezone(UTC)


def test_the_feed_holds_the_events_a_person_is_invited_to(world, client):
    entries = _by_uid(_feed(client, world.users["poc_b"]))
    meeting = entries[world.event_meeting.uid]
    assert _start(meeting) == _second(world.event_meeting.starts_at)
    assert str(meeting["dtstart"].params["TZID"]) == "America/New_York"


@pytest.mark.parametrize(
    ("zone", "local", "utc"),
    [
        ("America/New_York", datetime(2031, 3, 3, 10), datetime(2031, 3, 3, 15, tzinfo=UTC)),  # before DST: UTC-5
        ("America/New_York", datetime(2031, 3, 17, 10), datetime(2031, 3, 17, 14, tzinfo=UTC)),  # after: UTC-4
        ("Asia/Kolkata", datetime(2031, 3, 17, 10), datetime(2031, 3, 17, 4, 30, tzinfo=UTC)),
    ],
)
def test_event_times_are_the_right_utc_moments_across_zones_and_daylight_saving(world, client, zone, local, utc):
    event = new_event(world.d1, starts_at=local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC), zone=zone)
    body = _feed(client, world.users["poc_a"])
    assert _start(_by_uid(body)[event.uid]) == utc
    assert f"DTSTART;TZID={zone}:{local:%Y%m%dT%H%M%S}".encode() in body
    assert f"TZID:{zone}".encode() in body  # its VTIMEZONE


def test_the_feed_holds_the_deadlines_the_persons_state_must_meet(world, client):
    entries = _by_uid(_feed(client, world.users["poc_b"]))
    communication = world.communication
    assert _start(entries[f"acknowledge-{communication.code}@enlace"]) == _second(communication.acknowledge_by)
    assert _start(entries[f"answer-{communication.code}@enlace"]) == _second(communication.answer_by)


def test_an_acknowledged_communication_leaves_only_its_answer_deadline(world, client):
    from communications import services as communications

    communications.acknowledge(world.communication, recipient=world.communication.recipients.get())
    entries = _by_uid(_feed(client, world.users["poc_b"]))
    assert f"acknowledge-{world.communication.code}@enlace" not in entries
    assert f"answer-{world.communication.code}@enlace" in entries


@pytest.mark.parametrize("role", ["poc_a", "coord_a", "poc_c", "coord_c", "manager_d1"])
def test_no_feed_shows_the_deadlines_of_another_states_communications(world, client, role):
    """A sent the communication to B: A's members, C's and D1's manager have no deadline of it; every deadline a
    feed holds is of a communication the person's own State received."""
    user = world.users[role]
    body = _feed(client, user)
    assert str(world.communication.code).encode() not in body
    assert str(world.amber_communication.code).encode() not in body
    own_states = principal_of(user).member_state_ids
    for uid in _by_uid(body):
        if uid.startswith(("acknowledge-", "answer-")):
            code = uid.split("-", 1)[1].removesuffix("@enlace")
            assert Communication.objects.get(code=code).recipient_state_id in own_states


def test_the_feed_holds_the_closing_date_of_the_ping_round_under_way(world, client):
    for role in ("poc_a", "coord_a", "manager_d1"):
        entries = _by_uid(_feed(client, world.users[role]))
        assert _start(entries[f"ping-round-{world.ping_round.code}@enlace"]) == _second(world.ping_round.closes_at)


def test_another_directorys_people_have_no_ping_round_of_it(world, client):
    body = _feed(client, world.users["coord_c"])
    assert str(world.ping_round.code).encode() not in body


def test_the_feed_holds_the_times_of_the_exercises_the_persons_state_plays(world, client):
    entries = _by_uid(_feed(client, world.users["poc_a"]))
    exercise = world.exercise_scenario
    entry = entries[f"exercise-{exercise.code}@enlace"]
    assert _start(entry) == _second(exercise.starts_at)
    assert entry.decoded("dtend").astimezone(UTC) == _second(exercise.ends_at)
    assert f"exercise-{world.exercise_draft.code}".encode() not in _feed(client, world.users["manager_d1"])


def test_another_directorys_people_see_none_of_its_events_or_exercises(world, client):
    body = _feed(client, world.users["poc_c"])
    assert world.event_meeting.uid.encode() not in body
    assert str(world.exercise_scenario.code).encode() not in body


def test_a_reset_address_stops_working_and_the_new_one_works(world, client):
    user = world.users["poc_a"]
    old = reverse("calendars:feed", args=[services.feed_of(user).token])
    assert client.get(old).status_code == 200
    client.force_login(user)
    assert client.post(reverse("calendars:reset")).status_code == 200  # asks first
    assert client.get(old).status_code == 200
    client.post(reverse("calendars:reset"), {"confirm": "on"})
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(reverse("calendars:feed", args=[services.feed_of(user).token])).status_code == 200


def test_an_unknown_address_finds_nothing(world, client):
    assert client.get(reverse("calendars:feed", args=["not-a-token"])).status_code == 404


def test_the_database_keeps_the_hash_of_the_address_never_the_token(world):
    feed = services.feed_of(world.users["poc_a"])
    assert feed.token not in {feed.key, feed.token_hash}
    assert len(feed.token) >= 40


def test_the_public_calendar_lists_public_events_and_nobody(world, client):
    public = new_event(world.d1, starts_at=datetime(2031, 5, 5, 14, tzinfo=UTC), title="Open Workshop", is_public=True)
    public.online_link = "https://meet.example.org/secret-room"
    public.save()
    private = new_event(world.d1, starts_at=datetime(2031, 5, 6, 14, tzinfo=UTC), title="Closed Workshop")
    response = client.get(reverse("calendars:directory_feed", args=[world.d1.slug]))
    body = response.content
    entries = _by_uid(body)
    assert public.uid in entries
    assert world.event_meeting.uid in entries
    assert private.uid not in entries
    assert world.event_draft.uid not in entries
    for private_text in (
        b"meet.example.org",
        b"acknowledge-",
        b"ping-round-",
        b"exercise-",
        world.users["poc_a"].email.encode(),
        world.users["poc_a"].name.encode(),
        b"Reports of the States",  # the agenda is for those invited
    ):
        assert private_text not in body
    assert response["Cache-Control"].startswith("public")


def test_a_calendar_asking_again_with_the_etag_gets_not_modified(world, client):
    url = reverse("calendars:feed", args=[services.feed_of(world.users["poc_a"]).token])
    first = client.get(url)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    event = world.event_meeting
    event.place = "Lima"
    events.save_event(event, changed={"place"})
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_a_cancelled_event_stays_in_the_feed_marked_cancelled(world, client):
    event = world.event_meeting
    event.status = EventStatus.CANCELLED
    events.save_event(event, changed={"status"})
    entries = _by_uid(_feed(client, world.users["poc_a"]))
    assert str(entries[event.uid]["status"]) == "CANCELLED"


def test_the_feed_reads_as_many_queries_for_one_event_as_for_thirty(world, client, django_assert_num_queries):
    user = world.users["poc_a"]
    url = reverse("calendars:feed", args=[services.feed_of(user).token])
    client.get(url)
    with django_assert_num_queries(FEED_QUERIES):
        client.get(url)
    for number in range(30):
        event = new_event(world.d1, starts_at=datetime(2031, 1, 1, tzinfo=UTC) + timedelta(days=number))
        events.register(event, user)
    with django_assert_num_queries(FEED_QUERIES):
        body = client.get(url).content
    assert body.count(b"BEGIN:VEVENT") >= 30


# However many entries: each kind (events, deadlines, ping rounds, exercises, work plan deadlines) is read in one
# statement.
FEED_QUERIES = 9
