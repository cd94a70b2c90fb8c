"""The typed fields of a communication template, and the texts they show, as validated data.

A template version stores its fields as a JSON list; this module is the one
place that knows that list's shape. ``parse_fields()`` turns stored JSON into
``FieldDefinition`` objects (refusing anything malformed with a ``SchemaError``),
``dump_fields()`` turns them back into JSON.

Every text a reader sees (title, fixed text, labels, help texts, choice labels)
is a ``LocalText``: a mapping from an interface language code (``settings.LANGUAGES``)
to the text in that language. English is always there. ``localize()`` picks the
text for a reader:

1. the text written for that language, if any (manager-written templates);
2. otherwise the English text translated through the interface's gettext
   catalogue (the built-in templates store English msgids, marked in
   ``communication_templates.defaults`` so that they are in the catalogue);
3. otherwise English (gettext returns the msgid when it has no translation).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enlace.translated_texts import ENGLISH, LocalText, reader_language, supported_language, text_languages

__all__ = ["ENGLISH", "LocalText", "localize", "supported_language", "text_languages"]
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
CHOICE_VALUE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
MAX_FIELDS = 50
MAX_CHOICES = 50
# Longest text of each kind, in characters, in any one language.
MAX_LABEL = 200
MAX_HELP = 500
MAX_TITLE = 200
MAX_FIXED_TEXT = 4000


class FieldType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    DATETIME_UTC = "datetime_utc", _("Date and time (UTC)")
    CHOICE = "choice", _("One choice from a list")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices from a list")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Whole number")


CHOICE_TYPES = frozenset({FieldType.CHOICE, FieldType.MULTIPLE_CHOICE})
# Fields whose values are the sender's own words: shown as written, never translated.
FREE_TEXT_TYPES = frozenset({FieldType.SHORT_TEXT, FieldType.LONG_TEXT})


class SchemaError(ValueError):
    """Stored or submitted template data that does not have the expected shape."""


def localize(text: LocalText, language: str | None = None) -> str:
    """``text`` in ``language`` (default: the active one): written translation, catalogue, then English."""
    language = reader_language(language)
    written = text.get(language, "")
    if written:
        return written
    english = text.get(ENGLISH, "")
    if not english:
        # gettext("") would return the catalogue's header.
        return ""
    with translation.override(language):
        return gettext(english)


def parse_local_text(data: object, *, what: str, required: bool, max_length: int) -> MappingProxyType:
    """Validate a stored ``{"en": ..., "es": ...}`` mapping; blank translations are dropped."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise SchemaError(f"{what} must be an object mapping language codes to texts.")
    allowed = set(text_languages())
    texts: dict[str, str] = {}
    for language, text in data.items():
        if language not in allowed:
            raise SchemaError(f"{what} has a text in {language!r}, which is not an interface language.")
        if not isinstance(text, str):
            raise SchemaError(f"{what} in {language!r} must be a string.")
        text = text.strip()
        if len(text) > max_length:
            raise SchemaError(f"{what} in {language!r} is longer than {max_length} characters.")
        if text:
            texts[language] = text
    if required and not texts.get(ENGLISH):
        raise SchemaError(f"{what} needs an English text.")
    if texts and ENGLISH not in texts:
        raise SchemaError(f"{what} has translations but no English text.")
    return MappingProxyType(texts)


@dataclass(frozen=True)
class Choice:
    value: str
    label: LocalText

    def to_json(self) -> dict:
        return {"value": self.value, "label": dict(self.label)}


