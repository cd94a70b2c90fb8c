"""A directory's managers write its modules: a new module, its lessons (with images and files), its quiz, and
publishing. Every change goes to the module's draft (``services.draft_of``): learners keep the published version
until the draft is published as the next one.
"""

from django.contrib import messages
from django.core.files.base import File
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER
from access.restriction import get_object_for
from directory.models import Directory
from learning import services
from learning.forms import AttachmentForm, ImageHostsForm, LessonForm, ModuleForm, QuestionForm
from learning.models import Attachment, Choice, Lesson, Module, Question
from learning.text import to_html
from learning.views import showing_images_of


def _module(request, code) -> Module:
    return get_object_for(
        request.principal, "change", Module.objects.select_related("directory", "current_version"), code=code
    )


@MANAGER
def module_new(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    form = ModuleForm(request.POST or None, with_language=True)
    if form.is_valid():
        module = services.create_module(
            directory,
            language=form.cleaned_data["language"],
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            pass_mark=form.cleaned_data["pass_mark"],
            user=request.user,
        )
        messages.success(
            request, _("The module was created as a draft. Add its lessons and questions, then publish it.")
        )
        return redirect("learning:edit", code=module.code)
    return render(request, "learning/module_form.html", {"form": form, "directory": directory})


@MANAGER
def module_edit(request, code):
    """The editor: the draft (or, before any change, the published version), its lessons and questions."""
    module = _module(request, code)
    version = services.shown_version(module)
    form = ModuleForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            draft = services.draft_of(module)
            for name in ("title", "summary", "pass_mark"):
                setattr(draft, name, form.cleaned_data[name])
            draft.save()
        messages.success(request, _("The draft was saved."))
        return redirect("learning:edit", code=module.code)
    hosts = services.allowed_image_hosts(module.directory)
    lessons = list(version.lessons.prefetch_related("attachments"))
    response = render(
        request,
        "learning/editor.html",
        {
            "module": module,
            "version": version,
            "form": form,
            "lessons": [(lesson, to_html(lesson.body, hosts)) for lesson in lessons],
            "questions": list(version.questions.prefetch_related("choices")),
        },
    )
    return showing_images_of(hosts, response)


@MANAGER
def lesson_new(request, code):
    module = _module(request, code)
    form = LessonForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            draft = services.draft_of(module)
            Lesson.objects.create(
                version=draft, position=services.next_position(draft.lessons.all()), **form.cleaned_data
            )
        messages.success(request, _("The lesson was added to the draft."))
        return redirect("learning:edit", code=module.code)
    return render(request, "learning/lesson_form.html", {"form": form, "module": module, "lesson": None})


def _draft_item(module: Module, rows_of, position: int):
    draft = services.draft_of(module)
    try:
        return draft, rows_of(draft).get(position=position)
    except rows_of(draft).model.DoesNotExist:
        raise Http404 from None


@MANAGER
def lesson_edit(request, code, position):
    module = _module(request, code)
    shown = services.shown_version(module)
    lesson = shown.lessons.filter(position=position).first()
    if lesson is None:
        raise Http404
    form = LessonForm(request.POST or None, initial={"title": lesson.title, "body": lesson.body})
    if request.method == "POST" and "delete" in request.POST:
        with transaction.atomic():
            draft, lesson = _draft_item(module, lambda v: v.lessons.all(), position)
            lesson.delete()
            services.renumber(draft.lessons.all())
        messages.success(request, _("The lesson was removed from the draft."))
        return redirect("learning:edit", code=module.code)
    if form.is_valid():
        with transaction.atomic():
            _draft, lesson = _draft_item(module, lambda v: v.lessons.all(), position)
            lesson.title, lesson.body = form.cleaned_data["title"], form.cleaned_data["body"]
            lesson.save()
        messages.success(request, _("The lesson was saved in the draft."))
        return redirect("learning:edit", code=module.code)
    return render(request, "learning/lesson_form.html", {"form": form, "module": module, "lesson": lesson})


@MANAGER
def attachment_new(request, code, position):
    module = _module(request, code)
    lesson = services.shown_version(module).lessons.filter(position=position).first()
    if lesson is None:
        raise Http404
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        with transaction.atomic():
            _draft, lesson = _draft_item(module, lambda v: v.lessons.all(), position)
            attachment = Attachment(
                lesson=lesson,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                extension=form.file_kind.extension,
                content_type=form.file_kind.content_type,
            )
            attachment.file.save(f"upload.{form.file_kind.extension}", File(form.cleaned_data["upload"]), save=False)
            attachment.save()
        if attachment.kind == "image":
            messages.success(
                request,
                _("The image was added. Show it in the lesson with: ![%(name)s](%(address)s)")
                % {"name": attachment.name, "address": attachment.get_absolute_url()},
            )
        else:
            messages.success(request, _("The file was attached to the lesson."))
        return redirect("learning:edit", code=module.code)
    return render(request, "learning/attachment_form.html", {"form": form, "module": module, "lesson": lesson})


def _save_choices(question: Question, answers: list[tuple[str, bool]]) -> None:
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(question=question, position=index, text=text, is_correct=correct)
        for index, (text, correct) in enumerate(answers, start=1)
    )


@MANAGER
def question_new(request, code):
    module = _module(request, code)
    form = QuestionForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            draft = services.draft_of(module)
            question = Question.objects.create(
                version=draft,
                position=services.next_position(draft.questions.all()),
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
            )
            _save_choices(question, form.cleaned_data["answers"])
        messages.success(request, _("The question was added to the draft."))
        return redirect("learning:edit", code=module.code)
    return render(request, "learning/question_form.html", {"form": form, "module": module, "question": None})


@MANAGER
def question_edit(request, code, position):
    module = _module(request, code)
    question = services.shown_version(module).questions.filter(position=position).prefetch_related("choices").first()
    if question is None:
        raise Http404
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and "delete" in request.POST:
        with transaction.atomic():
            draft, question = _draft_item(module, lambda v: v.questions.all(), position)
            question.delete()
            services.renumber(draft.questions.all())
        messages.success(request, _("The question was removed from the draft."))
        return redirect("learning:edit", code=module.code)
    if form.is_valid():
        with transaction.atomic():
            _draft, question = _draft_item(module, lambda v: v.questions.all(), position)
            question.text, question.kind = form.cleaned_data["text"], form.cleaned_data["kind"]
            question.save()
            _save_choices(question, form.cleaned_data["answers"])
        messages.success(request, _("The question was saved in the draft."))
        return redirect("learning:edit", code=module.code)
    return render(request, "learning/question_form.html", {"form": form, "module": module, "question": question})


@MANAGER
@require_POST
def publish(request, code):
    module = _module(request, code)
    try:
        version = services.publish(module)
    except services.CannotPublish:
        messages.error(request, _("A module is published with at least one lesson and one question, from a draft."))
        return redirect("learning:edit", code=module.code)
    messages.success(request, _("Version %(number)s is published: learners now take it.") % {"number": version.number})
    return redirect(module)


@MANAGER
def image_hosts(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    initial = {"hosts": "\n".join(services.allowed_image_hosts(directory))}
    form = ImageHostsForm(request.POST or None, initial=initial)
    if form.is_valid():
        services.set_allowed_image_hosts(directory, form.cleaned_data["hosts"])
        messages.success(request, _("The hosts were saved."))
        return redirect("learning:list", slug=directory.slug)
    return render(request, "learning/image_hosts.html", {"form": form, "directory": directory})
