"""A directory's events: the list, one event (register, cancel, its calendar file, its documents), the manager's
form and the registrations with attendance.

Thin: who may see and do what is ``events.policies``'; what happens is ``events.services``'.
"""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER, SIGNED_IN
from access.restriction import can, get_object_for
from directory.models import Directory
from events import ics, services
from events.choices import RegistrationStatus
from events.forms import AttachFileForm, AttendanceForm, EventForm
from events.models import Event, EventDocument, Registration
from repository import files


@SIGNED_IN
def event_list(request, slug):
    """Upcoming events first, then past ones; each with its counts and the reader's own standing (fixed queries)."""
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    now = timezone.now()
    visible = (
        Event.objects.restrict(principal, "view")
        .of_directory(directory)
        .with_counts()
        .with_registration_of(principal.user_id)
    )
    return render(
        request,
        "events/list.html",
        {
            "directory": directory,
            "upcoming": list(visible.upcoming(now).order_by("starts_at", "pk")),
            "past": list(visible.filter(ends_at__lte=now).order_by("-starts_at", "-pk")[:50]),
            "can_manage": can(principal, "change", directory),
            "statuses": RegistrationStatus,
        },
    )


def _form(request, directory: Directory, event: Event) -> EventForm:
    data = request.POST if request.method == "POST" else None
    return EventForm(data, instance=event, directory=directory, principal=request.principal)


@MANAGER
def event_new(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    form = _form(request, directory, Event(directory=directory, created_by=request.user))
    if form.is_valid():
        event = form.save(commit=False)
        services.save_event(event)
        form.save_m2m()
        messages.success(request, _("The event was saved."))
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "directory": directory, "event": None})


@MANAGER
def event_edit(request, code):
    event = get_object_for(request.principal, "change", Event.objects.select_related("directory"), code=code)
    form = _form(request, event.directory, event)
    if form.is_valid():
        changed = set(form.changed_data)
        if changed & {"day", "start_time", "end_day", "end_time"}:
            changed.add("starts_at")
        services.save_event(form.save(commit=False), changed=changed)
        form.save_m2m()
        messages.success(request, _("The event was saved."))
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "directory": event.directory, "event": event})


@SIGNED_IN
def event_detail(request, code):
    principal = request.principal
    event = get_object_for(principal, "view", Event.objects.select_related("directory").with_counts(), code=code)
    can_manage = can(principal, "change", event)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "directory": event.directory,
            "can_manage": can_manage,
            "can_register": can(principal, "register", event) and event.ends_at > timezone.now(),
            "mine": Registration.objects.filter(event=event, user_id=principal.user_id).first(),
            "files": list(EventDocument.objects.filter(event=event)),
            "documents": list(event.documents.restrict(principal, "view").order_by("name", "pk")),
            "attach_form": AttachFileForm() if can_manage else None,
            "statuses": RegistrationStatus,
        },
    )


@SIGNED_IN
@require_POST
def register(request, code):
    event = get_object_for(request.principal, "register", Event.objects.all(), code=code)
    try:
        registration = services.register(event, request.user)
    except services.NotAllowedNow as refusal:
        messages.error(request, str(refusal))
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You are registered."))
        else:
            messages.info(
                request, _("The event is full: you are on the waiting list. You will be e-mailed if a place frees up.")
            )
    return redirect(event)


@SIGNED_IN
@require_POST
def cancel_registration(request, code):
    event = get_object_for(request.principal, "view", Event.objects.all(), code=code)
    registration = get_object_for(
        request.principal, "cancel", Registration.objects.filter(event=event), user_id=request.user.pk
    )
    services.cancel(registration)
    messages.success(request, _("Your registration was cancelled."))
    return redirect(event)


@SIGNED_IN
def event_ics(request, code):
    event = get_object_for(request.principal, "view", Event.objects.all(), code=code)
    response = HttpResponse(ics.event_file(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.code}.ics"'
    return response


@MANAGER
def registrations(request, code):
    """Who registered and who waits, in order; after the event, who attended."""
    event = get_object_for(request.principal, "change", Event.objects.select_related("directory"), code=code)
    rows = list(Registration.objects.filter(event=event).select_related("user").order_by("status", "queued_at", "pk"))
    registered = [row for row in rows if row.status == RegistrationStatus.REGISTERED]
    form = AttendanceForm(
        request.POST or None,
        registrations=registered,
        initial={"attended": [row.pk for row in registered if row.attended]},
    )
    if request.method == "POST" and form.is_valid():
        count = services.record_attendance(event, set(form.cleaned_data["attended"]))
        messages.success(request, _("Attendance was recorded: %(count)s present.") % {"count": count})
        return redirect("events:registrations", event.code)
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "directory": event.directory,
            "registered": registered,
            "waiting": [row for row in rows if row.status == RegistrationStatus.WAITING],
            "cancelled": [row for row in rows if row.status == RegistrationStatus.CANCELLED],
            "form": form,
            "has_started": event.starts_at <= timezone.now(),
        },
    )


@MANAGER
@require_POST
def attach_file(request, code):
    event = get_object_for(request.principal, "change", Event.objects.all(), code=code)
    form = AttachFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_file(event, title=form.cleaned_data["title"], upload=form.cleaned_data["upload"])
        except files.UnacceptableFile as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Give the file a title and choose the file."))
    return redirect(event)


@SIGNED_IN
def event_file(request, code):
    """An attached file, through the event's own rule; always as an attachment (never rendered in Enlace's origin)."""
    document = get_object_for(request.principal, "view", EventDocument.objects.all(), code=code)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type=files.KINDS[document.file_type].content_type,
    )


@MANAGER
@require_POST
def remove_file(request, code):
    document = get_object_for(request.principal, "change", EventDocument.objects.select_related("event"), code=code)
    event = document.event
    document.file.delete(save=False)
    document.delete()
    messages.success(request, _("The file was removed."))
    return redirect(event)
