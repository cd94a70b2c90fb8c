"""Texts that people write in several languages, and the one rule that picks the one a reader sees.

A text is a mapping from an interface language code (``settings.LANGUAGES``) to the text in that
language: ``{"en": "Points of contact", "fr": "Points de contact"}``. Communication templates keep
whole mappings in JSON (``communication_templates``); directories and CBM catalogues keep the text in the
language it was first written in as their ordinary column — what uniqueness, ordering and every
query read — and the other languages beside it in a ``<field>_translations`` JSON column
(``WrittenInLanguages``).

``pick()`` is the rule for every reader, on every page, export, e-mail and API answer: the text
written in the reader's language; else the English one (the language every network of Enlace
shares); else the one in the original language; else any text there is.

A record written in several languages gives each of its texts as its reader gets it with
``record.for_reader.<field>`` (``directory.for_reader.name``; in a template
``{{ directory.for_reader.name }}``): plain text, for titles, e-mails, exports, sorting and the API;
its ``.marked`` is the HTML a page shows in its body (``{{ catalogue.for_reader.description.marked }}``).
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

ENGLISH = "en"

LocalText = Mapping[str, str]


def text_languages() -> list[str]:
    """Languages a text may be written in: the interface languages, English first."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [ENGLISH, *(code for code in codes if code != ENGLISH)]


def supported_language(code: str | None) -> str:
    """The interface language closest to ``code`` (``es-MX`` → ``es``, ``zh`` → ``zh-hans``), else English."""
    if not code:
        return ENGLISH
    try:
        return translation.get_supported_language_variant(code.lower())
    except LookupError:
        return ENGLISH


def reader_language(language: str | None = None) -> str:
    """The interface language of a reader of ``language``, by default the language being read (the active one)."""
    return supported_language(language or translation.get_language())


def language_name(language: str) -> str:
    """The language's name in the reader's language: "Arabic", «arabe»."""
    return str(get_language_info(language)["name_translated"])


def pick(texts: LocalText, language: str | None = None, *, original: str = ENGLISH) -> str:
    """The text of ``texts`` for a reader of ``language`` (default: the active one).

    Its own language, else English, else the original language, else whichever text there is.
    """
    return picked(texts, language, original=original)[1]


def picked(texts: LocalText, language: str | None = None, *, original: str = ENGLISH) -> tuple[str, str]:
    """``pick``'s text with the language it is written in: (language, text); ("", "") when there is none."""
    language = reader_language(language)
    for candidate in (language, ENGLISH, original):
        if texts.get(candidate):
            return candidate, texts[candidate]
    return next(((code, text) for code, text in texts.items() if text), ("", ""))


def marked(language: str, text: str) -> SafeString:
    """``text`` escaped, and marked with its language where it is not the reader's (a fallback): a screen
    reader then reads it in its own language and voice, and a right-to-left text keeps its direction."""
    if not text or language == reader_language():
        return escape(text)
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    return format_html('<span lang="{}" dir="{}">{}</span>', language, direction, text)


def missing_languages(texts: Iterable[LocalText]) -> list[str]:
    """Interface languages lacking a text that the others have (for any of ``texts`` with some text)."""
    written = [text for text in texts if any(text.values())]
    if not written:
        return []
    return [language for language in text_languages() if any(not text.get(language) for text in written)]


def validate_language(value: str) -> None:
    if value not in text_languages():
        raise ValidationError(_("Choose one of Enlace's languages."), code="invalid_language")


def validate_translations(value: object) -> None:
    """A ``<field>_translations`` column holds texts keyed by interface language, nothing else."""
    allowed = set(text_languages())
    if not isinstance(value, Mapping) or any(
        language not in allowed or not isinstance(text, str) for language, text in value.items()
    ):
        raise ValidationError(_("Translations must be texts in Enlace's languages."), code="invalid_translations")


def original_language_field(**kwargs) -> models.CharField:
    return models.CharField(
        _("original language"),
        max_length=10,
        default=ENGLISH,
        validators=[validate_language],
        help_text=_("The language the texts were first written in."),
        **kwargs,
    )


def translations_field() -> models.JSONField:
    """The other languages' texts of one column, ``{"fr": ..., "ar": ...}``."""
    return models.JSONField(_("translations"), default=dict, blank=True, validators=[validate_translations])


class ReaderText(str):
    """A text as its reader gets it (``pick``): a plain string that knows the language it is written in."""

    language: str

    def __new__(cls, text: str, language: str) -> "ReaderText":
        value = super().__new__(cls, text)
        value.language = language
        return value

    def __getnewargs__(self) -> tuple[str, str]:
        return str(self), self.language

    @property
    def marked(self) -> SafeString:
        """The text for an HTML page: escaped, and marked with its language where it is a fallback (``marked``)."""
        return marked(self.language, str(self))


class ReaderTexts:
    """``record.for_reader.<field>``: each of a record's ``translated_fields`` in the active reader's language."""

    def __init__(self, record: "WrittenInLanguages") -> None:
        self._record = record

    def __getattr__(self, field: str) -> ReaderText:
        # Private names are never fields (and ``_record`` itself, before it is set, must not recurse).
        if field.startswith("_") or field not in self._record.translated_fields:
            raise AttributeError(f"no text written in several languages called {field!r}")
        record = self._record
        language, text = picked(record.texts(field), original=record.original_language)
        if not text and field in record.default_texts:
            return ReaderText(str(record.default_texts[field]), reader_language())
        return ReaderText(text, language)


class WrittenInLanguages:
    """A model whose ``translated_fields`` each have a ``<field>_translations`` column and share an
    ``original_language`` column: the field's own column is the text in the original language."""

    translated_fields: tuple[str, ...] = ()
    # What a reader gets for a field written in no language (a title the interface's catalogue translates).
    default_texts: Mapping[str, str] = {}

    @property
    def for_reader(self) -> ReaderTexts:
        """The texts in the active reader's language: ``directory.for_reader.name`` (see the module's docstring).

        Read again at each use: one request may write to readers of several languages (e-mails)."""
        return ReaderTexts(self)

    def texts(self, field: str) -> dict[str, str]:
        """Every written text of ``field`` by language, the original language's from its own column."""
        texts = {
            language: text
            for language, text in (getattr(self, f"{field}_translations") or {}).items()
            if text and language != self.original_language
        }
        if getattr(self, field):
            texts[self.original_language] = getattr(self, field)
        return texts

    def set_texts(self, field: str, texts: LocalText) -> None:
        """Write ``texts`` (by language) into the column and its translations; blanks are dropped."""
        texts = {language: text.strip() for language, text in texts.items() if text and text.strip()}
        setattr(self, field, texts.pop(self.original_language, ""))
        setattr(self, f"{field}_translations", texts)

    def localized(self, field: str, language: str | None = None) -> str:
        """The text of ``field`` for a reader of ``language`` (``for_reader`` is the active reader's)."""
        return pick(self.texts(field), language, original=self.original_language)

    @property
    def missing_languages(self) -> list[str]:
        return missing_languages(self.texts(field) for field in self.translated_fields)

    @property
    def missing_language_names(self) -> list[str]:
        """The missing languages named in the reader's language, for the editor's "Missing:" list."""
        return [language_name(language) for language in self.missing_languages]
