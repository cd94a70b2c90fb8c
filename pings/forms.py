from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pings.models import MANAGER_CHANNELS, Channel, PingSchedule
from tokens.links import normalise_code


class ConfirmForm(forms.Form):
    CORRECT, CHANGES = "correct", "changes"
    answer = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[
            (CORRECT, gettext_lazy("Reachable, and the data above is correct")),
            (CHANGES, gettext_lazy("Reachable, but the data above needs changes")),
        ],
        widget=forms.RadioSelect,
    )
    changes = forms.CharField(
        label=gettext_lazy("What needs to change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Your national coordinator and the directory manager will update the record."),
    )
    attest = forms.BooleanField(
        label=gettext_lazy("I confirm that this mailbox is monitored and that messages to it are read."),
        error_messages={"required": gettext_lazy("Please confirm that the mailbox is monitored.")},
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("answer") == self.CHANGES and not cleaned.get("changes", "").strip():
            self.add_error("changes", _("Say what needs to change."))
        return cleaned

    @property
    def is_correct(self) -> bool:
        return self.cleaned_data["answer"] == self.CORRECT


def posted_answer(data) -> dict | None:
    """What ``ConfirmForm(data)`` cleans (answer, changes, attest), or None where it would find a mistake.

    Every confirmation is posted here, and building the form (each of its fields copied for the instance) cost
    more than recording the answer. The answer as a browser sends it, a choice and the ticked box as "on", is
    read directly, exactly as the form reads it; anything else is left to the form itself.
    """
    answer, attest, changes = data.get("answer"), data.get("attest"), data.get("changes")
    if answer in (ConfirmForm.CORRECT, ConfirmForm.CHANGES) and attest == "on":
        changes = "" if changes is None else str(changes).strip()
        if "\x00" in changes or (answer == ConfirmForm.CHANGES and not changes):
            return None
        return {"answer": answer, "changes": changes, "attest": True}
    form = ConfirmForm(data)
    return form.cleaned_data if form.is_valid() else None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Confirmation code"),
        max_length=20,
        help_text=gettext_lazy("The code in the ping e-mail, for example ABCDE-FGHJK."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != 10:
            raise ValidationError(_("A confirmation code has 10 letters and digits."), code="length")
        return code


class RecordAnswerForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Answer received by"),
        choices=[(channel.value, channel.label) for channel in Channel if channel in MANAGER_CHANNELS],
    )
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class PingScheduleForm(forms.ModelForm):
    """The ping test rules on a directory's settings page (saved with the directory's own settings)."""

    class Meta:
        model = PingSchedule
        fields = ["ping_interval_months", "ping_round_days", "ping_reminder_days"]
