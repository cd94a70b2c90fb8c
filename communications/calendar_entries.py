"""What a person's calendar feed shows of the communications (``enlace.features``): the deadlines its States must
still meet on the communications they received (acknowledge by, answer by), through the acknowledge rule."""

from datetime import datetime

from django.utils.translation import gettext as _

from access.principal import Principal
from communications.models import Communication, CommunicationStatus
from enlace.features import CalendarSource, DatedEntry, add_calendar_source


def deadlines(principal: Principal, since: datetime) -> list[DatedEntry]:
    """The deadlines still to meet on what the person's States received and it may acknowledge and answer."""
    if not principal.member_state_ids:
        return []
    due = (
        Communication.objects.restrict(principal, "acknowledge")
        .needing_action(principal.member_state_ids)
        .filter(answer_by__gt=since)
        .select_related("template_version", "sender_state")
        .order_by("answer_by", "pk")
    )
    entries = []
    for communication in due:
        about = _("%(title)s, from %(state)s") % {
            "title": communication.template_version.display_title,
            "state": communication.sender_state.name,
        }
        if communication.is_exercise:
            about = f"{_('EXERCISE')} – {about}"
        url = communication.get_absolute_url()
        if communication.status == CommunicationStatus.SENT:
            entries.append(
                DatedEntry(
                    f"acknowledge-{communication.code}@enlace",
                    _("Acknowledgement deadline"),
                    _("Acknowledge: %(about)s") % {"about": about},
                    communication.acknowledge_by,
                    None,
                    url,
                )
            )
        entries.append(
            DatedEntry(
                f"answer-{communication.code}@enlace",
                _("Answer deadline"),
                _("Answer: %(about)s") % {"about": about},
                communication.answer_by,
                None,
                url,
            )
        )
    return entries


add_calendar_source(CalendarSource("communications.deadlines", deadlines, order=10))
