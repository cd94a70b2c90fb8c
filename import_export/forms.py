from django import forms
from django.utils.translation import gettext_lazy

from import_export.importing import MAX_IMPORT_BYTES


class ExchangeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Exchange file (JSON)"),
        help_text=gettext_lazy("A file in the Enlace directory exchange format, at most 20 MB."),
    )
    apply = forms.BooleanField(
        label=gettext_lazy("Apply the import"),
        required=False,
        help_text=gettext_lazy("Leave unticked for a dry run: see what would be linked, created or skipped first."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(gettext_lazy("The file is larger than 20 MB."), code="too_large")
        return upload


class SpreadsheetImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy(
            "The columns of the CSV download of this directory, one nomination a row; at most 20 MB. "
            "Contacts are matched by e-mail address."
        ),
    )
    retire_missing = forms.BooleanField(
        label=gettext_lazy("Retire the nominations of these States that the file does not list"),
        required=False,
    )
    apply = ExchangeImportForm.base_fields["apply"]

    def clean_file(self):
        return ExchangeImportForm.clean_file(self)
