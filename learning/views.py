"""The learner's pages: a directory's modules, one's own learning, a module, its lessons, the quiz and its result;
and what coordinators and managers follow (completions of a State, counts per State).

Thin: who may see what is ``learning.policies``'; what happens is ``learning.services``'.
"""

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from access.guards import COORDINATOR, MANAGER, SIGNED_IN
from access.restriction import can, get_object_for
from directory.models import Directory, State
from learning import services
from learning.forms import QuizForm
from learning.models import Attachment, Attempt, Completion, Lesson, Module, ModuleVersion
from learning.text import image_sources, to_html


def _status_of(module: Module, completed: dict[int, set[int]]) -> str:
    versions = completed.get(module.pk, set())
    if module.current_version_id in versions:
        return "completed"
    return "earlier" if versions else ""


def _completed_versions(user, modules) -> dict[int, set[int]]:
    completed: dict[int, set[int]] = {}
    rows = Completion.objects.filter(user=user, module__in=[m.pk for m in modules]).values_list(
        "module_id", "version_id"
    )
    for module_id, version_id in rows:
        completed.setdefault(module_id, set()).add(version_id)
    return completed


@SIGNED_IN
def mine(request):
    """My learning: the published modules of every directory one of the reader's States takes part in."""
    principal = request.principal
    modules = list(Module.objects.restrict(principal, "view").for_learners_in(principal.readable_directory_ids))
    completed = _completed_versions(request.user, modules)
    rows = [(module, _status_of(module, completed)) for module in modules]
    return render(request, "learning/mine.html", {"rows": rows})


@SIGNED_IN
def module_list(request, slug):
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    can_manage = can(principal, "change", directory)
    modules = list(
        Module.objects.restrict(principal, "view")
        .of_directory(directory)
        .select_related("current_version")
        .prefetch_related(
            Prefetch("versions", queryset=ModuleVersion.objects.filter(published_at__isnull=True), to_attr="drafts")
        )
        .order_by("language", "pk")
    )
    completed = _completed_versions(request.user, modules)
    rows = [(module, _status_of(module, completed)) for module in modules]
    return render(
        request,
        "learning/list.html",
        {
            "directory": directory,
            "rows": rows,
            "can_manage": can_manage,
            "is_coordinator": principal.is_coordinator and bool(principal.coordinated_state_ids & _states(directory)),
        },
    )


def _states(directory: Directory) -> set[int]:
    return set(directory.participations.values_list("state_id", flat=True))


def _published_module(request, code) -> Module:
    module = get_object_for(
        request.principal, "view", Module.objects.select_related("directory", "current_version"), code=code
    )
    if module.current_version_id is None:
        # A module not yet published: its managers write it in the editor.
        raise Http404
    return module


@SIGNED_IN
def module_detail(request, code):
    principal = request.principal
    module = get_object_for(principal, "view", Module.objects.select_related("directory", "current_version"), code=code)
    if module.current_version_id is None:
        return redirect("learning:edit", code=module.code)
    version = module.current_version
    lessons = list(version.lessons.only("position", "title"))
    attempts = list(Attempt.objects.filter(user=request.user, version=version)[:10])
    completion = Completion.objects.filter(user=request.user, module=module).select_related("version").first()
    return render(
        request,
        "learning/module.html",
        {
            "module": module,
            "version": version,
            "lessons": lessons,
            "resume": services.resume_position(request.user, module),
            "attempts": attempts,
            "completion": completion,
            "can_manage": can(principal, "change", module),
        },
    )


@SIGNED_IN
def lesson(request, code, position):
    module = _published_module(request, code)
    version = module.current_version
    lessons = list(version.lessons.only("position", "title"))
    current = next((item for item in lessons if item.position == position), None)
    if current is None:
        raise Http404
    current = Lesson.objects.prefetch_related("attachments").get(pk=current.pk)
    hosts = services.allowed_image_hosts(module.directory)
    services.reach(request.user, module, position)
    index = [item.position for item in lessons].index(position)
    response = render(
        request,
        "learning/lesson.html",
        {
            "module": module,
            "version": version,
            "lesson": current,
            "body": to_html(current.body, hosts),
            "files": [a for a in current.attachments.all() if a.kind == "file"],
            "previous": lessons[index - 1] if index > 0 else None,
            "next": lessons[index + 1] if index + 1 < len(lessons) else None,
            "number": index + 1,
            "count": len(lessons),
        },
    )
    return showing_images_of(hosts, response)


def showing_images_of(hosts: list[str], response):
    """Let the images of the hosts the directory allowed load on this page, and on it alone."""
    if hosts:
        config = dict(settings.SECURE_CSP)
        config["img-src"] = [*config.get("img-src", []), *image_sources(hosts)]
        response._csp_config = config
    return response


@SIGNED_IN
def quiz(request, code):
    module = _published_module(request, code)
    version = module.current_version
    questions = list(version.questions.prefetch_related("choices"))
    form = QuizForm(request.POST if request.method == "POST" else None, questions=questions, language=module.language)
    if form.is_valid():
        attempt = services.submit_quiz(request.principal, request.user, module, form.answers())
        return redirect(attempt)
    return render(request, "learning/quiz.html", {"module": module, "version": version, "form": form})


@SIGNED_IN
def result(request, code):
    attempt = get_object_for(
        request.principal, "view", Attempt.objects.select_related("version__module__directory"), code=code
    )
    module = attempt.version.module
    return render(
        request,
        "learning/result.html",
        {
            "attempt": attempt,
            "module": module,
            "version": attempt.version,
            "is_current": module.current_version_id == attempt.version_id,
        },
    )


@SIGNED_IN
def attachment_file(request, code):
    """An image or file of a lesson, through the module's access rule (never a public media address).

    Files are always downloaded, never shown inside Enlace's pages; images are shown, with their checked type.
    """
    attachment = get_object_for(request.principal, "view", Attachment.objects.all(), code=code)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=attachment.kind == "file",
        filename=f"{attachment.name}.{attachment.extension}",
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Following: a coordinator's State, a manager's directory ----------------------------------------------------


@COORDINATOR
def completions(request, slug):
    """Who in the coordinator's own States completed which module of the directory (no other State's people)."""
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    rows = (
        Completion.objects.restrict(principal, "view")
        .of_directory(directory)
        .filter(state_id__in=principal.coordinated_state_ids)
        .select_related("user", "state", "version", "module")
        .order_by("state__english_name", "user__name", "-completed_at", "pk")
    )
    return render(request, "learning/completions.html", {"directory": directory, "completions": rows})


@MANAGER
def counts(request, slug):
    """How many people of each State completed each module of the directory: numbers, never names."""
    principal = request.principal
    directory = get_object_for(principal, "change", Directory.objects.all(), slug=slug)
    modules = list(
        Module.objects.of_directory(directory).published().select_related("current_version").order_by("language", "pk")
    )
    found = (
        Completion.objects.restrict(principal, "count")
        .of_directory(directory)
        .values("state_id", "module_id")
        .annotate(people=Count("user", distinct=True))
    )
    counted = {(row["state_id"], row["module_id"]): row["people"] for row in found}
    states = State.objects.filter(participations__directory=directory).order_by("english_name")
    table = [(state, [counted.get((state.pk, module.pk), 0) for module in modules]) for state in states]
    totals = [sum(row[1][index] for row in table) for index in range(len(modules))]
    return render(
        request,
        "learning/counts.html",
        {"directory": directory, "modules": modules, "table": table, "totals": totals},
    )
