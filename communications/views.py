"""Communication pages: lists, compose, detail with timeline, acknowledge, answer, escalate, statistics.

Thin: who may see what is the access layer's (``communications.policies``); what
happens is ``communications.services``'.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_POST

from access.guards import MANAGER, PUBLIC, STATE_MEMBER
from access.restriction import can, get_object_for
from communication_templates.content import render_values
from communication_templates.models import CommunicationTemplate, TemplateKind
from communications import listing, services
from communications.filtersets import CommunicationListFilter
from communications.forms import AnswerEnvelopeForm, EnvelopeForm, LadderFormSet, ReminderScheduleForm
from communications.models import (
    Audience,
    Communication,
    CommunicationStatus,
    Deadlines,
    Event,
    EventKind,
    ReminderSchedule,
    Tlp,
)
from directory.models import Directory, State
from enlace.listing import page_links
from mail.languages import language_header, message_language

BOXES = {
    "inbox": gettext_lazy("Inbox"),
    "sent": pgettext_lazy("mailbox", "Sent"),
    "needs_action": gettext_lazy("Needs action"),
}


def _box(request, box: str, title):
    """One of the lists, a page at a time, filtered and sorted from the URL."""
    principal = request.principal
    states = principal.member_state_ids
    visible = Communication.objects.restrict(principal, "view").select_related(
        "sender_state", "recipient_state", "template_version__template", "directory"
    )
    mine = request.GET.get("scope") == "mine"
    if box == "inbox":
        found = visible.received_by_states(states)
        if mine:
            found = found.received_by_contact(principal.contact_id)
    elif box == "sent":
        found = visible.sent_by_states(states)
        if mine:
            found = found.filter(sent_by=request.user)
    else:
        found = visible.needing_action(states)
        if mine:
            found = found.received_by_contact(principal.contact_id)
    filters = CommunicationListFilter(request.GET or None, queryset=found)
    sort, descending = listing.SORTING.parse(request.GET.get("sort"))
    # The State a row is sorted by is the other side: the sender of what came in, the recipient of what went out.
    other_state = "recipient_state_id" if box == "sent" else "sender_state_id"
    page = listing.page_of(filters.filtered(found), sort, descending, request.GET.get("page"), state_field=other_state)
    sort_links = listing.SORTING.links(sort, descending)
    sort_links["state"]["label"] = (
        pgettext("message recipient", "To") if box == "sent" else pgettext("message sender", "From")
    )
    return render(
        request,
        "communications/list.html",
        {
            "box": box,
            "title": title,
            "boxes": BOXES,
            "mine": mine,
            "filters": filters.form,
            "filtered": any(filters.data.get(name) for name in filters.form.fields),
            **page_links(page),
            "sort": listing.SORTING.url_value(sort, descending),
            "sort_links": sort_links,
            "time_zone": request.user.time_zone,
        },
    )


@STATE_MEMBER
def inbox(request):
    return _box(request, "inbox", BOXES["inbox"])


@STATE_MEMBER
def sent(request):
    return _box(request, "sent", BOXES["sent"])


@STATE_MEMBER
def needs_action(request):
    return _box(request, "needs_action", BOXES["needs_action"])


@STATE_MEMBER
def choose(request):
    """Which directory and template to send with."""
    principal = request.principal
    templates = (
        CommunicationTemplate.objects.restrict(principal, "view")
        .filter(directory__participants__in=principal.member_state_ids)
        .active()
        .exclude(kind=TemplateKind.ANSWER)
        .select_related("directory")
        .with_versions()
        .distinct()
        .order_by("directory__name", "kind", "key")
    )
    return render(request, "communications/choose.html", {"templates": templates})


def _sender_states(request, directory: Directory):
    return State.objects.filter(pk__in=request.principal.member_state_ids, participations__directory=directory)


def _compose(request, *, envelope, content, send_draft, context: dict):
    """The shared POST handling of a new communication and an answer: validate, warn about keys, send."""
    missing = []
    if request.method == "POST" and envelope.is_valid() and content.is_valid():
        draft = send_draft(envelope.cleaned_data, content.values())
        try:
            contacts = services.check_draft(draft)
            missing = services.lacking_keys(contacts, draft.tlp)
            if missing and not envelope.cleaned_data["confirm_missing_keys"]:
                envelope.add_error(
                    "confirm_missing_keys",
                    _("Some recipients have no OpenPGP key (listed above): confirm to send to the others."),
                )
            else:
                communication = services.send(draft, user=request.user)
                messages.success(request, _("Sent. Its deadlines and timeline are below."))
                return redirect(communication)
        except ValidationError as error:
            envelope.add_error(None, error)
    return render(
        request,
        "communications/compose.html",
        {"envelope": envelope, "content": content, "missing": missing, **context},
    )


@STATE_MEMBER
def compose(request, slug, key):
    principal = request.principal
    template = get_object_for(
        principal,
        "view",
        CommunicationTemplate.objects.active().exclude(kind=TemplateKind.ANSWER).select_related("directory__deadlines"),
        directory__slug=slug,
        key=key,
    )
    directory = template.directory
    sender_states = _sender_states(request, directory)
    if not sender_states.exists():
        raise Http404
    version = template.current_version
    language = translation.get_language()
    data = request.POST if request.method == "POST" else None
    envelope = EnvelopeForm(data, directory=directory, sender_states=sender_states, language=language)
    content = version.form_class(language)(data, prefix="content")

    def draft(cleaned, values) -> services.Draft:
        return services.Draft(
            directory=directory,
            version=version,
            sender_state=cleaned["sender_state"],
            recipient_state=cleaned["recipient_state"],
            audience=cleaned["audience"],
            tlp=cleaned["tlp"],
            urgency=cleaned["urgency"],
            language=cleaned["language"],
            is_exercise=cleaned["is_exercise"],
            values=values,
        )

    return _compose(
        request,
        envelope=envelope,
        content=content,
        send_draft=draft,
        context={"directory": directory, "version": version, "title": version.display_title},
    )


@STATE_MEMBER
def recipients(request, slug):
    """Who a communication would reach, and who lacks a key for it: shown as the sender fills in the envelope."""
    directory = get_object_for(request.principal, "view", Directory.objects.all(), slug=slug)
    if not _sender_states(request, directory).exists():
        raise Http404
    state = directory.participants.filter(pk=request.GET.get("recipient_state") or None).first()
    audience = request.GET.get("audience", "")
    tlp = request.GET.get("tlp", "")
    contacts = services.addressees(directory, state, audience) if state and audience in Audience.values else []
    missing = {contact.pk for contact in services.lacking_keys(contacts, tlp)} if tlp in Tlp.values else set()
    return render(
        request,
        "communications/_recipients.html",
        {"contacts": contacts, "missing": missing, "state": state, "encrypted": not services.keeps_content(tlp)},
    )


@STATE_MEMBER
def answer(request, code):
    principal = request.principal
    original = get_object_for(principal, "answer", Communication.objects.select_related("directory"), code=code)
    sender_states = State.objects.filter(pk=original.recipient_state_id)
    try:
        bound = services.answer_draft(original, sender_state=original.recipient_state)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(original)
    version = bound["version"]
    language = translation.get_language()
    data = request.POST if request.method == "POST" else None
    envelope = AnswerEnvelopeForm(
        data, sender_states=sender_states, language=language, initial={"tlp": original.tlp, "urgency": original.urgency}
    )
    content = version.form_class(language)(data, prefix="content")

    def draft(cleaned, values) -> services.Draft:
        return services.Draft(
            **bound,
            audience=cleaned["audience"],
            tlp=cleaned["tlp"],
            urgency=cleaned["urgency"],
            language=cleaned["language"],
            is_exercise=original.is_exercise,
            values=values,
        )

    return _compose(
        request,
        envelope=envelope,
        content=content,
        send_draft=draft,
        context={
            "directory": original.directory,
            "version": version,
            "original": original,
            "title": pgettext("a communication answering another", "Answer"),
        },
    )


@STATE_MEMBER
def detail(request, code):
    principal = request.principal
    communication = get_object_for(
        principal,
        "view",
        Communication.objects.select_related(
            "directory", "sender_state", "recipient_state", "template_version__template", "in_reply_to", "sent_by"
        ),
        code=code,
    )
    language = translation.get_language()
    recipients = list(communication.recipients.select_related("contact", "user"))
    answers = list(
        Communication.objects.restrict(principal, "view")
        .filter(in_reply_to=communication)
        .select_related("sender_state", "template_version__template")
    )
    return render(
        request,
        "communications/detail.html",
        {
            "communication": communication,
            "title": communication.template_version.localized(language).title,
            "values": render_values(communication.template_version, communication.content, language)
            if communication.keeps_content
            else None,
            "recipients": recipients,
            "recipient_zones": sorted({recipient.time_zone for recipient in recipients}),
            "events": _timeline(communication, answers),
            "upcoming": communication.actions.pending().order_by("due_at"),
            "answers": answers,
            "original_visible": communication.in_reply_to_id is not None
            and can(principal, "view", communication.in_reply_to),
            "time_zone": request.user.time_zone,
            "awaiting": communication.status == CommunicationStatus.SENT,
            "can_acknowledge": communication.status == CommunicationStatus.SENT
            and can(principal, "acknowledge", communication),
            "can_answer": communication.status != CommunicationStatus.ANSWERED
            and can(principal, "answer", communication),
            "can_escalate": can(principal, "escalate", communication)
            and services.next_escalation(communication) is not None,
        },
    )


def _timeline(communication: Communication, visible_answers: list[Communication]) -> list[Event]:
    """The events, an "answered" one given its answer (``event.answer``; ``event.answer_visible`` when the
    viewer may open it) so the page names it ("Answer from Kenya, <time>") instead of showing its code."""
    events = list(communication.events.select_related("by_user"))
    if any(event.kind == EventKind.ANSWERED and event.detail for event in events):
        visible = {answer.pk for answer in visible_answers}
        found = {str(answer.code): answer for answer in communication.answers.select_related("sender_state")}
        for event in events:
            event.answer = found.get(event.detail) if event.kind == EventKind.ANSWERED else None
            event.answer_visible = event.answer is not None and event.answer.pk in visible
    return events


@require_POST
@STATE_MEMBER
def acknowledge(request, code):
    principal = request.principal
    communication = get_object_for(principal, "acknowledge", Communication.objects.all(), code=code)
    # Its own delivery: to its contact record, or to its account (a coordinator reached by escalation).
    mine = Q(user_id=principal.user_id)
    if principal.contact_id:
        mine |= Q(contact_id=principal.contact_id)
    recipient = communication.recipients.filter(mine).first()
    if services.acknowledge(communication, user=request.user, recipient=recipient):
        messages.success(request, _("Acknowledged. The sender has been told."))
    else:
        messages.info(request, _("It had already been acknowledged."))
    return redirect(communication)


@STATE_MEMBER
def escalate(request, code):
    """Take the next escalation step now: a page asks first (e-mail sent cannot be recalled); its form does it."""
    communication = get_object_for(
        request.principal, "escalate", Communication.objects.select_related("recipient_state"), code=code
    )
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            reached = services.escalate_by_hand(communication, user=request.user)
        except services.NothingToEscalate:
            messages.info(request, _("There is no further escalation step, or it has been acknowledged."))
        else:
            if reached:
                messages.success(request, _("Escalated to %(names)s.") % {"names": ", ".join(r.name for r in reached)})
            else:
                messages.warning(request, _("Escalated, but this step found no one new to reach."))
        return redirect(communication)
    step = services.next_escalation(communication)
    if step is None:
        messages.info(request, _("There is no further escalation step, or it has been acknowledged."))
        return redirect(communication)
    return render(
        request,
        "communications/escalate_confirm.html",
        {
            "communication": communication,
            "step": step,
            "title": communication.template_version.localized(translation.get_language()).title,
            "time_zone": request.user.time_zone,
        },
    )


@PUBLIC
def acknowledge_link(request, token):
    """The e-mailed link: the page shows what is acknowledged; only the POST records it (mail scanners open links)."""
    recipient = services.find_by_token(token)
    if recipient is None:
        return render(request, "communications/acknowledge_invalid.html", status=404)
    communication = recipient.communication
    done = False
    if request.method == "POST":
        done = services.acknowledge(
            communication, user=request.user if request.user.is_authenticated else None, recipient=recipient
        )
        communication.refresh_from_db()
    with message_language(request, recipient.language):
        response = render(
            request,
            "communications/acknowledge_link.html",
            {
                "communication": communication,
                "recipient": recipient,
                "title": communication.template_version.localized(translation.get_language()).title,
                "done": done,
                "time_zone": recipient.time_zone,
            },
        )
    return language_header(response, request)


@MANAGER
def statistics(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    return render(
        request,
        "communications/statistics.html",
        {"directory": directory, "months": services.monthly_statistics(directory)},
    )


@MANAGER
def ladder(request, slug):
    """The directory's reminders and escalation ladder, edited by its managers."""
    directory = get_object_for(request.principal, "change", Directory.objects.select_related("deadlines"), slug=slug)
    schedule = ReminderSchedule.of(directory)
    if request.method == "POST":
        formset = LadderFormSet(request.POST, prefix="steps")
        reminders = ReminderScheduleForm(request.POST, instance=schedule, prefix="reminders")
        if formset.is_valid() and reminders.is_valid():
            try:
                with transaction.atomic():
                    services.set_ladder(directory, formset.steps())
                    reminders.save()
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("The reminders and the escalation ladder were saved."))
                return redirect("communications:ladder", slug=directory.slug)
    else:
        reminders = ReminderScheduleForm(instance=schedule, prefix="reminders")
        formset = LadderFormSet(
            prefix="steps",
            initial=[
                {"target": step.target, "delay_hours": step.delay_hours} for step in directory.escalation_steps.all()
            ],
        )
    return render(
        request,
        "communications/ladder.html",
        {"directory": directory, "deadlines": Deadlines.of(directory), "formset": formset, "reminders": reminders},
    )
