"""Preparing and running an exercise: the directory's list, the exercise and inject forms, the controls, the live
board, and the communication check's e-mailed acknowledgement link.

Thin: who may see and run what is ``exercises.policies``'; what happens is ``exercises.services``'; how it went is
``exercises.results``'.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from access.guards import MANAGER, MANAGER_OR_COORDINATOR, PUBLIC, SIGNED_IN
from access.restriction import can, get_object_for, restrict
from directory.models import Directory
from enlace.listing import SortColumn, Sorting, page_links
from exercises import results, services
from exercises.choices import ExerciseStatus, InjectStatus, Outcome
from exercises.forms import (
    ControlForm,
    ExerciseForm,
    ExerciseListFilter,
    InjectForm,
    MarkActionForm,
    RecordCheckForm,
    content_form,
    inject_templates,
)
from exercises.models import CheckMessage, Exercise, Inject, InjectDelivery
from mail.languages import language_header, message_language

PER_PAGE = 50

SORTING = Sorting(
    columns=(
        SortColumn("starts", gettext_lazy("Starts")),
        SortColumn("title", gettext_lazy("Title")),
        SortColumn("status", gettext_lazy("Status")),
    ),
    default="starts",
    default_descending=True,
)


def _ordering(key: str, descending: bool) -> list:
    def direction(column: F):
        return column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)

    columns = {"title": [F("title")], "status": [F("status")]}.get(key, [F("starts_at")])
    return [*(direction(column) for column in columns), direction(F("created")), direction(F("pk"))]


# --- The directory's exercises ----------------------------------------------------------------------------------


@SIGNED_IN
def exercise_list(request, slug):
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    visible = Exercise.objects.restrict(principal, "view").of_directory(directory)
    exercises = visible.exercises()
    filters = ExerciseListFilter(request.GET or None, queryset=exercises)
    sort, descending = SORTING.parse(request.GET.get("sort"))
    rows = filters.filtered(exercises).order_by(*_ordering(sort, descending))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "exercises/list.html",
        {
            "directory": directory,
            "filters": filters.form,
            "filtered": any(filters.form.data.get(name) for name in filters.form.fields) if filters.is_bound else False,
            **page_links(page),
            "sort": SORTING.url_value(sort, descending),
            "sort_links": SORTING.links(sort, descending),
            "can_manage": can(principal, "change", directory),
            # The library: scenarios kept as templates, in this directory or another the reader runs.
            "templates": Exercise.objects.restrict(principal, "view")
            .templates()
            .select_related("directory")
            .order_by("title", "pk"),
        },
    )


def _exercise_form(request, directory: Directory, exercise: Exercise | None):
    data = request.POST if request.method == "POST" else None
    return ExerciseForm(data, instance=exercise, directory=directory, zone_name=request.user.time_zone)


@MANAGER
def exercise_new(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    form = _exercise_form(request, directory, Exercise(directory=directory, created_by=request.user))
    if form.is_valid():
        exercise = form.save()
        messages.success(request, _("The exercise was saved as a draft. Add its injects, then schedule it."))
        return redirect(exercise)
    return render(request, "exercises/exercise_form.html", {"form": form, "directory": directory, "exercise": None})


@MANAGER
def exercise_edit(request, code):
    exercise = get_object_for(request.principal, "change", Exercise.objects.select_related("directory"), code=code)
    if exercise.status != ExerciseStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed: put the exercise back to a draft first."))
        return redirect(exercise)
    form = _exercise_form(request, exercise.directory, exercise)
    if form.is_valid():
        form.save()
        messages.success(request, _("The exercise was saved."))
        return redirect(exercise)
    return render(
        request, "exercises/exercise_form.html", {"form": form, "directory": exercise.directory, "exercise": exercise}
    )


# --- One exercise ------------------------------------------------------------------------------------------------


STAGES = {
    "not_reached": gettext_lazy("Not reached"),
    "sent": pgettext_lazy("inject stage", "Sent"),
    "acknowledged": pgettext_lazy("inject stage", "Acknowledged"),
    "answered": pgettext_lazy("inject stage", "Answered"),
}
EXPECTATIONS = {
    results.ACKNOWLEDGE: gettext_lazy("Acknowledge"),
    results.ANSWER: gettext_lazy("Answer"),
    results.ACTION: gettext_lazy("Expected action"),
}


@dataclass
class Cell:
    """How one State stands on one inject, in words: its stage, and whether it is late or did not answer."""

    result: results.DeliveryResult

    @property
    def stage(self) -> str:
        return STAGES[self.result.stage]

    @property
    def flag(self) -> str:
        outcomes = {scored.outcome for scored in self.result.scored}
        if Outcome.NOT_MET in outcomes:
            return "not_met"
        return "late" if Outcome.LATE in outcomes else ""

    @property
    def expectations(self) -> list[tuple[str, str, float | None]]:
        return [(EXPECTATIONS[scored.kind], scored.outcome.label, scored.minutes) for scored in self.result.scored]


@dataclass
class BoardRow:
    """One State on the board: its figures and, per inject sent, how it stands (None: not addressed)."""

    state: object
    figures: object
    cells: list


def _cell(result: results.DeliveryResult | None) -> Cell | None:
    return Cell(result) if result is not None else None


def board_context(exercise: Exercise, now) -> dict:
    """What the controllers' live board shows, read in a fixed number of queries whatever the number of rows."""
    if exercise.is_check:
        checked = results.check_results(exercise)
        by_state, overall = results.check_figures(checked)
        return {
            "checks": checked,
            "check_by_state": by_state,
            "check_overall": overall,
            # Acknowledgements count while the check runs, and late ones after it ended.
            "recordable": exercise.status in (ExerciseStatus.RUNNING, ExerciseStatus.ENDED),
        }
    scored = results.scenario_results(exercise, now)
    by_state, overall = results.figures(scored)
    injects = list(exercise.injects.select_related("follows").order_by("position", "pk"))
    sent = [inject for inject in injects if inject.status == InjectStatus.SENT]
    cells: dict[int, dict[int, results.DeliveryResult]] = {}
    states = {}
    for result in scored:
        states.setdefault(result.delivery.state_id, result.delivery.state)
        cells.setdefault(result.delivery.state_id, {})[result.delivery.inject_id] = result
    rows = [
        BoardRow(state, by_state[state_id], [_cell(cells[state_id].get(inject.pk)) for inject in sent])
        for state_id, state in sorted(states.items(), key=lambda item: item[1].name)
    ]
    return {
        "injects": injects,
        "sent_injects": sent,
        "rows": rows,
        "overall": overall,
        "actions": [Cell(result) for result in scored if result.delivery.inject.expected_action],
    }


