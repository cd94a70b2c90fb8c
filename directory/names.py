"""Names of States and languages in the reader's language.

Names come from the Unicode CLDR through Babel, so every interface language
gets official, maintained names without a hand-made list; ISO 639 codes are
checked against pycountry's copy of the ISO tables.
"""

from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language


@cache
def _locale(language_code: str) -> Locale:
    try:
        return Locale.parse(language_code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def current_locale() -> Locale:
    return _locale(get_language() or "en")


def state_name(iso2: str, fallback: str) -> str:
    return current_locale().territories.get(iso2) or fallback


def normalise_language_code(code: str) -> str | None:
    """Return the canonical ISO 639 code (two letters where one exists), or None."""
    code = (code or "").strip().lower()
    if len(code) == 2:
        language = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        language = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    else:
        return None
    if language is None:
        return None
    return getattr(language, "alpha_2", None) or language.alpha_3


def language_name(code: str) -> str:
    name = current_locale().languages.get(code)
    if name:
        return name
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return language.name if language else code


@cache
def _language_codes() -> tuple[str, ...]:
    """Living languages with a two-letter code: the ones a contact can plausibly work in."""
    return tuple(sorted(language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")))


def language_choices(codes: set[str] | None = None) -> list[tuple[str, str]]:
    """(code, localised name) pairs, sorted by name; all two-letter languages unless ``codes`` is given."""
    choices = [(code, language_name(code)) for code in (codes if codes is not None else _language_codes())]
    return sorted(choices, key=lambda choice: choice[1].casefold())
