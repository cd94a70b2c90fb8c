"""The forms of the learning modules: the manager's editor (a module, its lessons, uploads, questions, the image
hosts) and the learner's quiz."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from learning.choices import AttachmentKind, QuestionKind
from learning.files import UnacceptableUpload, identify
from learning.models import ModuleVersion, Question
from learning.text import normalised_host

CHOICE_SLOTS = 5


class ModuleForm(forms.ModelForm):
    """A version's title, summary and pass mark (and, for a new module, its language)."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = ModuleVersion
        fields = ["title", "summary", "pass_mark"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, with_language: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_language:
            del self.fields["language"]


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Markdown: ## for a heading, - for a list, **bold**, [a link](https://…), ![an image](address). "
            "Scripts and images from hosts the directory did not allow are removed."
        ),
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    name = forms.CharField(label=_("Name shown to readers"), max_length=200)
    upload = forms.FileField(
        label=_("File"), help_text=_("An image (PNG, JPEG, GIF, WebP) or a file (PDF or office document).")
    )

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("upload")
        if upload and data.get("kind"):
            try:
                self.file_kind = identify(upload, data["kind"])
            except UnacceptableUpload as refusal:
                self.add_error("upload", ValidationError(str(refusal), code="file"))
        return data


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Answers"), choices=QuestionKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for slot in range(1, CHOICE_SLOTS + 1):
            self.fields[f"choice_{slot}"] = forms.CharField(
                label=_("Answer %(number)s") % {"number": slot}, max_length=300, required=False
            )
            self.fields[f"correct_{slot}"] = forms.BooleanField(
                label=_("Answer %(number)s is correct") % {"number": slot}, required=False
            )

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        initial = {"text": question.text, "kind": question.kind}
        for choice in question.choices.all():
            initial[f"choice_{choice.position}"] = choice.text
            initial[f"correct_{choice.position}"] = choice.is_correct
        return initial

    def slots(self):
        return [(self[f"choice_{slot}"], self[f"correct_{slot}"]) for slot in range(1, CHOICE_SLOTS + 1)]

    def clean(self) -> dict:
        data = super().clean()
        answers = [
            (data.get(f"choice_{slot}", "").strip(), bool(data.get(f"correct_{slot}")))
            for slot in range(1, CHOICE_SLOTS + 1)
        ]
        answers = [(text, correct) for text, correct in answers if text]
        if len(answers) < 2:
            raise ValidationError(_("Give at least two answers."), code="answers")
        correct = sum(is_correct for _text, is_correct in answers)
        if data.get("kind") == QuestionKind.SINGLE and correct != 1:
            raise ValidationError(_("A question with one answer has exactly one correct answer."), code="correct")
        if correct < 1:
            raise ValidationError(_("Mark at least one correct answer."), code="correct")
        data["answers"] = answers
        return data


class ImageHostsForm(forms.Form):
    hosts = forms.CharField(
        label=_("Hosts lessons may show images from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One host name a line (images.example.org). Uploaded images are always allowed."),
    )

    def clean_hosts(self) -> list[str]:
        hosts = [normalised_host(line) for line in self.cleaned_data["hosts"].splitlines() if line.strip()]
        for host in hosts:
            if not host or "." not in host or " " in host:
                raise ValidationError(_("“%(host)s” is not a host name.") % {"host": host}, code="host")
        return sorted(set(hosts))


class QuizForm(forms.Form):
    """One field per question: radio buttons for one answer, check boxes for several. A question and its answers
    are marked with the module's ``language``; the hints and errors around them are in the reader's."""

    def __init__(self, *args, questions, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.language = language
        for question in questions:
            choices = [(choice.position, choice.text) for choice in question.choices.all()]
            if question.kind == QuestionKind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, required=False
                )
                field.help_text = _("Choose every correct answer.")
            else:
                field = forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect)
                field.error_messages["required"] = _("Choose an answer.")
            field.label = question.text
            field.template_name = "learning/quiz_question.html"
            self.fields[f"q{question.position}"] = field

    def answers(self) -> dict[int, list[int]]:
        chosen = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.position}")
            chosen[question.position] = sorted(value) if isinstance(value, list) else ([value] if value else [])
        return chosen
