"""A template version as a reader sees it: its texts in one language, its form, its filled-in values.

The sending side uses three things from here:

- ``localize_version(version, language)`` (also ``version.localized(language)``):
  the title, fixed text, labels, help texts and choices in one language;
- ``build_form_class(version, language)``: a Django form class with one typed
  form field per template field, whose ``values()`` gives the JSON-safe dict to
  keep (or to encrypt and send);
- ``render_values(version, values, language)`` / ``render_text(...)``: those
  values as "label: value" in the *recipient's* language. Labels, choices and
  yes/no are translated; the sender's free text is kept exactly as written, so
  the caller should say in which language it was written.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from communication_templates.fields import FieldDefinition, FieldType, localize
from enlace.translated_texts import reader_language

if TYPE_CHECKING:
    from communication_templates.models import TemplateVersion

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 10000
NUMBER_LIMIT = 10**12
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
_DATETIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<zone>Z|UTC|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


# --- One language -------------------------------------------------------------------


@dataclass(frozen=True)
class LocalizedField:
    name: str
    type: FieldType
    required: bool
    label: str
    help_text: str
    choices: tuple[tuple[str, str], ...]  # (value, label) pairs

    @property
    def is_free_text(self) -> bool:
        return self.type in (FieldType.SHORT_TEXT, FieldType.LONG_TEXT)


@dataclass(frozen=True)
class LocalizedTemplate:
    """Every text of a template version in one language."""

    language: str
    title: str
    fixed_text: str
    fields: tuple[LocalizedField, ...]

    def field(self, name: str) -> LocalizedField:
        for localized in self.fields:
            if localized.name == name:
                return localized
        raise KeyError(name)


def localize_field(definition: FieldDefinition, language: str) -> LocalizedField:
    return LocalizedField(
        name=definition.name,
        type=definition.type,
        required=definition.required,
        label=localize(definition.label, language),
        help_text=localize(definition.help_text, language),
        choices=tuple((choice.value, localize(choice.label, language)) for choice in definition.choices),
    )


def localize_version(version: "TemplateVersion", language: str | None = None) -> LocalizedTemplate:
    """The texts of ``version`` in ``language`` (default: the active language)."""
    language = reader_language(language)
    return LocalizedTemplate(
        language=language,
        title=localize(version.title, language),
        fixed_text=localize(version.fixed_text, language),
        fields=tuple(localize_field(definition, language) for definition in version.definitions),
    )


# --- The form a sender fills in ------------------------------------------------------


class UTCDateTimeInput(forms.DateTimeInput):
    """A browser date-time picker whose value is read as UTC (the label says so)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "60", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class UTCDateTimeField(forms.Field):
    """A date and time in UTC, typed as YYYY-MM-DD HH:MM; an explicit offset (+02:00, Z) is converted."""

    widget = UTCDateTimeInput
    default_error_messages = {
        "invalid": gettext_lazy("Enter the date and time in UTC as YYYY-MM-DD HH:MM, for example 2026-11-23 14:30."),
        "impossible": gettext_lazy("“%(value)s” is not a real date and time."),
    }

    def to_python(self, value) -> datetime | None:
        if isinstance(value, datetime):
            return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        text = str(value or "").strip()
        if not text:
            return None
        match = _DATETIME.match(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        offset = UTC
        zone = (match["zone"] or "").upper()
        if zone not in ("", "Z", "UTC"):
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        try:
            moment = datetime.strptime(
                f"{match['date']} {match['hour']}:{match['minute']}:{match['second'] or '00'}", "%Y-%m-%d %H:%M:%S"
            )
            return moment.replace(tzinfo=offset).astimezone(UTC)
        except ValueError:
            raise ValidationError(
                self.error_messages["impossible"], code="impossible", params={"value": text}
            ) from None

    def prepare_value(self, value):
        if isinstance(value, datetime):
            return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
        return value


class ContentForm(forms.Form):
    """The typed fields of one template version; made by ``build_form_class``."""

    version: "TemplateVersion"
    localized: LocalizedTemplate

    def values(self) -> dict:
        """The cleaned values as a JSON-safe dict keyed by field name (call after ``is_valid()``)."""
        return serialise_values(self.version, self.cleaned_data)


_YES, _NO = "yes", "no"


def _to_bool(value: str) -> bool | None:
    return {_YES: True, _NO: False}.get(value)


def _form_field(definition: FieldDefinition, localized: LocalizedField) -> forms.Field:
    common = {"label": localized.label, "help_text": localized.help_text, "required": definition.required}
    choice_messages = {
        "invalid_choice": gettext_lazy("“%(value)s” is not one of the choices offered for this field."),
    }
    match definition.type:
        case FieldType.SHORT_TEXT:
            return forms.CharField(max_length=SHORT_TEXT_MAX, **common)
        case FieldType.LONG_TEXT:
            return forms.CharField(max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}), **common)
        case FieldType.DATETIME_UTC:
            if "UTC" not in localized.label:
                common["label"] = gettext("%(label)s (UTC)") % {"label": localized.label}
            return UTCDateTimeField(**common)
        case FieldType.CHOICE:
            return forms.ChoiceField(choices=[("", "—"), *localized.choices], error_messages=choice_messages, **common)
        case FieldType.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=localized.choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={**choice_messages, "invalid_list": gettext_lazy("Choose from the list.")},
                **common,
            )
        case FieldType.YES_NO:
            return forms.TypedChoiceField(
                choices=[(_YES, gettext("Yes")), (_NO, gettext("No"))],
                coerce=_to_bool,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages=choice_messages,
                **common,
            )
        case FieldType.NUMBER:
            return forms.IntegerField(
                min_value=-NUMBER_LIMIT,
                max_value=NUMBER_LIMIT,
                error_messages={"invalid": gettext_lazy("Enter a whole number, for example 12.")},
                **common,
            )
    raise AssertionError(f"unhandled field type {definition.type}")  # pragma: no cover