@dataclass(frozen=True)
class FieldDefinition:
    """One typed field of a template version."""

    name: str
    type: FieldType
    label: LocalText
    required: bool = False
    help_text: LocalText = field(default_factory=lambda: MappingProxyType({}))
    choices: tuple[Choice, ...] = ()

    def __post_init__(self) -> None:
        if not NAME_PATTERN.match(self.name or ""):
            raise SchemaError(
                f"Field name {self.name!r} must start with a letter and use only a-z, 0-9 and _ (at most 50)."
            )
        try:
            object.__setattr__(self, "type", FieldType(self.type))
        except ValueError:
            raise SchemaError(f"Field {self.name!r} has an unknown type {self.type!r}.") from None
        object.__setattr__(
            self,
            "label",
            parse_local_text(self.label, what=f"The label of {self.name!r}", required=True, max_length=MAX_LABEL),
        )
        object.__setattr__(
            self,
            "help_text",
            parse_local_text(
                self.help_text, what=f"The help text of {self.name!r}", required=False, max_length=MAX_HELP
            ),
        )
        if not isinstance(self.required, bool):
            raise SchemaError(f"Field {self.name!r}: 'required' must be true or false.")
        object.__setattr__(self, "choices", tuple(self.choices))
        if self.type in CHOICE_TYPES:
            if not 2 <= len(self.choices) <= MAX_CHOICES:
                raise SchemaError(f"Field {self.name!r} needs between 2 and {MAX_CHOICES} choices.")
            values = [choice.value for choice in self.choices]
            if len(set(values)) != len(values):
                raise SchemaError(f"Field {self.name!r} has two choices with the same value.")
        elif self.choices:
            raise SchemaError(f"Field {self.name!r} is not a choice field but has choices.")

    @property
    def is_free_text(self) -> bool:
        return self.type in FREE_TEXT_TYPES

    def choice_label(self, value: str, language: str | None = None) -> str:
        """The label of a choice in ``language``; an unknown value is shown as it is."""
        for choice in self.choices:
            if choice.value == value:
                return localize(choice.label, language)
        return value

    def to_json(self) -> dict:
        data: dict = {
            "name": self.name,
            "type": self.type.value,
            "required": self.required,
            "label": dict(self.label),
        }
        if self.help_text:
            data["help_text"] = dict(self.help_text)
        if self.choices:
            data["choices"] = [choice.to_json() for choice in self.choices]
        return data

    @classmethod
    def from_json(cls, data: object) -> "FieldDefinition":
        if not isinstance(data, Mapping):
            raise SchemaError("Each field must be an object.")
        unknown = set(data) - {"name", "type", "required", "label", "help_text", "choices"}
        if unknown:
            raise SchemaError(f"Unknown field properties: {', '.join(sorted(unknown))}.")
        name = data.get("name")
        if not isinstance(name, str):
            raise SchemaError("Each field needs a name.")
        raw_choices = data.get("choices") or []
        if not isinstance(raw_choices, Sequence) or isinstance(raw_choices, str):
            raise SchemaError(f"The choices of {name!r} must be a list.")
        return cls(
            name=name,
            type=data.get("type"),
            required=data.get("required", False),
            label=data.get("label"),
            help_text=data.get("help_text"),
            choices=tuple(_parse_choice(choice, name) for choice in raw_choices),
        )


def _parse_choice(data: object, field_name: str) -> Choice:
    if not isinstance(data, Mapping) or set(data) - {"value", "label"}:
        raise SchemaError(f"Each choice of {field_name!r} must be an object with a value and a label.")
    value = data.get("value")
    if not isinstance(value, str) or not CHOICE_VALUE_PATTERN.match(value):
        raise SchemaError(f"Choice value {value!r} of {field_name!r} must use only a-z, 0-9, _ and - (at most 50).")
    label = parse_local_text(
        data.get("label"), what=f"The label of choice {value!r} of {field_name!r}", required=True, max_length=MAX_LABEL
    )
    return Choice(value=value, label=label)


def parse_fields(data: object) -> list[FieldDefinition]:
    """Validate a stored field list and return its definitions, in order."""
    if not isinstance(data, list):
        raise SchemaError("The fields must be a list.")
    if len(data) > MAX_FIELDS:
        raise SchemaError(f"A template has at most {MAX_FIELDS} fields.")
    definitions = [FieldDefinition.from_json(item) for item in data]
    check_unique_names(definitions)
    return definitions


def check_unique_names(definitions: Sequence[FieldDefinition]) -> None:
    seen: set[str] = set()
    for definition in definitions:
        if definition.name in seen:
            raise SchemaError(f"Two fields are named {definition.name!r}.")
        seen.add(definition.name)


def dump_fields(definitions: Sequence[FieldDefinition]) -> list[dict]:
    check_unique_names(definitions)
    return [definition.to_json() for definition in definitions]


def validate_field_list(value: object) -> None:
    """Model field validator for ``TemplateVersion.fields``."""
    try:
        parse_fields(value)
    except SchemaError as error:
        raise ValidationError(str(error), code="invalid_fields") from None


def validate_title(value: object) -> None:
    try:
        parse_local_text(value, what="The title", required=True, max_length=MAX_TITLE)
    except SchemaError as error:
        raise ValidationError(str(error), code="invalid_title") from None


def validate_fixed_text(value: object) -> None:
    try:
        parse_local_text(value, what="The fixed text", required=False, max_length=MAX_FIXED_TEXT)
    except SchemaError as error:
        raise ValidationError(str(error), code="invalid_fixed_text") from None
