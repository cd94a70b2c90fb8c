"""The rows of the access table for a working group's space (its documents and meetings), and the records of the
test world they need: a document B's point of contact shared in the group of A and B, one in B's own group, and a
meeting of the group of A and B held three days ago, with minutes in a file."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from access.tests.access_cases import D1_READERS, Case
from enlace.testing.world import World
from events.models import Event
from repository.pdf import make_pdf
from working_groups import documents, meetings

MANAGER_D1 = frozenset({"manager_d1"})
# A coordinates the group of A and B: its people schedule the group's meetings; D1's manager too.
A_CONVENERS = frozenset({"poc_a", "coord_a", "manager_d1"})
# B's own group: only B's people and D1's manager read its space.
B_READERS = frozenset({"poc_b", "manager_d1"})
# A document is deleted by whoever shared it (B's point of contact) or by the directory's manager.
SHARER_OR_MANAGER = frozenset({"poc_b", "manager_d1"})


def pdf_upload(text: str = "Minutes Alpha", name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf([text]), content_type="application/pdf")


def add_space(world: World, records: dict) -> dict:
    group_ab, group_b = records["group_ab"], records["group_b"]
    poc_b = world.users["poc_b"]
    document_ab = documents.upload(
        group_ab, upload=pdf_upload("Terms Alpha"), title="Terms of reference", language="en", by=poc_b
    )
    document_b = documents.upload(group_b, upload=pdf_upload("Bravo notes"), title="Bravo notes", language="es")
    held = timezone.now() - timedelta(days=3)
    meeting_ab = meetings.schedule(
        group_ab, Event(title="Meeting Alpha", starts_at=held, ends_at=held + timedelta(hours=2), time_zone="UTC")
    )
    meetings.attach_minutes(meeting_ab, text="Agreed Alpha", upload=pdf_upload())
    return {"document_ab": document_ab, "document_b": document_b, "meeting_ab": meeting_ab}


def _code(name: str):
    return lambda world: {"code": getattr(world, name).code}


def _document_form(world) -> dict:
    return {"title": "Report New", "language": "fr", "description": "", "upload": pdf_upload("New")}


def _meeting_form(world) -> dict:
    return {"title": "Meeting New", "day": "2031-05-06", "start_time": "10:00", "end_time": "12:00", "time_zone": "UTC"}


ROWS = {
    "working_groups:documents": [
        Case(D1_READERS, _code("group_ab"), note="the group's member States' people and the manager"),
        Case(B_READERS, _code("group_b"), note="published, but its space is its members' only"),
        Case(D1_READERS, _code("group_ab"), query="language=en&sort=title&page=2"),
    ],
    "working_groups:document_new": [
        Case(D1_READERS, _code("group_ab")),
        Case(D1_READERS, _code("group_ab"), method="POST", data=_document_form),
        Case(B_READERS, _code("group_b")),
    ],
    "working_groups:document_file": [
        Case(D1_READERS, _code("document_ab")),
        Case(B_READERS, _code("document_b")),
    ],
    "working_groups:document_delete": [
        Case(SHARER_OR_MANAGER, _code("document_ab")),
        Case(SHARER_OR_MANAGER, _code("document_ab"), method="POST"),
    ],
    "working_groups:meeting_new": [
        Case(A_CONVENERS, _code("group_ab"), note="A coordinates the group"),
        Case(A_CONVENERS, _code("group_ab"), method="POST", data=_meeting_form),
    ],
    "working_groups:meeting": [Case(D1_READERS, _code("meeting_ab"))],
    "working_groups:meeting_minutes": [
        Case(A_CONVENERS, _code("meeting_ab"), method="POST", data=lambda w: {"text": "Minutes changed"}),
    ],
    "working_groups:minutes_file": [Case(D1_READERS, _code("meeting_ab"))],
}

KEY_PAGES = {
    "poc_a": [
        ("working_groups:documents", lambda w: {"code": w.group_ab.code}),
        ("working_groups:document_new", lambda w: {"code": w.group_ab.code}),
        ("working_groups:meeting", lambda w: {"code": w.meeting_ab.code}),
    ],
    "manager_d1": [
        ("working_groups:documents", lambda w: {"code": w.group_ab.code}),
        ("working_groups:meeting_new", lambda w: {"code": w.group_ab.code}),
        ("working_groups:meeting", lambda w: {"code": w.meeting_ab.code}),
        ("working_groups:document_delete", lambda w: {"code": w.document_ab.code}),
    ],
}


def names_people_wrote() -> list[str]:
    return ["Terms of reference", "Bravo notes", "Meeting Alpha", "Agreed Alpha"]
