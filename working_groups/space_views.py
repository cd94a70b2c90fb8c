"""A working group's space: its documents (a list paged, sorted and filtered in the URL, an upload, a download
and a deletion asked first) and its meetings (scheduled as events, listed on the group's page, and their minutes).

Thin: who may see and do what is ``working_groups.space_policies``'; what happens is ``working_groups.documents``'
and ``working_groups.meetings``'.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from access.guards import SIGNED_IN
from access.principal import Principal
from access.restriction import can, get_object_for
from enlace.listing import SortColumn, Sorting, page_links
from events.models import Event
from repository import files
from working_groups import documents, meetings
from working_groups.models import WorkingGroup
from working_groups.space_forms import DocumentFilter, DocumentForm, MeetingForm, MinutesForm
from working_groups.space_models import GroupDocument, GroupMeeting

PER_PAGE = 25
# How many past meetings the group's page lists (the newest).
PAST_MEETINGS = 10

SORTING = Sorting(
    columns=(
        SortColumn("title", gettext_lazy("Title")),
        SortColumn("language", gettext_lazy("Language")),
        SortColumn("created", gettext_lazy("Uploaded")),
    ),
    default="created",
    default_descending=True,
)


def _ordering(key: str, descending: bool) -> list:
    def direction(column):
        return column.desc() if descending else column.asc()

    tie = [direction(F("title")), direction(F("pk"))]
    if key == "title":
        return tie
    return [direction(F(key)), *tie]


def group_space(principal: Principal, group: WorkingGroup) -> dict:
    """What the group's page shows of its space to whoever works in it: its upcoming and latest past meetings,
    and whether the reader shares documents and schedules meetings (three queries)."""
    now = timezone.now()
    mine = GroupMeeting.objects.restrict(principal, "view").of_group(group).select_related("event")
    return {
        "upcoming_meetings": list(mine.upcoming(now)),
        "past_meetings": list(mine.past(now)[:PAST_MEETINGS]),
        "can_convene": can(principal, "convene", group),
    }


def _group_worked_in(request, code, action: str = "work") -> WorkingGroup:
    return get_object_for(request.principal, action, WorkingGroup.objects.select_related("directory"), code=code)


@SIGNED_IN
def document_list(request, code):
    principal = request.principal
    group = _group_worked_in(request, code)
    filters = DocumentFilter(request.GET or None)
    rows = GroupDocument.objects.restrict(principal, "view").of_group(group)
    if filters.is_valid():
        if filters.cleaned_data["q"]:
            rows = rows.titled_like(filters.cleaned_data["q"])
        if filters.cleaned_data["language"]:
            rows = rows.in_language(filters.cleaned_data["language"])
    sort, descending = SORTING.parse(request.GET.get("sort"))
    rows = rows.select_related("uploaded_by").order_by(*_ordering(sort, descending))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    shown = [document.pk for document in page.object_list]
    deletable = set(
        GroupDocument.objects.restrict(principal, "delete").filter(pk__in=shown).values_list("pk", flat=True)
    )
    for document in page.object_list:
        document.deletable = document.pk in deletable
    return render(
        request,
        "working_groups/space/document_list.html",
        {
            "group": group,
            "directory": group.directory,
            "filters": filters,
            "filtered": bool(request.GET.get("q") or request.GET.get("language")),
            **page_links(page),
            "sort": SORTING.url_value(sort, descending),
            "sort_links": SORTING.links(sort, descending),
            "can_share": can(principal, "share", group),
        },
    )


@SIGNED_IN
def document_new(request, code):
    group = _group_worked_in(request, code, "share")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            documents.upload(
                group,
                upload=form.cleaned_data["upload"],
                title=form.cleaned_data["title"],
                language=form.cleaned_data["language"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except files.UnacceptableFile as refusal:
            form.add_error("upload", str(refusal))
        else:
            messages.success(request, _("The document was shared with the group."))
            return redirect("working_groups:documents", group.code)
    return render(
        request, "working_groups/space/document_form.html", {"form": form, "group": group, "directory": group.directory}
    )


@SIGNED_IN
def document_file(request, code):
    """The document's file, through the group's rule; always as an attachment, named after its title."""
    document = get_object_for(request.principal, "view", GroupDocument.objects.all(), code=code)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type=files.KINDS[document.file_type].content_type,
    )


@SIGNED_IN
def document_delete(request, code):
    """Asked first on a page of its own; the POST deletes the document and its file."""
    document = get_object_for(request.principal, "delete", GroupDocument.objects.select_related("group"), code=code)
    group = document.group
    if request.method == "POST":
        documents.delete(document)
        messages.success(request, _("The document was deleted."))
        return redirect("working_groups:documents", group.code)
    return render(
        request,
        "working_groups/space/document_delete.html",
        {"document": document, "group": group, "directory": group.directory},
    )


@SIGNED_IN
def meeting_new(request, code):
    group = _group_worked_in(request, code, "convene")
    form = MeetingForm(request.POST or None, instance=Event(directory=group.directory))
    if request.method == "POST" and form.is_valid():
        meeting = meetings.schedule(group, form.save(commit=False), by=request.user)
        messages.success(request, _("The meeting was scheduled; the member States' people see it in their calendars."))
        return redirect(meeting)
    return render(
        request, "working_groups/space/meeting_form.html", {"form": form, "group": group, "directory": group.directory}
    )


@SIGNED_IN
def meeting_detail(request, code):
    principal = request.principal
    meeting = get_object_for(
        principal,
        "view",
        GroupMeeting.objects.select_related("event", "group__directory", "minutes_by"),
        code=code,
    )
    held = meeting.event.ends_at <= timezone.now()
    may_minute = held and can(principal, "minute", meeting)
    return render(
        request,
        "working_groups/space/meeting_detail.html",
        {
            "meeting": meeting,
            "event": meeting.event,
            "group": meeting.group,
            "directory": meeting.group.directory,
            "held": held,
            "form": MinutesForm(initial={"text": meeting.minutes_text}) if may_minute else None,
            "sees_event": can(principal, "view", meeting.event),
        },
    )


@SIGNED_IN
@require_POST
def meeting_minutes(request, code):
    meeting = get_object_for(request.principal, "minute", GroupMeeting.objects.select_related("event"), code=code)
    form = MinutesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            meetings.attach_minutes(
                meeting, text=form.cleaned_data["text"], upload=form.cleaned_data["upload"], by=request.user
            )
        except (files.UnacceptableFile, meetings.NotYet) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The minutes were attached; the member States' people were told."))
    else:
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the minutes' file."))
    return redirect(meeting)


@SIGNED_IN
def minutes_file(request, code):
    meeting = get_object_for(
        request.principal, "view", GroupMeeting.objects.exclude(minutes_file="").select_related("event"), code=code
    )
    return FileResponse(
        meeting.minutes_file.open("rb"),
        as_attachment=True,
        filename=meeting.minutes_file_name,
        content_type=files.KINDS[meeting.minutes_file_type].content_type,
    )
