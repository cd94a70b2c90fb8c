"""Ping test pages: the manager's rounds, the public confirmation by link or code, the PoC's own pings."""

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER, MANAGER_OR_COORDINATOR, POINT_OF_CONTACT, PUBLIC
from access.restriction import can, get_object_for
from directory.models import Directory
from enlace.dates import reader_time_zone
from enlace.listing import page_links
from enlace.page_frame import render_framed
from mail.languages import language_header, message_language
from mail.models import EmailStatus
from pings import confirmation_page, listing, services
from pings.filtersets import PingFilter
from pings.forms import CodeForm, ConfirmForm, RecordAnswerForm, posted_answer
from pings.models import Channel, Ping, PingRound, PingSchedule, PingStatus, RoundStatus

# Typed codes are short: each address gets this many tries per window before waiting.
CODE_TRIES = 10
CODE_WINDOW_SECONDS = 15 * 60


@MANAGER_OR_COORDINATOR
def round_list(request, slug):
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.select_related("ping_schedule"), slug=slug)
    rounds = PingRound.objects.restrict(principal, "view").filter(directory=directory)
    return render(
        request,
        "pings/round_list.html",
        {
            "directory": directory,
            "schedule": PingSchedule.of(directory),
            "rounds": rounds,
            "can_start": can(principal, "change", directory) and not directory.ping_rounds.not_closed().exists(),
        },
    )


@MANAGER
def round_new(request, slug):
    """Preview who a new round will ping, a page at a time, then start it."""
    directory = get_object_for(
        request.principal, "change", Directory.objects.select_related("ping_schedule"), slug=slug
    )
    if request.method == "POST":
        try:
            ping_round = services.start_round(directory, trigger="manual", user=request.user)
        except services.RoundAlreadyOpen:
            messages.error(request, _("A round is already under way in this directory."))
            return redirect("pings:rounds", slug=directory.slug)
        messages.success(request, _("The round has started; its e-mails are being sent."))
        return redirect(ping_round)
    sort, descending = listing.RECIPIENT_SORTING.parse(request.GET.get("sort"))
    page, states = listing.page_of_recipients(directory, sort, descending, request.GET.get("page"))
    return render(
        request,
        "pings/round_new.html",
        {
            "directory": directory,
            "schedule": PingSchedule.of(directory),
            **page_links(page),
            # Who the round's ping will reach encrypted: the same test the round applies when it sends.
            "encrypted": {contact.pk for contact in page.object_list if contact.encryption_key()},
            "states": states,
            "sort": listing.RECIPIENT_SORTING.url_value(sort, descending),
            "sort_links": listing.RECIPIENT_SORTING.links(sort, descending),
        },
    )


def _round_context(request, code) -> dict:
    principal = request.principal
    ping_round = get_object_for(principal, "view", PingRound.objects.select_related("directory"), code=code)
    pings = Ping.objects.restrict(principal, "view").filter(round=ping_round)
    return {"round": ping_round, "pings": pings, "counts": listing.summary(pings)}


@MANAGER_OR_COORDINATOR
def round_detail(request, code):
    """A round's pings the reader may see, a page at a time, filtered and sorted from the URL, with its summary."""
    context = _round_context(request, code)
    ping_round = context["round"]
    summary, pings = context["counts"], context["pings"]
    filters = PingFilter(request.GET or None, queryset=pings, state_ids=list(summary.by_state))
    sort, descending = listing.SORTING.parse(request.GET.get("sort"))
    selected = filters.filtered(pings)
    # No filter applied (the same queryset back): the summary has counted these very pings by State already.
    counts = summary.by_state if selected is pings else None
    page = listing.page_of_pings(selected, sort, descending, request.GET.get("page"), counts=counts)
    can_record = can(request.principal, "change", ping_round)
    return render(
        request,
        "pings/round_detail.html",
        {
            **context,
            "filters": filters.form,
            **page_links(page),
            "sort": listing.SORTING.url_value(sort, descending),
            "sort_links": listing.SORTING.links(sort, descending),
            "can_record": can_record,
            "record_form": RecordAnswerForm() if can_record else None,
            "failed": EmailStatus.FAILED,
        },
    )


@MANAGER_OR_COORDINATOR
def round_progress(request, code):
    """The live "sent / total" counter, polled by htmx while the round is being sent."""
    return render(request, "pings/_round_progress.html", _round_context(request, code))


