"""Editing a text in every interface language: one box per language, English first.

The communication template editor (``communication_templates.forms``) and the editors of directories and CBM
catalogues (``directory.forms``, ``cbm.forms``) share these boxes, named ``<text>_<language>``
(``name_zh_hans``), each marked with its ``lang`` so that browsers and screen readers read it right.
"""

from collections.abc import Sequence

from django import forms
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from enlace.translated_texts import ENGLISH, LocalText, WrittenInLanguages, text_languages


def suffix(language: str) -> str:
    return language.replace("-", "_")


def language_label(language: str) -> str:
    """The language's name in the reader's language, and in its own when they differ: "Spanish (español)"."""
    info = get_language_info(language)
    translated, local = str(info["name_translated"]), info["name_local"]
    return translated if translated.casefold() == local.casefold() else f"{translated} ({local})"


class TranslatedTextsMixin:
    """Adds ``<name>_<language>`` fields for a text in every interface language, English first."""

    def add_text_fields(
        self, name: str, label, *, max_length: int | None, required: bool, textarea: bool = False
    ) -> None:
        """``required`` makes the English box required (a text whose original is always English)."""
        for language in text_languages():
            widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
            self.fields[f"{name}_{suffix(language)}"] = forms.CharField(
                label=_("%(text)s (%(language)s)")
                % {"text": label, "language": get_language_info(language)["name_translated"]},
                max_length=max_length,
                required=required and language == ENGLISH,
                widget=widget,
            )
            self.fields[f"{name}_{suffix(language)}"].widget.attrs["lang"] = language

    def local_text(self, name: str) -> dict[str, str]:
        texts = {}
        for language in text_languages():
            value = (self.cleaned_data.get(f"{name}_{suffix(language)}") or "").strip()
            if value:
                texts[language] = value
        return texts

    def check_english(self, name: str) -> None:
        """A translation without the English text it translates is refused."""
        english = f"{name}_{ENGLISH}"
        if self.cleaned_data.get(english, "").strip() or english in self.errors:
            return
        if any((self.cleaned_data.get(f"{name}_{suffix(language)}") or "").strip() for language in text_languages()):
            self.add_error(english, _("Write the English text too: the translations are of it."))

    def text_initial(self, name: str, text: LocalText) -> dict[str, str]:
        return {f"{name}_{suffix(language)}": value for language, value in text.items()}

    def bound_texts(self, names: Sequence[str], language: str) -> list:
        return [self[f"{name}_{suffix(language)}"] for name in names]


class WrittenInLanguagesForm(TranslatedTextsMixin, forms.ModelForm):
    """A model form for a ``WrittenInLanguages`` model: its original language and each text in every language.

    ``TEXTS`` maps each translated field to (label, maximum length, required, several lines). The
    text in the original language is required where the field is; the others may wait.
    """

    TEXTS: dict[str, tuple] = {}

    original_language = forms.ChoiceField(
        label=gettext_lazy("Original language"),
        help_text=gettext_lazy(
            "The language the texts were first written in. "
            "Readers of a language without its own text see the English text, else this one."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance: WrittenInLanguages = self.instance
        self.fields["original_language"].choices = [(code, language_label(code)) for code in text_languages()]
        self.initial.setdefault("original_language", instance.original_language)
        for name, (label, max_length, _required, textarea) in self.TEXTS.items():
            self.add_text_fields(name, label, max_length=max_length, required=False, textarea=textarea)
            for key, value in self.text_initial(name, instance.texts(name)).items():
                self.initial.setdefault(key, value)

    @property
    def languages(self) -> list[tuple[str, str, list]]:
        """(language code, name, bound fields) for each language, English first."""
        return [(code, language_label(code), self.bound_texts(list(self.TEXTS), code)) for code in text_languages()]

    @property
    def other_fields(self) -> list:
        """The form's visible fields other than the texts and their original language."""
        texts = {"original_language"} | {
            f"{name}_{suffix(language)}" for name in self.TEXTS for language in text_languages()
        }
        return [field for field in self.visible_fields() if field.name not in texts]

    def clean(self) -> dict:
        cleaned = super().clean()
        original = cleaned.get("original_language")
        if not original:
            return cleaned
        for name, (_label, _max_length, required, _textarea) in self.TEXTS.items():
            box = f"{name}_{suffix(original)}"
            if box in self.errors:
                continue
            texts = self.local_text(name)
            if (required or texts) and not texts.get(original):
                self.add_error(
                    box,
                    _("Write this text in the original language (%(language)s), or choose another original language.")
                    % {"language": get_language_info(original)["name_translated"]},
                )
        if not self.errors:
            # The instance holds the texts as they will be saved, for the model's own checks and for save().
            self.instance.original_language = original
            for name in self.TEXTS:
                self.instance.set_texts(name, self.local_text(name))
        return cleaned
