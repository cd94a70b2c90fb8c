"""The envelope a sender fills in beside the template's own fields (``communication_templates.content``)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from communications.models import Audience, Deadlines, EscalationTarget, ReminderSchedule, Tlp, Urgency
from directory.models import Directory, State
from directory.state_choices import StateChoiceField


def _only_choice_if_single(field: forms.ModelChoiceField, states) -> None:
    """Someone who acts for one State only is not asked on whose behalf it writes."""
    if states.count() == 1:
        field.widget = forms.HiddenInput()
        field.required = False
        field.only = states.get()


class SenderStateMixin:
    def clean_sender_state(self) -> State:
        return self.cleaned_data.get("sender_state") or getattr(self.fields["sender_state"], "only", None)


class EnvelopeForm(SenderStateMixin, forms.Form):
    sender_state = StateChoiceField(label=_("On behalf of"), queryset=State.objects.none(), empty_label=None)
    recipient_state = StateChoiceField(
        label=_("To State"),
        queryset=State.objects.none(),
        error_messages={"invalid_choice": _("Choose a State that takes part in this directory.")},
    )
    audience = forms.ChoiceField(
        label=_("Addressed to"),
        choices=Audience.choices,
        initial=Audience.TECHNICAL,
        widget=forms.RadioSelect,
        help_text=_(
            "Technical points of contact acknowledge within the acknowledgement deadline; "
            "diplomatic points of contact answer within the answer deadline."
        ),
    )
    tlp = forms.ChoiceField(
        label=_("TLP label"),
        choices=Tlp.choices,
        initial=Tlp.AMBER,
        help_text=_(
            "Enlace keeps the content of TLP:CLEAR and TLP:GREEN communications only. AMBER and above are sent "
            "encrypted to each recipient's OpenPGP key and not kept; recipients without a key cannot receive them."
        ),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    is_exercise = forms.BooleanField(
        label=_("This is an exercise"),
        required=False,
        help_text=_("“EXERCISE” heads every message and it is left out of the statistics."),
    )
    language = forms.ChoiceField(
        label=_("Language you write in"),
        choices=settings.LANGUAGES,
        help_text=_("Your free text is sent as written, marked with this language."),
    )
    confirm_missing_keys = forms.BooleanField(
        label=_("Send to the recipients who have a key; I will reach the others over another agreed channel."),
        required=False,
    )

    def __init__(self, *args, directory: Directory, sender_states, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = directory
        self.fields["sender_state"].queryset = sender_states
        _only_choice_if_single(self.fields["sender_state"], sender_states)
        self.fields["recipient_state"].queryset = directory.participants.exclude(pk__in=sender_states.values("pk"))
        self.fields["language"].initial = language

    def clean(self) -> dict:
        cleaned = super().clean()
        sender, recipient = cleaned.get("sender_state"), cleaned.get("recipient_state")
        if sender and recipient and sender == recipient:
            self.add_error("recipient_state", _("A communication goes to another State than the sender's."))
        return cleaned


class AnswerEnvelopeForm(SenderStateMixin, forms.Form):
    """An answer goes back to the original's sender State, under a TLP label of its own."""

    sender_state = StateChoiceField(label=_("On behalf of"), queryset=State.objects.none(), empty_label=None)
    audience = forms.ChoiceField(
        label=_("Also to the sending State's"),
        choices=Audience.choices,
        initial=Audience.DIPLOMATIC,
        widget=forms.RadioSelect,
        help_text=_("The person who sent the communication receives the answer too, if they are a point of contact."),
    )
    tlp = EnvelopeForm.base_fields["tlp"]
    urgency = EnvelopeForm.base_fields["urgency"]
    language = EnvelopeForm.base_fields["language"]
    confirm_missing_keys = EnvelopeForm.base_fields["confirm_missing_keys"]

    def __init__(self, *args, sender_states, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender_state"].queryset = sender_states
        _only_choice_if_single(self.fields["sender_state"], sender_states)
        self.fields["language"].initial = language


class EscalationStepForm(forms.Form):
    target = forms.ChoiceField(label=_("Escalate to"), choices=EscalationTarget.choices)
    delay_hours = forms.IntegerField(
        label=_("Delay (hours)"),
        min_value=0,
        max_value=24 * 30,
        help_text=_("After the acknowledgement deadline (first step) or after the previous step."),
        error_messages={"min_value": _("Give 0 or more hours."), "max_value": _("Give at most 720 hours (30 days).")},
    )


class BaseLadderFormSet(forms.BaseFormSet):
    def steps(self) -> list[tuple[str, int]]:
        """(target, delay) in order, without removed or empty rows (after ``is_valid()``)."""
        return [
            (form.cleaned_data["target"], form.cleaned_data["delay_hours"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


LadderFormSet = forms.formset_factory(
    EscalationStepForm, formset=BaseLadderFormSet, extra=1, can_delete=True, max_num=6, validate_max=True
)


class ReminderScheduleForm(forms.ModelForm):
    class Meta:
        model = ReminderSchedule
        fields = ["acknowledgement_at_half_time", "acknowledgement_hours_before", "answer_reminder_days"]


class DeadlinesForm(forms.ModelForm):
    """The deadlines on a directory's settings page (saved with the directory's own settings)."""

    class Meta:
        model = Deadlines
        fields = ["acknowledgement_hours", "answer_days"]