@require_POST
@MANAGER
def record_answer(request, code):
    """A manager records an answer received by telephone, note verbale or another channel."""
    ping = get_object_for(request.principal, "record", Ping.objects.select_related("round", "contact"), code=code)
    form = RecordAnswerForm(request.POST)
    if form.is_valid():
        if services.record_by_manager(
            ping, channel=form.cleaned_data["channel"], note=form.cleaned_data["note"], user=request.user
        ):
            messages.success(request, _("The answer of %(contact)s was recorded.") % {"contact": ping.contact})
        else:
            messages.info(request, _("%(contact)s had already answered.") % {"contact": ping.contact})
    else:
        messages.error(request, _("Choose the channel and write a note to record an answer."))
    return redirect(ping.round)


def _record(request, lookup: dict, channel: str):
    """A valid answer posted: recorded straight away, without reading the ping first (None if nothing was)."""
    if "answer" not in request.POST:
        return None
    posted = posted_answer(request.POST)
    if posted is None:
        return None
    ping = services.answer_once(
        lookup,
        services.Answer(
            correct=posted["answer"] == ConfirmForm.CORRECT,
            channel=channel,
            changes=posted.get("changes", ""),
            attested=posted["attest"],
        ),
        user=request.user if request.user.is_authenticated else None,
    )
    if ping is None:
        return None
    with message_language(request, ping.language):
        # The thanks say nothing but how the ping was answered: kept once per language and answer.
        response = render_framed(
            request, "pings/confirm_done.html", {"ping": ping, "already": False}, same_for=(ping.status,)
        )
    return language_header(response, request)


def _confirmation(request, ping: Ping | None, template_context: dict):
    """The confirmation page shared by the link, the typed code and the dashboard (and its answers not recorded)."""
    if ping is None or not services.answer_is_allowed(ping):
        return render_framed(request, "pings/confirm_invalid.html", status=404)
    if ping.is_answered:
        with message_language(request, ping.language):
            response = render_framed(request, "pings/confirm_done.html", {"ping": ping, "already": True})
        return language_header(response, request)
    # An answer sent back with a mistake is shown with it; otherwise the blank form, which the template keeps
    # rendered once per language (so it is built only when that copy is missing).
    with message_language(request, ping.language):
        form = None
        if "answer" in request.POST:
            form = ConfirmForm(request.POST)
            form.is_valid()
        response = render_framed(
            request,
            "pings/confirm.html",
            {
                "ping": ping,
                "contact": ping.contact,
                "details": confirmation_page.details(ping, reader_time_zone(request)["reader_time_zone"]),
                "form": form,
                "blank_form": SimpleLazyObject(ConfirmForm),
                **template_context,
            },
        )
    return language_header(response, request)


@PUBLIC
def confirm(request, token):
    """The e-mailed link. Opening it (GET) records nothing: mail scanners open links on their own."""
    lookup = services.by_token(token)
    return _record(request, lookup, Channel.LINK) or _confirmation(
        request, confirmation_page.find(lookup), {"action": request.path}
    )


@PUBLIC
def enter_code(request):
    """For mail systems that rewrite or block links: type the code from the e-mail instead."""
    code_form = CodeForm(request.POST or None)
    if request.method == "POST":
        if _too_many_code_tries(request):
            code_form.add_error("code", _("Too many attempts. Wait a few minutes and try again."))
        elif code_form.is_valid():
            code = code_form.cleaned_data["code"]
            lookup = services.by_code(code)
            recorded = _record(request, lookup, Channel.CODE)
            if recorded is not None:
                return recorded
            ping = confirmation_page.find(lookup)
            if ping is not None:
                return _confirmation(request, ping, {"action": request.path, "code": code})
            code_form.add_error("code", _("This code is not valid, or its round has closed."))
    return render(request, "pings/enter_code.html", {"form": code_form})


def _too_many_code_tries(request) -> bool:
    key = f"pings:code-tries:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, CODE_WINDOW_SECONDS)
    try:
        tries = cache.incr(key)
    except ValueError:
        tries = 1
    return tries > CODE_TRIES


@POINT_OF_CONTACT
def my_pings(request):
    """A signed-in point of contact sees its own pings and confirms the open ones."""
    pings = (
        Ping.objects.filter(contact_id=request.principal.contact_id)
        .select_related("round__directory")
        .order_by("-round__started_at")
    )
    return render(request, "pings/my_pings.html", {"pings": pings, "pending": PingStatus.PENDING})


@POINT_OF_CONTACT
def confirm_signed_in(request, code):
    lookup = {"code": code, "contact_id": request.principal.contact_id}
    recorded = _record(request, lookup, Channel.DASHBOARD)
    if recorded is not None:
        return recorded
    ping = confirmation_page.find(lookup)
    if ping is None or ping.round.status == RoundStatus.CLOSED:
        raise Http404
    return _confirmation(request, ping, {"action": request.path})
