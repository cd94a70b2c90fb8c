"""What happens to learning modules: writing and publishing versions, taking lessons, scoring the quiz.

A manager's change always lands in the module's draft: ``draft_of`` copies the published version into a new
draft the first time a published module is changed, so learners keep the published text until the draft is
published, and what they completed stays tied to the version they took.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from access.principal import Principal
from directory.models import Contact, Directory
from learning.choices import QuestionKind
from learning.models import (
    Attachment,
    Attempt,
    Choice,
    Completion,
    LearningSettings,
    Lesson,
    Module,
    ModuleVersion,
    Progress,
    Question,
)


def allowed_image_hosts(directory: Directory) -> list[str]:
    found = LearningSettings.objects.filter(directory=directory).values_list("allowed_image_hosts", flat=True).first()
    return list(found or [])


def set_allowed_image_hosts(directory: Directory, hosts: list[str]) -> None:
    LearningSettings.objects.update_or_create(directory=directory, defaults={"allowed_image_hosts": hosts})


# --- Writing ---------------------------------------------------------------------------------------------------


@transaction.atomic
def create_module(directory: Directory, *, language: str, title: str, summary: str, pass_mark: int, user) -> Module:
    module = Module.objects.create(directory=directory, language=language, created_by=user)
    ModuleVersion.objects.create(module=module, number=1, title=title, summary=summary, pass_mark=pass_mark)
    return module


def draft(module: Module) -> ModuleVersion | None:
    return module.versions.filter(published_at__isnull=True).first()


def shown_version(module: Module) -> ModuleVersion:
    """What the editor shows: the draft if there is one, else the published version."""
    return draft(module) or module.current_version


@transaction.atomic
def draft_of(module: Module) -> ModuleVersion:
    """The module's draft, made from its published version (lessons, images, files and quiz) if it has none."""
    Module.objects.select_for_update().filter(pk=module.pk).first()
    if (existing := draft(module)) is not None:
        return existing
    source = module.current_version
    number = (module.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    copy = ModuleVersion.objects.create(
        module=module, number=number, title=source.title, summary=source.summary, pass_mark=source.pass_mark
    )
    for lesson in source.lessons.prefetch_related("attachments"):
        attachments = list(lesson.attachments.all())
        new_lesson = Lesson.objects.create(version=copy, position=lesson.position, title=lesson.title, body=lesson.body)
        # The stored files are shared: a version never changes a file, it only adds or drops its own rows.
        Attachment.objects.bulk_create(
            Attachment(
                lesson=new_lesson,
                kind=a.kind,
                name=a.name,
                file=a.file.name,
                extension=a.extension,
                content_type=a.content_type,
            )
            for a in attachments
        )
    for question in source.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        new_question = Question.objects.create(
            version=copy, position=question.position, text=question.text, kind=question.kind
        )
        Choice.objects.bulk_create(
            Choice(question=new_question, position=c.position, text=c.text, is_correct=c.is_correct) for c in choices
        )
    return copy


def next_position(rows) -> int:
    return (rows.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def renumber(rows) -> None:
    """Positions 1, 2, 3… again after a lesson or question was removed (two passes: positions are unique)."""
    items = list(rows.order_by("position"))
    offset = len(items) + 1000
    for item in items:
        type(item).objects.filter(pk=item.pk).update(position=item.position + offset)
    for index, item in enumerate(items, start=1):
        type(item).objects.filter(pk=item.pk).update(position=index)


class CannotPublish(ValueError):
    pass


@transaction.atomic
def publish(module: Module, *, now: datetime | None = None) -> ModuleVersion:
    version = draft(module)
    if version is None:
        raise CannotPublish("nothing to publish")
    if not version.lessons.exists():
        raise CannotPublish("no lesson")
    if not version.questions.exists():
        raise CannotPublish("no question")
    version.published_at = now or timezone.now()
    version.save(update_fields=["published_at", "updated"])
    module.current_version = version
    module.save(update_fields=["current_version", "updated"])
    return version


# --- Learning ---------------------------------------------------------------------------------------------------


def reach(user, module: Module, position: int) -> Progress:
    """Keep the lesson the person opened last in the version it reads, where it takes the module up again (a new
    version starts again). Opening a lesson is what records it: a bookmark of the reader's own, written only when
    it moves."""
    progress, created = Progress.objects.get_or_create(
        user=user, module=module, defaults={"version": module.current_version, "last_position": position}
    )
    if created:
        return progress
    if (progress.version_id, progress.last_position) == (module.current_version_id, position):
        return progress
    progress.version, progress.last_position = module.current_version, position
    progress.save(update_fields=["version", "last_position", "updated"])
    return progress


def resume_position(user, module: Module) -> int | None:
    """The lesson to take the module up again at, if the person started its published version."""
    return (
        Progress.objects.filter(user=user, module=module, version_id=module.current_version_id)
        .values_list("last_position", flat=True)
        .first()
    )


def state_acted_for(principal: Principal):
    """The State a person's completion counts for: its contact's State, else the State it coordinates."""
    if principal.contact_id is not None:
        return Contact.objects.values_list("institution__state_id", flat=True).get(pk=principal.contact_id)
    return min(principal.coordinated_state_ids, default=None)


@dataclass(frozen=True)
class Marked:
    correct: int
    total: int

    @property
    def score(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


def mark(version: ModuleVersion, answers: dict[int, list[int]]) -> Marked:
    """Each question counts when exactly its correct answers were chosen."""
    questions = list(version.questions.prefetch_related("choices"))
    correct = 0
    for question in questions:
        expected = {choice.position for choice in question.choices.all() if choice.is_correct}
        chosen = set(answers.get(question.position, []))
        if question.kind == QuestionKind.SINGLE and len(chosen) > 1:
            continue
        correct += chosen == expected
    return Marked(correct=correct, total=len(questions))


@transaction.atomic
def submit_quiz(principal: Principal, user, module: Module, answers: dict[int, list[int]], *, now=None) -> Attempt:
    """Score an attempt; passing records the completion of this version (once: a later pass keeps the first)."""
    now = now or timezone.now()
    version = module.current_version
    marked = mark(version, answers)
    passed = marked.score >= version.pass_mark
    attempt = Attempt.objects.create(
        user=user,
        version=version,
        score=marked.score,
        passed=passed,
        answers={str(position): chosen for position, chosen in answers.items()},
    )
    if passed:
        Completion.objects.get_or_create(
            user=user,
            version=version,
            defaults={
                "module": module,
                "state_id": state_acted_for(principal),
                "score": marked.score,
                "completed_at": now,
            },
        )
    return attempt
