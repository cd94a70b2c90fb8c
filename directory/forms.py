import zoneinfo
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory import names, openpgp, phones
from directory.choices import NominationSource, RoleKind
from directory.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    Directory,
    DirectoryRole,
    Institution,
    Nomination,
    State,
    sorted_by_name,
)


@cache
def _time_zones() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(zoneinfo.available_timezones()) if "/" in zone or zone == "UTC"]


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "acronym", "kind", "website"]

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Institution.objects.filter(state=self.state, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("This State already has an institution with this name."), code="duplicate")
        return name

    def save(self, commit: bool = True) -> Institution:
        self.instance.state = self.state
        return super().save(commit)


class ContactForm(forms.ModelForm):
    languages = forms.CharField(
        label=gettext_lazy("Operating languages"),
        help_text=gettext_lazy("ISO 639 codes separated by commas, the preferred one first (for example: es, en, fr)."),
        max_length=100,
    )
    time_zone = forms.ChoiceField(label=gettext_lazy("Time zone"), choices=_time_zones, initial="UTC")

    class Meta:
        model = Contact
        fields = [
            "institution",
            "kind",
            "name",
            "title",
            "is_24_7",
            "working_days",
            "opens_at",
            "closes_at",
            "time_zone",
            "pgp_key",
        ]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "pgp_key": forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "class": "font-monospace"}),
        }
        help_texts = {"pgp_key": gettext_lazy("Optional. The ASCII-armoured public key block.")}

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state
        self.fields["institution"].queryset = Institution.objects.filter(state=state)
        if self.instance.pk:
            self.initial["languages"] = ", ".join(self.instance.language_codes)
        else:
            self.initial["time_zone"] = state.time_zone
        self.key_info: openpgp.PublicKeyInfo | None = None

    def clean_languages(self) -> list[str]:
        codes: list[str] = []
        for raw in self.cleaned_data["languages"].replace(";", ",").split(","):
            if not raw.strip():
                continue
            code = names.normalise_language_code(raw)
            if code is None:
                raise ValidationError(
                    _("“%(code)s” is not an ISO 639 language code (for example en, es, fr, ar).")
                    % {"code": raw.strip()},
                    code="invalid_language",
                )
            if code not in codes:
                codes.append(code)
        if not codes:
            raise ValidationError(_("Give at least one operating language."), code="required")
        return codes

    def clean_pgp_key(self) -> str:
        text = self.cleaned_data.get("pgp_key", "").strip()
        if text:
            self.key_info = openpgp.read_public_key(text)
        return text

    def clean(self) -> dict:
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and opens >= closes:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return cleaned


class ContactEmailForm(forms.ModelForm):
    class Meta:
        model = ContactEmail
        fields = ["address", "usage"]


class ContactPhoneForm(forms.ModelForm):
    number = forms.CharField(
        label=gettext_lazy("Phone number"),
        max_length=30,
        help_text=gettext_lazy("International format, for example +41 22 917 1234."),
    )

    class Meta:
        model = ContactPhone
        fields = ["number", "usage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["number"] = phones.display(self.instance.number)

    def clean_number(self) -> str:
        return phones.to_e164(self.cleaned_data["number"])


class _AtLeastOneFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("Give at least one e-mail address."), code="required")
        seen = set()
        for form in kept:
            address = form.cleaned_data["address"].lower()
            if address in seen:
                form.add_error("address", _("This address is listed twice."))
            seen.add(address)


EmailFormSet = inlineformset_factory(
    Contact, ContactEmail, form=ContactEmailForm, formset=_AtLeastOneFormSet, extra=2, can_delete=True
)
PhoneFormSet = inlineformset_factory(Contact, ContactPhone, form=ContactPhoneForm, extra=2, can_delete=True)


class NominationForm(forms.Form):
    """Nominate a contact to a role in one of the directories the user may nominate into."""

    directory = forms.ModelChoiceField(label=gettext_lazy("Directory"), queryset=Directory.objects.none())
    role = forms.ModelChoiceField(label=gettext_lazy("Role"), queryset=DirectoryRole.objects.none())
    note_verbale_reference = forms.CharField(
        label=gettext_lazy("Note verbale reference"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("If the State sent this nomination by note verbale, enter its reference."),
    )

    def __init__(self, *args, directories, allow_note_verbale: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directory"].queryset = directories
        self.fields["role"].queryset = DirectoryRole.objects.filter(directory__in=directories).select_related(
            "directory"
        )
        self.fields["role"].label_from_instance = lambda role: f"{role.directory.name}: {role.get_kind_display()}"
        if not allow_note_verbale:
            del self.fields["note_verbale_reference"]

    def clean(self) -> dict:
        cleaned = super().clean()
        directory, role = cleaned.get("directory"), cleaned.get("role")
        if directory and role and role.directory_id != directory.pk:
            self.add_error("role", _("This role is not used by the chosen directory."))
        return cleaned

    @property
    def source(self) -> str:
        if self.cleaned_data.get("note_verbale_reference"):
            return NominationSource.NOTE_VERBALE
        return NominationSource.STATE


class RetireNominationForm(forms.Form):
    ends_on = forms.DateField(
        label=gettext_lazy("End date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Today or earlier retires it now; a later day keeps it active until that day."),
    )

    def __init__(self, *args, nomination: Nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination = nomination

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on < self.nomination.starts_on:
            raise ValidationError(
                _("A nomination cannot end before it started (%(date)s).")
                % {"date": date_format(self.nomination.starts_on, "SHORT_DATE_FORMAT")},
                code="before_start",
            )
        return ends_on


class DirectorySettingsForm(forms.ModelForm):
    """A manager's settings for its directory: its rules, what it publishes, its roles and States."""

    role_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Roles this directory uses"),
        choices=RoleKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one role to nominate points of contact to.")},
    )
    states = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Participating States"),
        queryset=State.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=gettext_lazy("Hold Ctrl (or Cmd) to choose several."),
    )

    class Meta:
        model = Directory
        fields = [
            "name",
            "description",
            "managing_body",
            "ping_interval_months",
            "ping_round_days",
            "ping_reminder_days",
            "acknowledgement_hours",
            "answer_days",
            "is_listed_publicly",
            "publishes_participants",
            "publishes_counts",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        directory = self.instance
        self.fields["states"].label_from_instance = lambda state: state.name
        self.fields["states"].choices = [(state.pk, state.name) for state in sorted_by_name(State.objects.all())]
        self.initial["role_kinds"] = list(directory.roles.values_list("kind", flat=True))
        self.initial["states"] = list(directory.participants.values_list("pk", flat=True))

    def clean_role_kinds(self) -> list[str]:
        # Which roles a directory uses is its own choice (the OAS 24/7 network: diplomatic and law
        # enforcement); the only rule for all is that there is one to nominate to.
        kinds = self.cleaned_data["role_kinds"]
        in_use = set(
            self.instance.nominations.active().exclude(role__kind__in=kinds).values_list("role__kind", flat=True)
        )
        if in_use:
            labels = ", ".join(str(RoleKind(kind).label) for kind in sorted(in_use))
            raise ValidationError(
                _("These roles still have active nominations: %(roles)s. Retire them first.") % {"roles": labels}
            )
        return kinds

    def clean_states(self):
        states = self.cleaned_data["states"]
        leaving = (
            State.objects.filter(nominations__in=self.instance.nominations.active())
            .exclude(pk__in=[state.pk for state in states])
            .distinct()
        )
        names = sorted(state.name for state in leaving)
        if names:
            raise ValidationError(
                _("These States still have active nominations: %(states)s. Retire them first.")
                % {"states": ", ".join(names)}
            )
        return states
