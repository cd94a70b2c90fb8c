"""Learning modules of a directory: short courses its managers write for the people of its States.

A *module* is written in one language (a directory offers one module per language it needs) and goes through
*versions*: a manager writes a draft (lessons in Markdown, images and files, a short quiz with a pass mark) and
publishes it; changing a published module starts a new draft, copied from it, which replaces the published one
when it is published in turn. Learners always take the published version; what they did is kept against the
version they took (their *progress*, their *attempts* at the quiz and their *completion*), so that a new version
never rewrites what someone completed on an earlier one.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from access.restriction import RestrictedQuerySet
from directory.models import Directory, State, Timestamped
from learning.choices import AttachmentKind, QuestionKind

LANGUAGE_CHOICES = settings.LANGUAGES


class LearningSettings(Timestamped):
    """What a directory allows in its modules: the hosts lessons may show images from (besides uploads)."""

    directory = models.OneToOneField(Directory, on_delete=models.CASCADE, related_name="learning_settings")
    allowed_image_hosts = models.JSONField(_("hosts lessons may show images from"), default=list, blank=True)

    class Meta:
        verbose_name = _("learning settings")

    def get_additional_data(self) -> dict:
        return {"directory": self.directory_id}


class ModuleQuerySet(RestrictedQuerySet):
    def of_directory(self, directory: Directory) -> "ModuleQuerySet":
        return self.filter(directory=directory)

    def published(self) -> "ModuleQuerySet":
        return self.filter(current_version__isnull=False)

    def for_learners_in(self, directory_ids) -> "ModuleQuerySet":
        """Published modules of these directories, with what their lists show."""
        return (
            self.published()
            .filter(directory_id__in=directory_ids)
            .select_related("directory", "current_version")
            .order_by("directory__name", "language", "current_version__title", "pk")
        )


class Module(Timestamped):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directory = models.ForeignKey(Directory, on_delete=models.PROTECT, related_name="learning_modules")
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    # The version learners take (None until a first version is published).
    current_version = models.ForeignKey(
        "ModuleVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["directory", "language", "pk"]
        verbose_name = _("learning module")
        verbose_name_plural = _("learning modules")
        indexes = [models.Index(fields=["directory", "language"], name="learning_module_directory")]
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in LANGUAGE_CHOICES]), name="learning_module_language"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.current_version.title if self.current_version_id else ""

    def get_absolute_url(self) -> str:
        return reverse("learning:module", args=[self.code])

    def get_additional_data(self) -> dict:
        return {"directory": self.directory_id}


class ModuleVersion(Timestamped):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (percent)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["module", "number"]
        verbose_name = _("module version")
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="learning_version_unique_number"),
            # One draft at a time: a manager's changes all go to it until it is published.
            models.UniqueConstraint(
                fields=["module"], condition=Q(published_at__isnull=True), name="learning_version_one_draft"
            ),
            models.CheckConstraint(condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="learning_pass_mark"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class Lesson(Timestamped):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(ModuleVersion, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    # Markdown, shown sanitised (learning.text).
    body = models.TextField(_("text"), help_text=_("Markdown: headings, lists, links, bold, images."))

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("lesson")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="learning_lesson_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="learning_lesson_position"),
        ]

    def __str__(self) -> str:
        return self.title


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """A random name: the uploader's file name is never used for storage."""
    return f"learning/{uuid.uuid4().hex}.{attachment.extension}"


class Attachment(Timestamped):
    """An image shown in a lesson, or a file attached to it; checked by content when uploaded."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    name = models.CharField(pgettext_lazy("name of a thing", "name"), max_length=200)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=120)

    class Meta:
        ordering = ["lesson", "kind", "name", "pk"]
        verbose_name = _("attachment")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AttachmentKind.values), name="learning_attachment_kind")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:file", args=[self.code])


class Question(Timestamped):
    version = models.ForeignKey(ModuleVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("question"))
    kind = models.CharField(_("answers"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("question")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="learning_question_unique_position"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="learning_question_kind"),
        ]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("answer")
        constraints = [models.UniqueConstraint(fields=["question", "position"], name="learning_choice_unique_position")]

    def __str__(self) -> str:
        return self.text


class Progress(Timestamped):
    """Where a person is in a module: the last lesson it reached, to take it up again there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_progress")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    version = models.ForeignKey(ModuleVersion, on_delete=models.CASCADE, related_name="+")
    last_position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("progress")
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="learning_progress_unique")]


class AttemptQuerySet(RestrictedQuerySet):
    pass


class Attempt(Timestamped):
    """One try at a version's quiz: the answers given, the score, whether it reached the pass mark."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_attempts")
    version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="attempts")
    score = models.PositiveSmallIntegerField(_("score (percent)"))
    passed = models.BooleanField(_("passed"))
    # Question position → the positions of the choices chosen.
    answers = models.JSONField(default=dict)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("attempt")
        indexes = [models.Index(fields=["user", "version"], name="learning_attempt_user")]
        constraints = [models.CheckConstraint(condition=Q(score__lte=100), name="learning_attempt_score")]

    def get_absolute_url(self) -> str:
        return reverse("learning:result", args=[self.code])


class CompletionQuerySet(RestrictedQuerySet):
    def of_directory(self, directory: Directory) -> "CompletionQuerySet":
        return self.filter(module__directory=directory)


class Completion(Timestamped):
    """A person passed a module's quiz, on the version it took; kept when the module changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_completions")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="completions")
    version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="completions")
    # The State the person acted for when it completed the module (None for a directory's manager).
    state = models.ForeignKey(State, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    score = models.PositiveSmallIntegerField(_("score (percent)"))
    completed_at = models.DateTimeField(_("completed"))

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_at", "-pk"]
        verbose_name = _("completion")
        indexes = [models.Index(fields=["state", "completed_at"], name="learning_completion_state")]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="learning_completion_once_per_version"),
            models.CheckConstraint(condition=Q(score__lte=100), name="learning_completion_score"),
        ]
