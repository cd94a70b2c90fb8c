from django import forms
from django.utils.translation import gettext as _

from cbm.choices import ImplementationStatus
from cbm.models import Implementation


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
