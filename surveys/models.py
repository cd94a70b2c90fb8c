"""Surveys of a directory: a questionnaire the manager builds (sections, questions, choices, grid rows, each text
in every interface language), and the answers of the States or of their points of contact.

Versions: the questions belong to a ``SurveyVersion``. The manager edits the survey's current version while it
is a draft; opening the survey freezes it (``frozen_at``) and every response names the version it answers, so
the questions never change under the people answering. The builder refuses edits to a frozen version.

Anonymity: an anonymous survey's ``Response`` and ``Answer`` rows have no column that points to a person or a
State, random (UUID) keys, and no moment (not even the day they were submitted); whether a person has answered
is kept in ``Participation``, which has no key to any response. An anonymous draft is kept on the person's participation
(``draft``) and moved, without it, into a new response when submitted.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.restriction import RestrictedQuerySet
from directory.models import Directory, State, Timestamped
from enlace.translated_texts import WrittenInLanguages, original_language_field, translations_field
from surveys.choices import Anonymity, QuestionKind, ReportAudience, RespondentKind, ResponseStatus, SurveyStatus


class SurveyQuerySet(RestrictedQuerySet):
    def of_directory(self, directory: Directory) -> "SurveyQuerySet":
        return self.filter(directory=directory)

    def open(self) -> "SurveyQuerySet":
        return self.filter(status=SurveyStatus.OPEN)


class Survey(WrittenInLanguages, Timestamped):
    translated_fields = ("title", "introduction")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directory = models.ForeignKey(
        Directory, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("directory")
    )
    original_language = original_language_field()
    title = models.CharField(_("title"), max_length=200)
    title_translations = translations_field()
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_translations = translations_field()
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    respondent_kind = models.CharField(
        _("who answers"), max_length=12, choices=RespondentKind.choices, default=RespondentKind.PER_STATE
    )
    anonymity = models.CharField(_("anonymity"), max_length=12, choices=Anonymity.choices, default=Anonymity.NAMED)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    remind_days_before = models.PositiveSmallIntegerField(
        _("reminder (days before closing)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    # When the reminder goes out (``closes_at`` less the days above), kept so the job asks one indexed question.
    remind_at = models.DateTimeField(editable=False)
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Who reads the aggregated report once the survey is closed, besides its managers.
    report_audience = models.CharField(
        _("report published"), max_length=12, choices=ReportAudience.choices, default=ReportAudience.NOBODY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SurveyStatus.values), name="survey_known_status"),
            models.CheckConstraint(condition=Q(respondent_kind__in=RespondentKind.values), name="survey_known_kind"),
            models.CheckConstraint(condition=Q(anonymity__in=Anonymity.values), name="survey_known_anonymity"),
            models.CheckConstraint(
                condition=Q(report_audience__in=ReportAudience.values), name="survey_known_report_audience"
            ),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_open"),
            # A State's answer is prepared by several people over weeks and stays the State's: never anonymous.
            models.CheckConstraint(
                condition=~Q(respondent_kind=RespondentKind.PER_STATE, anonymity=Anonymity.ANONYMOUS),
                name="survey_state_answers_not_anonymous",
            ),
        ]
        indexes = [
            models.Index(fields=["directory", "status"], name="survey_directory_status"),
            models.Index(fields=["status", "remind_at"], name="survey_status_remind"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.remind_at = self.closes_at - timedelta(days=self.remind_days_before)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "remind_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.code])

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT

    @property
    def is_anonymous(self) -> bool:
        return self.anonymity == Anonymity.ANONYMOUS

    @property
    def is_per_state(self) -> bool:
        return self.respondent_kind == RespondentKind.PER_STATE

    def accepts_answers(self, now: datetime) -> bool:
        return self.status == SurveyStatus.OPEN and self.opens_at <= now < self.closes_at

    @property
    def is_closed(self) -> bool:
        return self.status == SurveyStatus.CLOSED

    @property
    def current_version(self) -> "SurveyVersion":
        return self.versions.order_by("-number").first()


class SurveyVersion(models.Model):
    """The questions of a survey as they were answered: editable until the survey opens, frozen from then on."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    frozen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("version of the questions")
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="survey_version_number_once")]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Section(WrittenInLanguages, models.Model):
    translated_fields = ("title",)

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    original_language = original_language_field()
    title = models.CharField(_("title"), max_length=200)
    title_translations = translations_field()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")

    def __str__(self) -> str:
        return self.title


class Question(WrittenInLanguages, models.Model):
    translated_fields = ("text", "help_text")

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    code = models.SlugField(_("code"), max_length=40, help_text=_("A short name for exports, e.g. q1."))
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    original_language = original_language_field()
    text = models.TextField(_("question"))
    text_translations = translations_field()
    help_text = models.TextField(_("explanation"), blank=True)
    help_text_translations = translations_field()
    required = models.BooleanField(_("an answer is required"), default=False)
    allows_other = models.BooleanField(_("offers “other, please specify”"), default=False)
    scale_min = models.SmallIntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("scale to"), null=True, blank=True)
    # Shown only when the answer to this choice's question (an earlier one-choice or several-choices question)
    # is, or contains, this choice.
    shown_if = models.ForeignKey(
        "Choice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shown only when the answer is"),
    )

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("question")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_code_once_per_version"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_known_kind"),
            models.CheckConstraint(
                condition=~Q(kind=QuestionKind.SCALE)
                | Q(scale_min__isnull=False, scale_max__isnull=False, scale_max__gt=models.F("scale_min")),
                name="question_scale_bounds",
            ),
            models.CheckConstraint(
                condition=Q(allows_other=False) | Q(kind__in=[QuestionKind.SINGLE, QuestionKind.MULTIPLE]),
                name="question_other_only_with_choices",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"


class LabelledOption(WrittenInLanguages, models.Model):
    """What a question offers to pick: a label in every interface language, its place and its code (``c1``,
    ``r1``…), which exports and conditions name."""

    translated_fields = ("label",)

    position = models.PositiveIntegerField(default=0)
    code = models.SlugField(max_length=40)
    original_language = original_language_field()
    label = models.CharField(_("label"), max_length=300)
    label_translations = translations_field()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Choice(LabelledOption):
    """A choice of a one- or several-choices question, or a column of a grid."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")

    class Meta(LabelledOption.Meta):
        verbose_name = _("choice")
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="choice_code_once_per_question")]


class MatrixRow(LabelledOption):
    """A row of a grid, answered with one of its columns (the question's choices)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="rows")

    class Meta(LabelledOption.Meta):
        verbose_name = _("grid row")
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="matrix_row_code_once")]


