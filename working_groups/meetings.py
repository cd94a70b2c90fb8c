"""What happens to a working group's meetings: one is scheduled as an announced event of the group's directory
inviting exactly the group's member States (``events``: so it reaches their people's calendars and event lists,
and no one else's), and once it has taken place its minutes are attached (a text, a file checked as every upload
is, or both) and the people of the member States are told by e-mail, each in its language.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from events import services as events
from events.choices import EventKind, EventStatus
from events.models import Event
from mail.services import queue_email_to_account
from repository import files
from working_groups.models import WorkingGroup
from working_groups.space_models import GroupMeeting


class NotYet(ValueError):
    """The meeting has not taken place yet: it has no minutes to attach."""


def schedule(group: WorkingGroup, event: Event, *, by=None) -> GroupMeeting:
    """Announce ``event`` (its times, place, agenda filled in) as the group's meeting: an event of the group's
    directory inviting the group's member States (observers included), and no one else's."""
    event.directory = group.directory
    event.kind = EventKind.MEETING
    event.status = EventStatus.PUBLISHED
    event.all_states = False
    event.is_public = False
    event.created_by = by
    with transaction.atomic():
        events.save_event(event)
        event.states.set(group.memberships.values_list("state_id", flat=True))
        return GroupMeeting.objects.create(group=group, event=event)


def members_to_tell(group: WorkingGroup):
    """The active accounts of the group's member States: their points of contact and national coordinators."""
    state_ids = list(group.memberships.values_list("state_id", flat=True))
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(contact__institution__state_id__in=state_ids)
            | Q(role_assignments__role=Role.COORDINATOR, role_assignments__state_id__in=state_ids)
        )
        .distinct()
        .order_by("pk")
    )


def attach_minutes(
    meeting: GroupMeeting, *, text: str = "", upload: UploadedFile | None = None, by=None, now: datetime | None = None
) -> GroupMeeting:
    """Attach the minutes of a meeting that has taken place (raises ``NotYet`` before it ends, and
    ``files.UnacceptableFile``, storing nothing, for a file the repository would refuse), and tell the people of
    the member States that they are available."""
    now = now or timezone.now()
    if meeting.event.ends_at > now:
        raise NotYet(_("The minutes can be attached once the meeting has taken place."))
    kind = files.identify(upload) if upload is not None else None
    previous = meeting.minutes_file.name if kind is not None else ""
    meeting.minutes_text = text
    meeting.minutes_at = now
    meeting.minutes_by = by
    if kind is not None:
        meeting.minutes_file_type = kind.extension
        meeting.minutes_file.save(f"minutes.{kind.extension}", upload, save=False)
    with transaction.atomic():
        meeting.save()
        for user in members_to_tell(meeting.group):
            queue_email_to_account(
                user,
                template="working_groups/email/minutes",
                context={
                    "meeting": meeting,
                    "event": meeting.event,
                    "group": meeting.group,
                    "link": meeting.get_absolute_url(),
                    "site_url": settings.SITE_URL,
                },
                purpose="work_group_minutes",
            )
        if previous:
            storage = meeting.minutes_file.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return meeting
