"""The exercise library's pages: keep a scenario as a template, use one, copy it to another directory, and
share it as a JSON file.

Thin: what a copy carries over is ``exercises.library``'s; who may do it is the rules' (``change``: the
directory's managers; an export also whoever controls the exercise).
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from access.guards import MANAGER, SIGNED_IN
from access.restriction import can, get_object_for
from directory.models import Directory
from exercises import library
from exercises.models import Exercise
from exercises.services import NotAllowedNow


class CopyForm(forms.Form):
    directory = forms.ModelChoiceField(
        label=gettext_lazy("Copy to the directory"),
        queryset=Directory.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("The copy is a draft there, with that directory's States and communication templates."),
    )

    def __init__(self, *args, directories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directory"].queryset = directories


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Exercise file (JSON)"),
        help_text=gettext_lazy("A file exported from Enlace's exercise library, at most 1 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > library.MAX_FILE_BYTES:
            raise ValidationError(_("The file is larger than 1 MB."), code="too_large")
        try:
            self.data_read = json.loads(upload.read())
        except (UnicodeDecodeError, ValueError):
            raise ValidationError(_("The file is not JSON."), code="not_json") from None
        return upload


def _managed(request, code) -> Exercise:
    return get_object_for(request.principal, "change", Exercise.objects.select_related("directory"), code=code)


@require_POST
@MANAGER
def save_as_template(request, code):
    exercise = _managed(request, code)
    try:
        template = library.save_as_template(exercise, user=request.user)
    except NotAllowedNow as refusal:
        messages.error(request, str(refusal))
        return redirect(exercise)
    messages.success(request, _("Saved in the library as a template."))
    return redirect(template)


@require_POST
@MANAGER
def use_template(request, code):
    template = _managed(request, code)
    try:
        exercise = library.use_template(template, user=request.user)
    except NotAllowedNow as refusal:
        messages.error(request, str(refusal))
        return redirect(template)
    messages.success(request, _("A new draft exercise was made from the template. Set its dates and States."))
    return redirect(exercise)


@MANAGER
def copy(request, code):
    exercise = _managed(request, code)
    directories = Directory.objects.filter(pk__in=request.principal.managed_directory_ids).order_by("name")
    form = CopyForm(request.POST or None, directories=directories, initial={"directory": exercise.directory})
    if request.method == "POST" and form.is_valid():
        copied = library.copy_to(exercise, form.cleaned_data["directory"], user=request.user)
        messages.success(request, _("Copied as a draft to %(directory)s.") % {"directory": copied.exercise.directory})
        for note in copied.left_out:
            messages.warning(request, note)
        return redirect(copied.exercise)
    return render(request, "exercises/library_copy.html", {"exercise": exercise, "form": form})


@SIGNED_IN
def export_json(request, code):
    exercise = get_object_for(request.principal, "view", Exercise.objects.select_related("directory"), code=code)
    if not (can(request.principal, "change", exercise) or can(request.principal, "control", exercise)):
        raise PermissionDenied
    response = JsonResponse(library.export_json(exercise), json_dumps_params={"ensure_ascii": False, "indent": 2})
    filename = slugify(exercise.title) or "exercise"
    response["Content-Disposition"] = f'attachment; filename="{filename}.exercise.json"'
    return response


@MANAGER
def import_json(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = library.import_json(directory, form.data_read, user=request.user)
        except ValidationError as invalid:
            for message in invalid.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("The exercise was imported as a draft. Set its dates and States."))
            return redirect(exercise)
    status = 400 if form.errors else 200
    return render(request, "exercises/library_import.html", {"directory": directory, "form": form}, status=status)
