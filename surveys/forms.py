"""The manager's forms (a survey, a section, a question with its choices and grid rows, each text in every
interface language) and the coordinator's choice of who submits the State's answer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.translated_text_forms import WrittenInLanguagesForm, suffix
from enlace.translated_texts import text_languages
from surveys.choices import CONDITIONAL_ON, QuestionKind
from surveys.models import Choice, Question, Section, Survey

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyForm(WrittenInLanguagesForm):
    TEXTS = {
        "title": (gettext_lazy("Title"), 200, True, False),
        "introduction": (gettext_lazy("Introduction"), None, False, True),
    }

    class Meta:
        model = Survey
        fields = ["original_language", "respondent_kind", "anonymity", "opens_at", "closes_at", "remind_days_before"]
        widgets = {"opens_at": MOMENT, "closes_at": MOMENT}
        labels = {"opens_at": gettext_lazy("Opens (UTC)"), "closes_at": gettext_lazy("Closes (UTC)")}
        help_texts = {
            "anonymity": gettext_lazy(
                "Named: answers show who gave them. Confidential: only the directory's managers see who answered "
                "what. Anonymous: Enlace keeps no link from an answer to its respondent (one answer per person only)."
            ),
            "remind_days_before": gettext_lazy(
                "Those who have not submitted are reminded once, this many days before it closes."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.instance.is_draft:
            # Who answers and how anonymously was promised to the respondents when it opened.
            for name in ("respondent_kind", "anonymity", "opens_at"):
                self.fields[name].disabled = True

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        if data.get("respondent_kind") == "per_state" and data.get("anonymity") == "anonymous":
            self.add_error("anonymity", _("A State's answer cannot be anonymous: choose one answer per person."))
        return data


class SectionForm(WrittenInLanguagesForm):
    TEXTS = {"title": (gettext_lazy("Title"), 200, True, False)}

    class Meta:
        model = Section
        fields = ["original_language", "position"]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(WrittenInLanguagesForm):
    """A question; its choices (or a grid's columns) and a grid's rows are written one per line in each language,
    in the same order in every language."""

    TEXTS = {
        "text": (gettext_lazy("Question"), None, True, True),
        "help_text": (gettext_lazy("Explanation"), None, False, True),
    }

    class Meta:
        model = Question
        fields = [
            "original_language",
            "code",
            "kind",
            "position",
            "required",
            "allows_other",
            "scale_min",
            "scale_max",
            "shown_if",
        ]

    def __init__(self, *args, earlier: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        question: Question = self.instance
        self.add_text_fields("choices", _("Choices, one per line"), max_length=None, required=False, textarea=True)
        self.add_text_fields("rows", _("Grid rows, one per line"), max_length=None, required=False, textarea=True)
        if question.pk:
            for name, items in (("choices", question.choices.all()), ("rows", question.rows.all())):
                for language in text_languages():
                    lines = [item.texts("label").get(language, "") for item in items]
                    if any(lines):
                        self.initial[f"{name}_{suffix(language)}"] = "\n".join(lines)
        choices = Choice.objects.filter(question__in=[q for q in earlier if q.kind in CONDITIONAL_ON]).select_related(
            "question"
        )
        self.fields["shown_if"].queryset = choices
        self.fields["shown_if"].label_from_instance = lambda choice: (
            f"{choice.question.code} = {choice.for_reader.label}"
        )
        self.fields["shown_if"].help_text = _("Leave empty to always ask it.")

    @property
    def languages(self) -> list[tuple[str, str, list]]:
        return [
            (code, name, [*fields, self[f"choices_{suffix(code)}"], self[f"rows_{suffix(code)}"]])
            for code, name, fields in super().languages
        ]

    @property
    def other_fields(self) -> list:
        return [field for field in super().other_fields if not field.name.startswith(("choices_", "rows_"))]

    def listed(self, name: str) -> dict[str, list[str]]:
        return {
            language: _lines(self.cleaned_data.get(f"{name}_{suffix(language)}", "")) for language in text_languages()
        }

    def clean(self) -> dict:
        data = super().clean()
        kind, original = data.get("kind"), data.get("original_language")
        if not kind or not original:
            return data
        for name, wanted in (
            ("choices", kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MATRIX)),
            ("rows", kind == QuestionKind.MATRIX),
        ):
            lists = self.listed(name)
            box = f"{name}_{suffix(original)}"
            if wanted and len(lists[original]) < (2 if name == "choices" and kind != QuestionKind.MATRIX else 1):
                message = (
                    _("Write the choices, one per line.")
                    if name == "choices"
                    else _("Write the grid's rows, one per line.")
                )
                self.add_error(box, message)
            for language, lines in lists.items():
                if lines and len(lines) != len(lists[original]):
                    self.add_error(
                        f"{name}_{suffix(language)}",
                        _("Give as many lines as in the original language, in the same order."),
                    )
        if kind == QuestionKind.SCALE:
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is None or high is None or high <= low or high - low > 20:
                self.add_error("scale_max", _("A scale goes from a lower to a higher number, at most 20 steps."))
        if data.get("allows_other") and kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            self.add_error("allows_other", _("Only a question with choices offers “other”."))
        return data

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        others = Question.objects.filter(version_id=self.instance.version_id, code=code).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("Another question of this survey has this code."), code="unique")
        return code


class SubmitterForm(forms.Form):
    submitter = forms.ModelChoiceField(
        label=gettext_lazy("Point of contact who may submit the State's answer"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Coordinators always may. Leave empty for coordinators only."),
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitter"].queryset = colleagues


class QuestionnaireFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Questionnaire file (JSON)"),
        help_text=gettext_lazy("A file exported from a survey of Enlace. It replaces this survey's questions."),
    )


class PublishForm(forms.ModelForm):
    """Who reads the closed survey's report besides its managers."""

    class Meta:
        model = Survey
        fields = ["report_audience"]
        widgets = {"report_audience": forms.RadioSelect}


class AnswersFileForm(forms.Form):
    """A spreadsheet of answers collected outside Enlace."""

    file = forms.FileField(label=gettext_lazy("Spreadsheet (CSV or XLSX)"))
