"""The demo's UN directory holds the yearly meeting (its places taken, people waiting), a training and a workshop."""

from io import StringIO

from django.core.management import call_command

from events.choices import EventKind, RegistrationStatus
from events.demo_data import MEETING_TITLE
from events.models import Event


def test_the_demo_has_a_full_yearly_meeting_with_a_waiting_list_a_training_and_a_workshop(db):
    call_command("load_demo", stdout=StringIO())
    meeting = Event.objects.get(title=MEETING_TITLE)
    statuses = list(meeting.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == meeting.capacity
    assert statuses.count(RegistrationStatus.WAITING) >= 1
    assert set(Event.objects.values_list("kind", flat=True)) >= {EventKind.TRAINING, EventKind.WORKSHOP}