def _status_controls(exercise: Exercise) -> list[tuple[str, str]]:
    """The steps a controller may take now: (action, button label)."""
    if exercise.is_template:
        return []
    steps = {
        ExerciseStatus.DRAFT: [(ControlForm.SCHEDULE, _("Schedule"))],
        ExerciseStatus.SCHEDULED: [
            (ControlForm.START, _("Start now")),
            (ControlForm.UNSCHEDULE, _("Back to a draft")),
        ],
        ExerciseStatus.RUNNING: [
            (ControlForm.RESUME, _("Resume")) if exercise.is_paused else (ControlForm.PAUSE, _("Pause")),
            (ControlForm.END, _("End the exercise")),
        ],
        ExerciseStatus.ENDED: [(ControlForm.REPORTED, _("Mark as reported"))],
    }
    return steps.get(exercise.status, [])


@SIGNED_IN
def exercise_detail(request, code):
    principal = request.principal
    exercise = get_object_for(principal, "view", Exercise.objects.select_related("directory"), code=code)
    now = timezone.now()
    controls = can(principal, "control", exercise)
    context = {
        "exercise": exercise,
        "controls": controls,
        "can_change": can(principal, "change", exercise),
        "states": exercise.participating_states(),
        "controllers": exercise.controllers.order_by("name", "email"),
    }
    if controls:
        context.update(board_context(exercise, now))
        context["status_controls"] = _status_controls(exercise)
        context["record_form"] = RecordCheckForm()
        context["mark_form"] = MarkActionForm()
    else:
        # A participating State: its own results, never another State's.
        context["own_checks"] = (
            CheckMessage.objects.restrict(principal, "view")
            .filter(exercise=exercise)
            .select_related("contact", "state")
            .order_by("state__english_name", "contact__name", "pk")
        )
        deliveries = (
            restrict(InjectDelivery.objects.filter(inject__exercise=exercise), principal, "view")
            .select_related("inject", "state", "communication")
            .order_by("inject__position", "state__english_name")
        )
        context["own_results"] = [Cell(results.score(delivery, now)) for delivery in deliveries]
    return render(request, "exercises/detail.html", context)


@MANAGER_OR_COORDINATOR
def board(request, code):
    """The live board, polled by the detail page while the exercise runs."""
    exercise = get_object_for(request.principal, "control", Exercise.objects.select_related("directory"), code=code)
    context = {
        "exercise": exercise,
        "controls": True,
        "record_form": RecordCheckForm(),
        "mark_form": MarkActionForm(),
        **board_context(exercise, timezone.now()),
    }
    return render(request, "exercises/_board.html", context)