class ResponseQuerySet(RestrictedQuerySet):
    def submitted(self) -> "ResponseQuerySet":
        return self.filter(status=ResponseStatus.SUBMITTED)


class Response(models.Model):
    """One answer to a survey: a State's (``state``), a person's (``user``), or an anonymous one (neither).

    No created timestamp and a random key, so that no order of rows tells whose an anonymous answer is; an
    anonymous answer keeps no moment at all, not even its day (a day with one submission would name its author,
    whose participation records when they answered)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    anonymous = models.BooleanField(default=False, editable=False)
    state = models.ForeignKey(State, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="survey_responses"
    )
    status = models.CharField(_("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    # A State's answer: who besides its coordinators may submit it (a point of contact the coordinator names).
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by (besides the coordinator)"),
    )
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ResponseStatus.values), name="response_known_status"),
            models.UniqueConstraint(
                fields=["survey", "state"], condition=Q(state__isnull=False), name="response_once_per_state"
            ),
            models.UniqueConstraint(
                fields=["survey", "user"], condition=Q(user__isnull=False), name="response_once_per_person"
            ),
            models.CheckConstraint(
                condition=~Q(state__isnull=False, user__isnull=False), name="response_of_a_state_or_a_person"
            ),
            # An anonymous answer names nobody and keeps no moment.
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | Q(
                    state__isnull=True,
                    user__isnull=True,
                    submitter__isnull=True,
                    submitted_by__isnull=True,
                    submitted_at__isnull=True,
                    saved_at__isnull=True,
                    submitted_on__isnull=True,
                    status=ResponseStatus.SUBMITTED,
                ),
                name="response_anonymous_names_nobody",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=True) | Q(state__isnull=False) | Q(user__isnull=False),
                name="response_named_has_a_respondent",
            ),
            models.CheckConstraint(
                condition=~Q(status=ResponseStatus.SUBMITTED) | Q(anonymous=True) | Q(submitted_on__isnull=False),
                name="response_submitted_has_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.state or self.user or '—'}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:response", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    """The answer to one question: ``value`` holds a choice's code, a list of codes, a boolean, a number, an ISO
    date, a text, a grid's {row code: choice code}, or evidence, as the question's kind says. Evidence given as a
    link only is the link (as it always was); evidence with a file is {"link": link or null, "file": the
    ``EvidenceFile``'s key}."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(null=True, blank=True)
    other_text = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("answer")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"


class ParticipationQuerySet(models.QuerySet):
    def due_reminders(self, now: datetime) -> "ParticipationQuerySet":
        """Those invited to an open survey whose reminder time has come, not reminded, who have not submitted
        (for a State's survey: whose State has not)."""
        submitted_states = Response.objects.filter(
            survey_id=models.OuterRef("survey_id"),
            state_id=models.OuterRef("state_id"),
            status=ResponseStatus.SUBMITTED,
        )
        return self.filter(
            reminded_at__isnull=True,
            submitted_at__isnull=True,
            survey__status=SurveyStatus.OPEN,
            survey__remind_at__lte=now,
            survey__closes_at__gt=now,
        ).exclude(models.Exists(submitted_states))


class Participation(models.Model):
    """A person invited to a survey, and whether they have answered: what invitations and reminders read.

    It has no key to any response: for an anonymous survey this is all Enlace knows of who answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The State the person is invited for.
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # An anonymous survey's draft answers ({question code: [value, other text]}), emptied on submission.
    draft = models.JSONField(default=dict, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participation")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="participation_once_per_person")]
        indexes = [models.Index(fields=["survey", "reminded_at"], name="participation_reminder")]

    def __str__(self) -> str:
        return f"{self.user} – {self.survey}"


def evidence_path(evidence: "EvidenceFile", filename: str) -> str:
    """A random name, in one folder for every survey: neither the uploader's file name, nor the survey, the
    person, the State or the day."""
    return f"surveys/evidence/{uuid.uuid4().hex}.{evidence.file_type}"


class EvidenceFile(models.Model):
    """A file given as evidence for an answer, checked by its content when uploaded (``repository.files``).

    It belongs to the response that holds it, or, while an anonymous answer is a draft, to the person's
    participation; when the anonymous answer is submitted the file is stored again, under a new random key and
    name, on the response, which names nobody. No timestamp, a random key and a random name: nothing in the row
    or the name tells whose it is or when it came."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence_files"
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence_files"
    )
    file = models.FileField(upload_to=evidence_path, max_length=200)
    file_type = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("evidence file")
        constraints = [
            models.CheckConstraint(
                condition=Q(response__isnull=False, participation__isnull=True)
                | Q(response__isnull=True, participation__isnull=False),
                name="evidence_file_held_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk}.{self.file_type}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:evidence", args=[self.pk])

    @property
    def file_name(self) -> str:
        return f"evidence.{self.file_type}"
