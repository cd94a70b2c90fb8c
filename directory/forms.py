from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from directory import contact_fields, contact_rules, phones
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
from enlace.dates import long_date
from enlace.translated_text_forms import WrittenInLanguagesForm, suffix
from enlace.translated_texts import text_languages
from mail import openpgp


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


class TimeZoneField(forms.ChoiceField):
    """A choice of time zone, told valid by a set look-up rather than a walk through some 400 choices."""

    def valid_value(self, value) -> bool:
        return str(value) in contact_rules.time_zone_names()


class ContactForm(forms.ModelForm):
    languages = forms.CharField(
        label=gettext_lazy("Operating languages"),
        help_text=gettext_lazy("ISO 639 codes separated by commas, the preferred one first (for example: es, en, fr)."),
        max_length=100,
    )
    time_zone = TimeZoneField(label=gettext_lazy("Time zone"), choices=contact_rules.time_zone_choices, initial="UTC")

    class Meta:
        model = Contact
        fields = [
            "institution",
            "kind",
            "name",
            "title",
            *contact_fields.AVAILABILITY,
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

    # The rules are contact_rules' (the import applies the same ones through check_contact_values).
    def clean_languages(self) -> list[str]:
        return contact_rules.language_codes(self.cleaned_data["languages"])

    def clean_pgp_key(self) -> str:
        text, self.key_info = contact_rules.public_key(self.cleaned_data.get("pgp_key", ""))
        return text

    def clean(self) -> dict:
        cleaned = super().clean()
        problem = contact_rules.opening_hours_problem(cleaned.get("opens_at"), cleaned.get("closes_at"))
        if problem:
            self.add_error("closes_at", problem)
        return cleaned


# The contact's own values (the form's fields but the institution, which an import finds by itself), in the
# form's order, and the rule each goes through after its field's (as the form's clean_<name> methods do).
CONTACT_VALUE_FIELDS = tuple(name for name in ContactForm.base_fields if name != "institution")
_VALUE_RULES = {"languages": contact_rules.language_codes, "pgp_key": contact_rules.public_key}


@dataclass(frozen=True)
class ContactValues:
    cleaned: dict  # the values the form would clean (pgp_key: the key's text)
    errors: dict[str, list[str]]  # the form's errors, by field, in the form's order
    key_info: openpgp.PublicKeyInfo | None = None


def check_contact_values(data: dict, memo: dict | None = None) -> ContactValues:
    """What ``ContactForm(data)`` decides of a contact's own values, without building the form.

    Each value goes through the form's own field (required, length, choices, time formats) and then
    its rule in ``contact_rules``, and the business hours through the form's ``clean`` rule: the same
    code, the same messages, in the same order. ``memo`` keeps what each field said of each value,
    for the next rows: most columns of a file repeat (kind, hours, time zone, languages).
    """
    cleaned, errors, key_info = {}, {}, None
    for name in CONTACT_VALUE_FIELDS:
        raw = data.get(name)
        outcome = memo.get((name, raw)) if memo is not None else None
        if outcome is None:
            outcome = _clean_value(name, raw)
            if memo is not None:
                memo[(name, raw)] = outcome
        value, messages = outcome
        if messages:
            errors[name] = messages
        elif name == "pgp_key":
            cleaned[name], key_info = value
        else:
            cleaned[name] = value
    problem = contact_rules.opening_hours_problem(cleaned.get("opens_at"), cleaned.get("closes_at"))
    if problem:
        errors["closes_at"] = [problem]
        del cleaned["closes_at"]
    return ContactValues(cleaned, errors, key_info)


def _clean_value(name: str, raw) -> tuple[object, list[str]]:
    try:
        value = ContactForm.base_fields[name].clean(raw)
        rule = _VALUE_RULES.get(name)
        return (rule(value) if rule else value), []
    except ValidationError as error:
        return None, error.messages


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
        self.fields["role"].label_from_instance = lambda role: (
            f"{role.directory.for_reader.name}: {role.get_kind_display()}"
        )
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
                % {"date": long_date(self.nomination.starts_on)},
                code="before_start",
            )
        return ends_on


class DirectorySettingsForm(WrittenInLanguagesForm):
    """A manager's settings for its directory: its name and description in each language, its rules, what it
    publishes, its roles and States."""

    TEXTS = {
        "name": (pgettext_lazy("name of a thing", "Name"), 200, True, False),
        "description": (gettext_lazy("Description"), None, False, True),
    }

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
            "original_language",
            "managing_body",
            "is_listed_publicly",
            "publishes_participants",
            "publishes_counts",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        directory = self.instance
        self.fields["states"].label_from_instance = lambda state: state.name
        self.fields["states"].choices = [(state.pk, state.name) for state in sorted_by_name(State.objects.all())]
        self.initial["role_kinds"] = list(directory.roles.values_list("kind", flat=True))
        self.initial["states"] = list(directory.participants.values_list("pk", flat=True))

    # The features' sections of the settings page (``enlace.features``) come after the managing body, before what
    # the directory publishes, where its rules always were.
    FIELDS_BEFORE_FEATURES = ("managing_body",)

    @property
    def fields_before_features(self) -> list:
        return [field for field in self.other_fields if field.name in self.FIELDS_BEFORE_FEATURES]

    @property
    def fields_after_features(self) -> list:
        return [field for field in self.other_fields if field.name not in self.FIELDS_BEFORE_FEATURES]

    def clean(self) -> dict:
        # Checked before the texts are put on the directory (by the parent's clean), which only valid ones are.
        for language in text_languages():
            box = f"name_{suffix(language)}"
            name = (self.cleaned_data.get(box) or "").strip()
            if name and Directory.objects.named(name).exclude(pk=self.instance.pk).exists():
                self.add_error(box, _("Another directory already has this name in one of its languages."))
        return super().clean()

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
        names = [state.name for state in sorted_by_name(leaving)]
        if names:
            raise ValidationError(
                _("These States still have active nominations: %(states)s. Retire them first.")
                % {"states": ", ".join(names)}
            )
        return states
