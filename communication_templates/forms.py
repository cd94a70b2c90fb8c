"""The manager's template editor: title and fixed text, and a list of typed fields, in every interface language.

English is required; the other interface languages are optional translations
(left empty, a reader gets Enlace's own translation where the catalogue has one,
else English). Choices are written one per line, translations in the same order.
"""

import re
from collections.abc import Mapping, Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import ORDERING_FIELD_NAME
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from communication_templates.fields import (
    CHOICE_TYPES,
    ENGLISH,
    MAX_CHOICES,
    MAX_FIELDS,
    MAX_FIXED_TEXT,
    MAX_HELP,
    MAX_LABEL,
    MAX_TITLE,
    NAME_PATTERN,
    Choice,
    FieldDefinition,
    FieldType,
    SchemaError,
    text_languages,
)
from communication_templates.models import CommunicationTemplate, TemplateKind, TemplateVersion
from directory.models import Directory
from enlace.translated_text_forms import TranslatedTextsMixin, language_label
from enlace.translated_text_forms import suffix as _suffix

KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _identifier(text: str, *, prefix: str) -> str:
    """A name made of a-z, 0-9 and _ from a label (empty when the label has no Latin letters or digits)."""
    identifier = slugify(text).replace("-", "_")[:50].strip("_")
    if identifier and not identifier[0].isalpha() and prefix == "field":
        identifier = f"field_{identifier}"[:50]
    return identifier


class EnglishFirstTexts(TranslatedTextsMixin):
    """A form's texts (``TEXTS``) drawn as the English boxes, then each optional translation's."""

    TEXTS: tuple[str, ...] = ()

    @property
    def english_fields(self) -> list:
        return self.bound_texts(self.TEXTS, ENGLISH)

    @property
    def translations(self) -> list[tuple[str, str, list]]:
        """(language code, name, bound fields) for each optional translation."""
        return [
            (language, language_label(language), self.bound_texts(self.TEXTS, language))
            for language in text_languages()
            if language != ENGLISH
        ]


class TemplateTextsForm(EnglishFirstTexts, forms.Form):
    """The title and fixed text of a template."""

    TEXTS = ("title", "fixed_text")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_text_fields("title", gettext_lazy("Title"), max_length=MAX_TITLE, required=True)
        self.add_text_fields(
            "fixed_text", gettext_lazy("Fixed text"), max_length=MAX_FIXED_TEXT, required=False, textarea=True
        )
        self.fields["fixed_text_en"].help_text = gettext_lazy("Shown above the fields in every communication.")

    def clean(self) -> dict:
        cleaned = super().clean()
        self.check_english("fixed_text")
        return cleaned

    @property
    def title(self) -> dict[str, str]:
        return self.local_text("title")

    @property
    def fixed_text(self) -> dict[str, str]:
        return self.local_text("fixed_text")


