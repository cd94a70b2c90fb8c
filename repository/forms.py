from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from directory import names
from directory.models import Institution, State
from repository import files
from repository.choices import DocumentStatus
from repository.models import DOCUMENT_LANGUAGES, Document


def _language_choices() -> list[tuple[str, str]]:
    return names.language_choices(set(DOCUMENT_LANGUAGES))


def _reader_language() -> str:
    code = (get_language() or "en").split("-")[0]
    return code if code in DOCUMENT_LANGUAGES else "en"


class DocumentForm(forms.ModelForm):
    """A State's policy document; the uploaded file is checked by its content before anything is stored."""

    language = forms.ChoiceField(label=gettext_lazy("Main language"), choices=_language_choices)
    other_languages = forms.MultipleChoiceField(
        label=gettext_lazy("Also available in"),
        choices=_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    upload = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        help_text=gettext_lazy("PDF, Word, Excel, PowerPoint or OpenDocument; at most %(limit)s MB."),
    )

    class Meta:
        model = Document
        fields = [
            "name",
            "description",
            "kind",
            "institutions",
            "entry_into_force",
            "reference_url",
            "status",
            "superseded_by",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "entry_into_force": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "institutions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, state: State, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state
        self.file_kind: files.FileKind | None = None
        self.fields["upload"].help_text = self.fields["upload"].help_text % {
            "limit": files.max_upload_bytes() // (1024 * 1024)
        }
        self.fields["institutions"].queryset = Institution.objects.filter(state=state)
        self.fields["superseded_by"].queryset = Document.objects.filter(state=state).exclude(pk=self.instance.pk)
        self.fields["superseded_by"].help_text = _("Required when the status is “superseded”.")
        if self.instance.pk:
            codes = self.instance.language_codes
            self.initial.setdefault("language", codes[0] if codes else "")
            self.initial.setdefault("other_languages", codes[1:])
        else:
            # A new document is most likely in the language its author reads Enlace in.
            self.initial.setdefault("language", _reader_language())

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                self.file_kind = files.identify(upload)
            except files.UnacceptableFile as refusal:
                raise ValidationError(str(refusal), code="file") from None
        return upload

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") == DocumentStatus.SUPERSEDED and not data.get("superseded_by"):
            self.add_error("superseded_by", _("Say which document superseded this one."))
        if data.get("status") != DocumentStatus.SUPERSEDED and data.get("superseded_by"):
            self.add_error("superseded_by", _("Only a superseded document names the one that replaced it."))
        has_file = bool(data.get("upload")) or bool(self.instance.file)
        if not data.get("reference_url") and not has_file and "upload" not in self.errors:
            raise ValidationError(_("Give a reference link, upload the file, or both."), code="no_source")
        return data

    @property
    def languages(self) -> list[str]:
        main = self.cleaned_data["language"]
        return [main, *[code for code in self.cleaned_data.get("other_languages", []) if code != main]]
