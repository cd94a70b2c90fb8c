"""A questionnaire as a form, and its answers: what a respondent sees, what is kept of what they wrote.

Every question is optional in the form itself: a draft may be incomplete. What is kept is read in the
questionnaire's order, so that a question shown only when an earlier answer says so is dropped (and its required
rule not applied) when that answer says otherwise; ``missing`` then lists the required questions left unanswered,
which refuse a submission.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from repository import files
from surveys.choices import QuestionKind
from surveys.models import Question

# The form's value for "other, please specify" among a question's choices.
OTHER = "_other"
# What is kept of each answer, by question code: (value, other text).
Kept = dict[str, tuple[object, str]]


def field_name(question: Question) -> str:
    return f"q_{question.code}"


# --- Evidence: a link, a file, or both --------------------------------------------------------


def evidence_value(link: str | None, file: object | None) -> object | None:
    """What an evidence answer keeps: the link alone (as evidence always was), or {"link", "file"} with a file
    (the ``EvidenceFile``'s key once stored; before that, the checked upload)."""
    if file is None:
        return link
    return {"link": link, "file": file}


def evidence_parts(value: object) -> tuple[str | None, object | None]:
    """An evidence answer's link and file (either may be missing)."""
    if isinstance(value, dict):
        return value.get("link") or None, value.get("file") or None
    return (str(value) if value else None), None


@dataclass(frozen=True)
class FileOnRecord:
    """An evidence file already kept, as the file field shows it: a link to download it, and no name."""

    key: str

    @property
    def url(self) -> str:
        return reverse("surveys:evidence", args=[self.key])

    def __str__(self) -> str:
        return _("file attached")


def max_evidence_bytes() -> int:
    return settings.SURVEYS_EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024


def check_evidence(upload: UploadedFile) -> files.FileKind:
    """The kind of an evidence file, checked by its content as the repository checks a document (PDF or an
    office document, nothing active in it); raises ``files.UnacceptableFile`` with the reason."""
    if upload.size > max_evidence_bytes():
        raise files.UnacceptableFile(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": settings.SURVEYS_EVIDENCE_MAX_UPLOAD_MB}
        )
    return files.identify(upload)


class EvidenceFileField(forms.FileField):
    """A file given as evidence: refused, with the reason, unless its content is an accepted document. The
    checked kind rides on the upload (``evidence_kind``) to where it is stored."""

    widget = forms.ClearableFileInput(attrs={"accept": ",".join(f".{extension}" for extension in files.KINDS)})

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            try:
                value.evidence_kind = check_evidence(value)
            except files.UnacceptableFile as refusal:
                raise ValidationError(str(refusal), code="unacceptable") from None
        return value


def _choices(question: Question) -> list[tuple[str, str]]:
    choices = [(choice.code, choice.for_reader.label) for choice in question.choices.all()]
    if question.allows_other:
        choices.append((OTHER, _("Other, please specify")))
    return choices


class AnswerForm(forms.Form):
    """One field per question (a grid: one per row), named ``q_<code>``; "other" texts ``q_<code>_other``."""

    def __init__(self, *args, questions: Sequence[Question], kept: Kept | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self._add(question)
        if kept:
            self.initial.update(initial_of(self.questions, kept))

    def _add(self, question: Question) -> None:
        name = field_name(question)
        label = question.for_reader.text
        kind = question.kind
        if kind == QuestionKind.SINGLE:
            field = forms.ChoiceField(choices=_choices(question), widget=forms.RadioSelect)
        elif kind == QuestionKind.MULTIPLE:
            field = forms.MultipleChoiceField(choices=_choices(question), widget=forms.CheckboxSelectMultiple)
        elif kind == QuestionKind.YES_NO:
            field = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect)
        elif kind == QuestionKind.SCALE:
            points = [(str(point), str(point)) for point in range(question.scale_min, question.scale_max + 1)]
            field = forms.ChoiceField(choices=points, widget=forms.RadioSelect)
        elif kind == QuestionKind.NUMBER:
            field = forms.DecimalField(max_digits=18, decimal_places=4)
        elif kind == QuestionKind.DATE:
            field = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        elif kind == QuestionKind.SHORT_TEXT:
            field = forms.CharField(max_length=500)
        elif kind == QuestionKind.LONG_TEXT:
            field = forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
        elif kind == QuestionKind.EVIDENCE:
            field = forms.URLField(max_length=500, assume_scheme="https")
            self.fields[f"{name}_file"] = EvidenceFileField(
                label=gettext_lazy("File"),
                required=False,
                help_text=gettext_lazy("A PDF or an office document (Word, Excel, PowerPoint or OpenDocument)."),
            )
        else:  # a grid: one choice per row
            columns = [(choice.code, choice.for_reader.label) for choice in question.choices.all()]
            for row in question.rows.all():
                self.fields[f"{name}__{row.code}"] = forms.ChoiceField(
                    label=row.for_reader.label, choices=columns, widget=forms.RadioSelect, required=False
                )
            return
        field.required = False
        # The question's code leads its text, as in the printable copy and the list of unanswered questions.
        field.label = f"{question.code}. {label}"
        field.help_text = question.for_reader.help_text
        if kind == QuestionKind.EVIDENCE:
            # Its text is the fieldset's legend; the two fields say what each takes.
            field.label, field.help_text = gettext_lazy("Link"), gettext_lazy("A web address (https://…).")
        self.fields[name] = field
        if question.allows_other:
            self.fields[f"{name}_other"] = forms.CharField(
                label=gettext_lazy("Other, please specify"), max_length=500, required=False
            )

    def clean(self) -> dict:
        data = super().clean()
        for question in self.questions:
            if not question.allows_other:
                continue
            name = field_name(question)
            chosen = data.get(name)
            picked_other = chosen == OTHER or (isinstance(chosen, list) and OTHER in chosen)
            if picked_other and not (data.get(f"{name}_other") or "").strip():
                self.add_error(f"{name}_other", _("Say what the other answer is."))
        return data

    def grouped(self) -> list[tuple[Question, list]]:
        """Each question with its bound fields, for the page."""
        return [
            (
                question,
                [
                    self[name]
                    for name in self.fields
                    if name == field_name(question)
                    or name.startswith(f"{field_name(question)}__")
                    or name == f"{field_name(question)}_other"
                    or name == f"{field_name(question)}_file"
                ],
            )
            for question in self.questions
        ]

    def kept(self) -> Kept:
        """What the form's answers keep: every answered question that is shown, in the questionnaire's order."""
        return visible_only(self.questions, _read(self.questions, self.cleaned_data))


def _read(questions: Sequence[Question], data: Mapping) -> Kept:
    kept: Kept = {}
    for question in questions:
        name = field_name(question)
        other = (data.get(f"{name}_other") or "").strip() if question.allows_other else ""
        value = data.get(name)
        kind = question.kind
        if kind == QuestionKind.MULTIPLE:
            value = [code for code in (value or []) if code != OTHER] or None
        elif kind == QuestionKind.SINGLE:
            value = None if value in (OTHER, "", None) else value
        elif kind == QuestionKind.YES_NO:
            value = {"yes": True, "no": False}.get(value)
        elif kind == QuestionKind.SCALE:
            value = int(value) if value else None
        elif kind == QuestionKind.NUMBER:
            value = None if value is None else str(value.normalize())
        elif kind == QuestionKind.DATE:
            value = value.isoformat() if value else None
        elif kind == QuestionKind.MATRIX:
            value = {
                row.code: data[f"{name}__{row.code}"] for row in question.rows.all() if data.get(f"{name}__{row.code}")
            }
            value = value or None
        elif kind == QuestionKind.EVIDENCE:
            upload = data.get(f"{name}_file")
            file = upload.key if isinstance(upload, FileOnRecord) else (upload or None)
            value = evidence_value((value or "").strip() or None, file)
        else:
            value = (value or "").strip() or None
        if value is not None or other:
            kept[question.code] = (value, other)
    return kept


def is_shown(question: Question, kept: Kept, codes: Mapping[int, str]) -> bool:
    """Whether the question is asked, given the answers before it (``codes``: question id → code)."""
    condition = question.shown_if
    if condition is None:
        return True
    value = kept.get(codes.get(condition.question_id, ""), (None, ""))[0]
    return value == condition.code or (isinstance(value, list) and condition.code in value)


def visible_only(questions: Sequence[Question], kept: Kept) -> Kept:
    """``kept`` without the answers to questions an earlier answer hides (read in order, so a chain holds)."""
    codes = {question.pk: question.code for question in questions}
    shown: Kept = {}
    for question in questions:
        if question.code in kept and is_shown(question, shown, codes):
            shown[question.code] = kept[question.code]
    return shown


def missing(questions: Sequence[Question], kept: Kept) -> list[Question]:
    """The required questions shown but not (fully) answered: they refuse a submission."""
    codes = {question.pk: question.code for question in questions}
    unanswered = []
    for question in questions:
        if not question.required or not is_shown(question, kept, codes):
            continue
        value, other = kept.get(question.code, (None, ""))
        if question.kind == QuestionKind.MATRIX:
            complete = value is not None and all(row.code in value for row in question.rows.all())
        else:
            complete = value is not None or bool(other)
        if not complete:
            unanswered.append(question)
    return unanswered


def initial_of(questions: Sequence[Question], kept: Kept) -> dict:
    initial: dict = {}
    for question in questions:
        if question.code not in kept:
            continue
        value, other = kept[question.code]
        name = field_name(question)
        if question.kind == QuestionKind.MATRIX:
            initial.update({f"{name}__{row}": column for row, column in (value or {}).items()})
            continue
        if question.kind == QuestionKind.YES_NO:
            value = {True: "yes", False: "no"}.get(value)
        elif question.kind == QuestionKind.SCALE and value is not None:
            value = str(value)
        elif question.kind == QuestionKind.NUMBER and value is not None:
            value = Decimal(value)
        elif question.kind == QuestionKind.EVIDENCE:
            value, file = evidence_parts(value)
            if file is not None:
                initial[f"{name}_file"] = FileOnRecord(str(file))
        if other:
            initial[f"{name}_other"] = other
            if question.kind == QuestionKind.SINGLE:
                value = OTHER
            elif question.kind == QuestionKind.MULTIPLE:
                value = [*(value or []), OTHER]
        initial[name] = value
    return initial


def shown_text(question: Question, value: object, other: str) -> list[str]:
    """An answer as a reader reads it (the printable copy): one line, or one per grid row."""
    labels = {choice.code: choice.for_reader.label for choice in question.choices.all()}
    kind = question.kind
    if kind == QuestionKind.MATRIX:
        return [
            f"{row.for_reader.label}: {labels.get((value or {}).get(row.code), '—')}" for row in question.rows.all()
        ]
    if kind == QuestionKind.SINGLE:
        parts = [labels.get(value, value)] if value else []
    elif kind == QuestionKind.MULTIPLE:
        parts = [labels.get(code, code) for code in value or []]
    elif kind == QuestionKind.YES_NO:
        parts = [_("Yes") if value else _("No")] if value is not None else []
    elif kind == QuestionKind.EVIDENCE:
        link, file = evidence_parts(value)
        parts = [part for part in (_("file attached") if file else None, link) if part]
    else:
        parts = [str(value)] if value is not None else []
    if other:
        parts.append(_("Other: %(text)s") % {"text": other})
    return ["; ".join(parts) or "—"]