class NewTemplateForm(TemplateTextsForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=TemplateKind.choices, initial=TemplateKind.OTHER)
    key = forms.CharField(
        label=gettext_lazy("Key"),
        max_length=50,
        required=False,
        help_text=gettext_lazy(
            "Lower-case letters, digits and hyphens, used in addresses; it never changes. "
            "Leave empty to make it from the English title."
        ),
    )

    def __init__(self, *args, directory: Directory, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = directory
        self.order_fields(["kind", "key"])

    def clean(self) -> dict:
        cleaned = super().clean()
        key = (cleaned.get("key") or "").strip().lower()
        if not key and cleaned.get("title_en"):
            key = slugify(cleaned["title_en"])[:50].strip("-")
        if not key and "title_en" in cleaned:
            self.add_error("key", _("Give a key: the English title has no letters or digits to make one from."))
        elif key and not KEY_PATTERN.match(key):
            self.add_error("key", _("Use only lower-case letters, digits and single hyphens, for example cbm-report."))
        elif key and CommunicationTemplate.objects.filter(directory=self.directory, key=key).exists():
            self.add_error("key", _("This directory already has a template with the key “%(key)s”.") % {"key": key})
        cleaned["key"] = key
        return cleaned


class ReviseTemplateForm(TemplateTextsForm):
    is_active = forms.BooleanField(
        label=gettext_lazy("Offered to senders"),
        required=False,
        help_text=gettext_lazy("Untick to retire the template; what was sent with it keeps its version."),
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, version: TemplateVersion) -> dict:
        form = cls()
        return {
            "is_active": version.template.is_active,
            "based_on": version.number,
            **form.text_initial("title", version.title),
            **form.text_initial("fixed_text", version.fixed_text),
        }


class FieldForm(EnglishFirstTexts, forms.Form):
    """One typed field of the template."""

    TEXTS = ("label", "help_text", "choices")

    name = forms.CharField(
        label=pgettext_lazy("name of a thing", "Name"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("Lower-case letters, digits and _; kept across revisions. Empty: made from the label."),
    )
    type = forms.ChoiceField(label=gettext_lazy("Type"), choices=FieldType.choices, initial=FieldType.SHORT_TEXT)
    required = forms.BooleanField(label=gettext_lazy("Must be filled in"), required=False)

    def __init__(self, *args, previous: Mapping[str, FieldDefinition] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous = previous or {}
        self.add_text_fields("label", gettext_lazy("Label"), max_length=MAX_LABEL, required=True)
        self.add_text_fields("help_text", gettext_lazy("Help text"), max_length=MAX_HELP, required=False)
        self.add_text_fields(
            "choices", gettext_lazy("Choices"), max_length=MAX_CHOICES * (MAX_LABEL + 2), required=False, textarea=True
        )
        self.fields["choices_en"].help_text = gettext_lazy(
            "For choice fields only: one choice per line. Translations: one per line, in the same order."
        )
        self.definition: FieldDefinition | None = None

    @staticmethod
    def initial_for(definition: FieldDefinition) -> dict:
        initial = {"name": definition.name, "type": definition.type.value, "required": definition.required}
        for language in text_languages():
            suffix = _suffix(language)
            if definition.label.get(language):
                initial[f"label_{suffix}"] = definition.label[language]
            if definition.help_text.get(language):
                initial[f"help_text_{suffix}"] = definition.help_text[language]
            lines = [choice.label.get(language, "") for choice in definition.choices]
            if any(lines):
                initial[f"choices_{suffix}"] = "\n".join(lines)
        return initial

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        if name and not NAME_PATTERN.match(name):
            raise ValidationError(
                _("Start with a letter and use only lower-case letters, digits and _, for example incident_start."),
                code="invalid_name",
            )
        return name

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        name = cleaned["name"] or _identifier(cleaned["label_en"], prefix="field")
        if not name:
            self.add_error("name", _("Give a name: the English label has no letters or digits to make one from."))
            return cleaned
        cleaned["name"] = name
        self.check_english("help_text")
        choices = self._choices(cleaned["type"])
        if self.errors:
            return cleaned
        try:
            self.definition = FieldDefinition(
                name=name,
                type=cleaned["type"],
                required=cleaned["required"],
                label=self.local_text("label"),
                help_text=self.local_text("help_text"),
                choices=tuple(choices),
            )
        except SchemaError:
            # The checks above should catch everything; never store a malformed definition.
            raise ValidationError(_("This field cannot be saved as it is; check its texts."), code="invalid") from None
        return cleaned

    def _choices(self, kind: str) -> list[Choice]:
        english = _lines(self.cleaned_data.get("choices_en", ""))
        if kind not in CHOICE_TYPES:
            if english:
                self.add_error("choices_en", _("Only choice fields have choices; empty this box or change the type."))
            return []
        if not 2 <= len(english) <= MAX_CHOICES:
            self.add_error(
                "choices_en",
                _("Give between 2 and %(max)s choices, one per line.") % {"max": MAX_CHOICES},
            )
            return []
        translations: dict[str, list[str]] = {}
        for language in text_languages():
            if language == ENGLISH:
                continue
            lines = _lines(self.cleaned_data.get(f"choices_{_suffix(language)}", ""))
            if lines and len(lines) != len(english):
                self.add_error(
                    f"choices_{_suffix(language)}",
                    _("Give one translation per English choice (%(count)s lines), in the same order, or none.")
                    % {"count": len(english)},
                )
            elif lines:
                translations[language] = lines
        if len({label.casefold() for label in english}) != len(english):
            self.add_error("choices_en", _("Two choices have the same text."))
        for line in english:
            if len(line) > MAX_LABEL:
                self.add_error("choices_en", _("A choice is longer than %(max)s characters.") % {"max": MAX_LABEL})
                break
        return [
            Choice(value=value, label={ENGLISH: label, **{lang: lines[i] for lang, lines in translations.items()}})
            for i, (value, label) in enumerate(zip(self._choice_values(english), english, strict=True))
        ]

    def _choice_values(self, labels: list[str]) -> list[str]:
        """Stable values: a label the field already had keeps its value; new ones are made from the label."""
        before = self.previous.get(self.cleaned_data.get("name", ""))
        kept = {choice.label.get(ENGLISH, "").casefold(): choice.value for choice in (before.choices if before else ())}
        values: list[str] = []
        for position, label in enumerate(labels, start=1):
            value = kept.get(label.casefold()) or _identifier(label, prefix="choice") or f"choice_{position}"
            while value in values:
                value = f"{value[:45]}_{position}"
            values.append(value)
        return values


class BaseFieldFormSet(forms.BaseFormSet):
    def __init__(self, *args, previous: Sequence[FieldDefinition] = (), **kwargs):
        self.previous = {definition.name: definition for definition in previous}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "previous": self.previous}

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields[ORDERING_FIELD_NAME].label = gettext_lazy("Position")
        form.fields[ORDERING_FIELD_NAME].widget.attrs["min"] = 1
        form.fields["DELETE"].label = gettext_lazy("Remove this field")

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        definitions = self.definitions()
        if not definitions:
            raise ValidationError(_("A template needs at least one field."), code="no_fields")
        seen: dict[str, forms.Form] = {}
        for form in self.ordered_forms:
            name = form.cleaned_data["name"]
            if name in seen:
                form.add_error("name", _("Another field already has the name “%(name)s”.") % {"name": name})
            seen[name] = form

    def definitions(self) -> list[FieldDefinition]:
        """The fields in their chosen order, without removed and empty rows (after ``is_valid()``)."""
        return [form.definition for form in self.ordered_forms if form.definition is not None]

    @classmethod
    def initial_for(cls, definitions: Sequence[FieldDefinition]) -> list[dict]:
        return [
            {**FieldForm.initial_for(definition), ORDERING_FIELD_NAME: position}
            for position, definition in enumerate(definitions, start=1)
        ]


FieldFormSet = forms.formset_factory(
    FieldForm,
    formset=BaseFieldFormSet,
    extra=0,
    can_order=True,
    can_delete=True,
    max_num=MAX_FIELDS,
    validate_max=True,
)


def unbound_copy(form: forms.Form) -> dict:
    """A bound form's submitted values, as initial data for a fresh (unvalidated) form."""
    return {name: form[name].value() for name in form.fields}


def is_blank_row(values: Mapping) -> bool:
    return not any(
        value for name, value in values.items() if name not in ("type", "required", ORDERING_FIELD_NAME, "DELETE")
    )