CONTROL_STEPS = {
    ControlForm.SCHEDULE: services.schedule,
    ControlForm.UNSCHEDULE: services.unschedule,
    ControlForm.PAUSE: services.pause,
    ControlForm.RESUME: services.resume,
    ControlForm.REPORTED: services.mark_reported,
}
DONE = {
    ControlForm.SCHEDULE: gettext_lazy("The exercise is scheduled: it starts by itself at its start time."),
    ControlForm.UNSCHEDULE: gettext_lazy("The exercise is a draft again."),
    ControlForm.START: gettext_lazy("The exercise has started."),
    ControlForm.PAUSE: gettext_lazy("The exercise is paused: no inject goes out until it resumes."),
    ControlForm.RESUME: gettext_lazy("The exercise has resumed; the injects not yet sent moved later by the pause."),
    ControlForm.END: gettext_lazy("The exercise has ended. Its injects not yet sent will not be sent."),
    ControlForm.REPORTED: gettext_lazy("The exercise is marked as reported."),
}
QUESTIONS = {
    ControlForm.START: gettext_lazy("Start the exercise now? Its messages go out through the real channels."),
    ControlForm.END: gettext_lazy("End the exercise now? Its injects not yet sent will never be sent."),
    ControlForm.REPORTED: gettext_lazy("Mark the exercise as reported? This is its last step."),
}


@require_POST
@MANAGER_OR_COORDINATOR
def control(request, code):
    """Schedule, start, pause, resume, end; a step that cannot be undone is asked first on a page of its own."""
    exercise = get_object_for(request.principal, "control", Exercise.objects.select_related("directory"), code=code)
    form = ControlForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the steps offered."))
        return redirect(exercise)
    action = form.cleaned_data["action"]
    if action in (ControlForm.SCHEDULE, ControlForm.UNSCHEDULE) and not can(request.principal, "change", exercise):
        raise PermissionDenied
    if action in ControlForm.CONFIRMED and not form.cleaned_data["confirm"]:
        return render(
            request,
            "exercises/control_confirm.html",
            {"exercise": exercise, "action": action, "question": QUESTIONS[action]},
        )
    try:
        if action == ControlForm.START:
            if exercise.status != ExerciseStatus.SCHEDULED or not services.start(exercise):
                raise services.NotAllowedNow(_("Only a scheduled exercise can be started, and only once."))
        elif action == ControlForm.END:
            if not services.end(exercise):
                raise services.NotAllowedNow(_("Only a running exercise can be ended."))
        else:
            CONTROL_STEPS[action](exercise)
    except services.NotAllowedNow as refusal:
        messages.error(request, str(refusal))
    except ValidationError as problems:
        messages.error(request, " ".join([_("The exercise cannot be scheduled yet:"), *problems.messages]))
    else:
        messages.success(request, DONE[action])
    return redirect(exercise)


# --- Injects -----------------------------------------------------------------------------------------------------


def _inject_page(request, exercise: Exercise, inject: Inject):
    """The inject form for a new or a draft's inject: the envelope, then the chosen template's own form."""
    templates = inject_templates(exercise.directory)
    chosen = request.POST.get("template") or request.GET.get("template")
    template = next((found for found in templates if str(found.pk) == chosen), None)
    if template is None:
        template = inject.template if inject.template_id else (templates[0] if templates else None)
    if template is None:
        messages.error(request, _("The directory has no active communication template to build an inject from."))
        return redirect(exercise)
    version = template.current_version
    language = translation.get_language()
    data = request.POST if request.method == "POST" else None
    form = InjectForm(data, instance=inject, exercise=exercise, template=template, language=language)
    content = content_form(version, language, data, inject.values if inject.template_id == template.pk else None)
    if request.method == "POST" and form.is_valid() and content.is_valid():
        inject = form.save(commit=False)
        inject.values = content.values()
        send_now = form.cleaned_data.get("send_now", False)
        try:
            with transaction.atomic():
                if exercise.is_running and inject.pk is None:
                    services.add_inject_while_running(exercise, inject, send_now=send_now, user=request.user)
                else:
                    if inject.pk is None:
                        inject.position = services.next_position(exercise)
                    inject.save()
                form.save_m2m()
        except services.NotAllowedNow as refusal:
            messages.error(request, str(refusal))
            return redirect(exercise)
        messages.success(request, _("The inject was saved."))
        return redirect(exercise)
    return render(
        request,
        "exercises/inject_form.html",
        {
            "exercise": exercise,
            "inject": inject,
            "form": form,
            "content": content,
            "templates": templates,
            "template": template,
            "version_title": version.localized(language).title,
        },
    )


