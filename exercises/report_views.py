"""The after-action report of an exercise: as a page, a printable page and CSV; its lessons; publishing it.

Those who control the exercise read every State's results and write the lessons; a participating State, once
a manager publishes the report, reads its own results and the anonymised whole (``exercises.report``).
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER, SIGNED_IN
from access.restriction import can, get_object_for
from enlace import cells
from exercises import report as reports
from exercises import services
from exercises.choices import ExerciseStatus
from exercises.models import Exercise, Lesson


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["text", "action", "owner", "due_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }


def _read(request, code) -> tuple[Exercise, reports.Report, dict]:
    """The exercise, its report as the reader may see it, and what the page shows around it."""
    principal = request.principal
    exercise = get_object_for(
        principal, "view_report", Exercise.objects.exercises().select_related("directory"), code=code
    )
    controls = can(principal, "control", exercise)
    now = timezone.now()
    if controls:
        report = reports.for_controllers(exercise, now)
    else:
        report = reports.for_participant(exercise, principal.member_state_ids, now)
    context = {
        "exercise": exercise,
        "directory": exercise.directory,
        "report": report,
        "controls": controls,
        "manages": can(principal, "change", exercise),
        "min_states": reports.MIN_STATES,
        # Lessons may name States and people: they stay with those who control the exercise.
        "lessons": list(exercise.lessons.all()) if controls else [],
        "may_mark_reported": controls and exercise.status == ExerciseStatus.ENDED,
    }
    return exercise, report, context


@SIGNED_IN
def report(request, code):
    _exercise, _report, context = _read(request, code)
    if context["controls"]:
        context["lesson_form"] = LessonForm()
    return render(request, "exercises/report.html", context)


@SIGNED_IN
def report_print(request, code):
    """The same report laid out for paper: the browser's "print" (or "save as PDF") gives the PDF."""
    _exercise, _report, context = _read(request, code)
    context["printed_at"] = timezone.now()
    return render(request, "exercises/report_print.html", context)


@SIGNED_IN
def report_csv(request, code):
    exercise, report, _context = _read(request, code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    kind = "anonymised" if report.anonymised else "by-state"
    response["Content-Disposition"] = f'attachment; filename="exercise-{exercise.code}-{kind}.csv"'
    cells.csv_writer(response).writerows(reports.csv_rows(report))
    return response


@require_POST
@MANAGER
def publish(request, code):
    """The manager publishes the anonymised report to the participating States, or withdraws it."""
    exercise = get_object_for(request.principal, "change", Exercise.objects.exercises(), code=code)
    published = request.POST.get("publish") == "1"
    try:
        services.publish_report(exercise, published)
    except services.NotAllowedNow as refusal:
        messages.error(request, str(refusal))
    else:
        if published:
            messages.success(request, _("The anonymised report is published to the participating States."))
        else:
            messages.success(request, _("The anonymised report is withdrawn from the participating States."))
    return redirect("exercises:report", code=exercise.code)


@require_POST
@SIGNED_IN
def lesson_new(request, code):
    exercise = get_object_for(request.principal, "control", Exercise.objects.exercises(), code=code)
    form = LessonForm(request.POST)
    if not form.is_valid():
        _exercise, _report, context = _read(request, code)
        context["lesson_form"] = form
        return render(request, "exercises/report.html", context)
    lesson = form.save(commit=False)
    lesson.exercise, lesson.written_by = exercise, request.user
    lesson.save()
    messages.success(request, _("The lesson was added to the report."))
    return redirect(_lessons_url(exercise))


def _lessons_url(exercise: Exercise) -> str:
    return reverse("exercises:report", args=[exercise.code]) + "#lessons"


@SIGNED_IN
def lesson_delete(request, pk):
    """Asks first (a page to confirm), then removes the lesson from the report."""
    exercise = get_object_for(request.principal, "control", Exercise.objects.exercises(), lessons__pk=pk)
    lesson = exercise.lessons.get(pk=pk)
    if request.method != "POST":
        return render(request, "exercises/report_lesson_delete.html", {"exercise": exercise, "lesson": lesson})
    lesson.delete()
    messages.success(request, _("The lesson was removed from the report."))
    return redirect(_lessons_url(exercise))
