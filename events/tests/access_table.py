"""Who may open the events' pages, role by role: this app's rows of the access table, and the records of the test
world they need (``add_to_world``)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from access.tests.access_cases import D1_READERS, Case
from enlace.testing.world import World
from events import services
from events.choices import EventKind, EventStatus
from events.models import Event, EventDocument
from repository.pdf import make_pdf

MANAGER_D1 = frozenset({"manager_d1"})
# Those an announced event of D1 for every State invites: the members of its States (not its manager as such).
D1_INVITED = frozenset({"poc_a", "poc_b", "coord_a"})


def add_to_world(world: World) -> dict:
    """An announced meeting of D1 (A's point of contact registered, with a file), and a draft workshop."""
    now = timezone.now()
    manager = world.users["manager_d1"]

    def event(title: str, status: str, kind: str = EventKind.MEETING) -> Event:
        return services.save_event(
            Event(
                directory=world.d1,
                kind=kind,
                title=title,
                status=status,
                starts_at=now + timedelta(days=30),
                ends_at=now + timedelta(days=30, hours=3),
                time_zone="America/New_York",
                place="Conference Hall Alpha",
                agenda="Opening\nReports of the States",
                capacity=10,
                is_public=True,
                created_by=manager,
            )
        )

    meeting = event("Yearly Meeting Alpha", EventStatus.PUBLISHED)
    draft = event("Workshop Draft Alpha", EventStatus.DRAFT, EventKind.WORKSHOP)
    services.register(meeting, world.users["poc_a"])

    def attached(title: str) -> EventDocument:
        document = EventDocument(event=meeting, title=title, file_type="pdf")
        document.file.save("programme.pdf", ContentFile(make_pdf([title])), save=False)
        document.save()
        return document

    return {
        "event_meeting": meeting,
        "event_draft": draft,
        "event_file": attached("Programme Alpha"),
        "event_file_removed": attached("Old Programme Alpha"),
    }


def _code(name: str):
    return lambda world: {"code": getattr(world, name).code}


def _form(world) -> dict:
    return {
        "kind": "training",
        "title": "Training Alpha",
        "status": "published",
        "day": "2031-03-10",
        "start_time": "10:00",
        "end_time": "12:00",
        "time_zone": "America/New_York",
        "all_states": "on",
        "remind_hours_before": "24",
    }


ROWS = {
    "events:list": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "events:new": [
        Case(MANAGER_D1, lambda w: {"slug": w.d1.slug}),
        Case(MANAGER_D1, lambda w: {"slug": w.d1.slug}, method="POST", data=_form),
    ],
    "events:detail": [
        Case(D1_READERS, _code("event_meeting"), note="announced to every State of D1"),
        Case(MANAGER_D1, _code("event_draft"), note="a draft is its managers' only"),
    ],
    "events:edit": [
        Case(MANAGER_D1, _code("event_draft")),
        Case(MANAGER_D1, _code("event_draft"), method="POST", data=_form),
    ],
    "events:register": [Case(D1_INVITED, _code("event_meeting"), method="POST")],
    "events:cancel": [Case(frozenset({"poc_a"}), _code("event_meeting"), method="POST", note="one's own place only")],
    "events:ics": [
        Case(D1_READERS, _code("event_meeting")),
        Case(MANAGER_D1, _code("event_draft")),
    ],
    "events:registrations": [
        Case(MANAGER_D1, _code("event_meeting")),
        Case(MANAGER_D1, _code("event_meeting"), method="POST", data=lambda w: {"attended": []}),
    ],
    "events:attach_file": [Case(MANAGER_D1, _code("event_meeting"), method="POST")],
    "events:file": [Case(D1_READERS, _code("event_file"))],
    "events:remove_file": [Case(MANAGER_D1, _code("event_file_removed"), method="POST")],
}

# The events' key pages, which the accessibility and every-language tests open for each role.
KEY_PAGES = {
    "poc_a": [
        ("events:list", lambda w: {"slug": w.d1.slug}),
        ("events:detail", lambda w: {"code": w.event_meeting.code}),
    ],
    "manager_d1": [
        ("events:list", lambda w: {"slug": w.d1.slug}),
        ("events:new", lambda w: {"slug": w.d1.slug}),
        ("events:detail", lambda w: {"code": w.event_meeting.code}),
        ("events:edit", lambda w: {"code": w.event_meeting.code}),
        ("events:registrations", lambda w: {"code": w.event_meeting.code}),
    ],
}


def names_people_wrote() -> list[str]:
    """What the events' writers wrote in the test world (titles, places, agendas, files): data, not interface text."""
    return [
        *Event.objects.values_list("title", flat=True),
        *Event.objects.values_list("place", flat=True),
        *Event.objects.values_list("agenda", flat=True),
        *EventDocument.objects.values_list("title", flat=True),
    ]