@MANAGER_OR_COORDINATOR
def inject_new(request, code):
    """A draft's next inject (its managers), or an ad-hoc one while the exercise runs (its controllers)."""
    principal = request.principal
    exercise = get_object_for(principal, "control", Exercise.objects.select_related("directory"), code=code)
    if exercise.status == ExerciseStatus.DRAFT:
        if not can(principal, "change", exercise):
            raise PermissionDenied
    elif not exercise.is_running:
        messages.error(request, _("Injects are added while the exercise is a draft, or while it runs."))
        return redirect(exercise)
    return _inject_page(request, exercise, Inject(exercise=exercise))


def _draft_inject(request, code) -> tuple[Exercise, Inject | None]:
    exercise = get_object_for(
        request.principal, "change", Exercise.objects.select_related("directory"), injects__code=code
    )
    if exercise.status != ExerciseStatus.DRAFT:
        messages.error(request, _("Injects are changed while the exercise is a draft only."))
        return exercise, None
    return exercise, exercise.injects.select_related("template").get(code=code)


@MANAGER
def inject_edit(request, code):
    exercise, inject = _draft_inject(request, code)
    if inject is None:
        return redirect(exercise)
    return _inject_page(request, exercise, inject)


@require_POST
@MANAGER
def inject_delete(request, code):
    exercise, inject = _draft_inject(request, code)
    if inject is None:
        return redirect(exercise)
    if Inject.objects.filter(follows=inject).exists():
        messages.error(request, _("Other injects follow this one: change their timing first."))
    else:
        inject.delete()
        messages.success(request, _("The inject was deleted."))
    return redirect(exercise)


@require_POST
@MANAGER_OR_COORDINATOR
def inject_send(request, code):
    """Send an inject now, before its time."""
    exercise = get_object_for(
        request.principal, "control", Exercise.objects.select_related("directory"), injects__code=code
    )
    inject = exercise.injects.select_related("template").get(code=code)
    if services.send_inject(inject, user=request.user):
        messages.success(request, _("The inject was sent."))
    else:
        messages.error(request, _("The inject can be sent only once, and only while the exercise runs."))
    return redirect(exercise)


# --- The board's forms ---------------------------------------------------------------------------------------------


@require_POST
@MANAGER_OR_COORDINATOR
def mark_action(request, pk):
    """A controller marks how a State carried out an inject's expected action."""
    delivery = get_object_for(
        request.principal, "mark", InjectDelivery.objects.select_related("inject__exercise", "state"), pk=pk
    )
    form = MarkActionForm(request.POST)
    if form.is_valid():
        services.mark_action(
            delivery, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"], user=request.user
        )
        messages.success(request, _("The action of %(state)s was marked.") % {"state": delivery.state.name})
    else:
        messages.error(request, _("Choose how the expected action was carried out."))
    return redirect(delivery.inject.exercise)


@require_POST
@MANAGER_OR_COORDINATOR
def record_check(request, code):
    """A controller records an acknowledgement received by telephone or another channel."""
    message = get_object_for(
        request.principal, "record", CheckMessage.objects.select_related("exercise", "contact"), code=code
    )
    form = RecordCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the channel and write a note to record an acknowledgement."))
    elif services.acknowledge_check(
        message, channel=form.cleaned_data["channel"], note=form.cleaned_data["note"], user=request.user
    ):
        messages.success(request, _("The acknowledgement of %(contact)s was recorded.") % {"contact": message.contact})
    else:
        messages.info(
            request,
            _("%(contact)s had already acknowledged, or the check is not under way.") % {"contact": message.contact},
        )
    return redirect(message.exercise)


# --- The communication check's e-mailed link ---------------------------------------------------------------------


@PUBLIC
def acknowledge(request, token) -> HttpResponse:
    """The check's e-mailed link: the page says what is acknowledged; only the POST records it (mail scanners open
    links on their own)."""
    message = services.message_by_token(token)
    if message is None:
        return render(request, "exercises/acknowledge_invalid.html", status=404)
    done = False
    if request.method == "POST":
        done = services.acknowledge_check(
            message, channel="link", user=request.user if request.user.is_authenticated else None
        )
    exercise = message.exercise
    with message_language(request, message.language):
        response = render(
            request,
            "exercises/acknowledge.html",
            {
                "message": message,
                "exercise": exercise,
                "done": done,
                "open": exercise.status in (ExerciseStatus.RUNNING, ExerciseStatus.ENDED),
                "time_zone": message.contact.time_zone,
            },
        )
    return language_header(response, request)