def build_form_class(version: "TemplateVersion", language: str | None = None) -> type[ContentForm]:
    """A form class for filling in ``version``, labelled in ``language`` (default: the active one).

    Field names are the template's field names: give the form a ``prefix`` when
    it shares a page with other forms.
    """
    localized = localize_version(version, language)
    with translation.override(localized.language):
        declared = {
            definition.name: _form_field(definition, localized.field(definition.name))
            for definition in version.definitions
        }
    attributes = {"version": version, "localized": localized, **declared}
    return type(f"ContentFormV{version.number}", (ContentForm,), attributes)


# --- Values ---------------------------------------------------------------------------


def serialise_values(version: "TemplateVersion", cleaned_data: Mapping) -> dict:
    """Cleaned form values as a JSON-safe dict: text, lists of choice values, booleans, integers, ISO UTC times."""
    values: dict = {}
    for definition in version.definitions:
        value = cleaned_data.get(definition.name)
        if definition.type == FieldType.DATETIME_UTC:
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None
        elif definition.type == FieldType.MULTIPLE_CHOICE:
            value = list(value or [])
        elif definition.type in (FieldType.SHORT_TEXT, FieldType.LONG_TEXT, FieldType.CHOICE):
            value = value or ""
        values[definition.name] = value
    return values


@dataclass(frozen=True)
class RenderedValue:
    name: str
    label: str
    text: str
    # True when ``text`` is the sender's own words (not translated: mark its language).
    is_free_text: bool


def _is_empty(value) -> bool:
    return value is None or value == "" or value == []


def _display(definition: FieldDefinition, value, language: str) -> str:
    match definition.type:
        case FieldType.DATETIME_UTC:
            try:
                moment = datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
            except ValueError:
                return str(value)
            return f"{moment.strftime(DATETIME_FORMAT)} UTC"
        case FieldType.CHOICE:
            return definition.choice_label(str(value), language)
        case FieldType.MULTIPLE_CHOICE:
            items = value if isinstance(value, list) else [value]
            return ", ".join(definition.choice_label(str(item), language) for item in items)
        case FieldType.YES_NO:
            with translation.override(language):
                return gettext("Yes") if value else gettext("No")
    return str(value)


def render_values(
    version: "TemplateVersion", values: Mapping, language: str | None = None, *, include_empty: bool = False
) -> list[RenderedValue]:
    """The values of a filled-in ``version``, in template order, labelled in ``language``.

    Choices, yes/no and labels are translated; free text is returned as written.
    Values for fields the version does not have are ignored.
    """
    language = reader_language(language)
    rendered = []
    for definition in version.definitions:
        value = values.get(definition.name)
        if _is_empty(value) and not include_empty:
            continue
        rendered.append(
            RenderedValue(
                name=definition.name,
                label=localize(definition.label, language),
                text="" if _is_empty(value) else _display(definition, value, language),
                is_free_text=definition.is_free_text,
            )
        )
    return rendered


def render_text(version: "TemplateVersion", values: Mapping, language: str | None = None) -> str:
    """Plain text for an e-mail body: the fixed text, then one "Label: value" per filled-in field.

    Multi-line values start on the line after their label, indented.
    """
    language = reader_language(language)
    lines = []
    fixed_text = localize(version.fixed_text, language)
    if fixed_text:
        lines += [fixed_text, ""]
    for item in render_values(version, values, language):
        if "\n" in item.text:
            lines.append(f"{item.label}:")
            lines += [f"    {line}" if line else "" for line in item.text.splitlines()]
        else:
            lines.append(f"{item.label}: {item.text}")
    return "\n".join(lines)
