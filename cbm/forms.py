from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cbm.choices import ImplementationStatus
from cbm.models import Catalogue, Implementation, Measure
from enlace.translated_text_forms import WrittenInLanguagesForm


class ImplementationForm(forms.ModelForm):
    class Meta:
        model = Implementation
        fields = ["status", "evidence", "as_of"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") != ImplementationStatus.NOT_STARTED and not (data.get("evidence") or "").strip():
            self.add_error("evidence", _("Give the evidence: what was done, with references."))
        return data


class CatalogueForm(WrittenInLanguagesForm):
    """The catalogue's name and introduction, in every language."""

    TEXTS = {
        "name": (pgettext_lazy("name of a thing", "Name"), 200, False, False),
        "description": (gettext_lazy("Description"), None, False, True),
    }

    class Meta:
        model = Catalogue
        fields = ["original_language"]


class MeasureForm(WrittenInLanguagesForm):
    """A measure's text, in every language."""

    TEXTS = {"text": (gettext_lazy("Text"), None, True, True)}

    class Meta:
        model = Measure
        fields = ["original_language"]
