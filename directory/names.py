"""Names of States and languages in the reader's language.

States are named as the UN names them: its short names in the six official UN
languages (``data/un_state_names.csv``, from the UN Statistics Division's M49
pages), Portuguese from the Unicode CLDR through Babel, and the UN English name
for any other language. Lists of States follow each language's collation (Côte
d'Ivoire after Costa Rica, Chinese by pinyin): the order of every language's
list is computed once, with ICU, and kept beside the names
(``data/state_name_order.json``, written by ``scripts/collate-state-names``),
so that sorting is a dictionary look-up and needs no ICU at run time. Both
files are read once per process.

Language names come from CLDR, sorted in the reader's alphabetical order
(``enlace.alphabetical``); ISO 639 codes are checked against pycountry's copy
of the ISO tables.
"""

import csv
import json
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

from enlace import alphabetical

DATA = Path(__file__).parent / "data"
UN_STATE_NAMES_FILE = DATA / "un_state_names.csv"
STATE_NAME_ORDER_FILE = DATA / "state_name_order.json"

#: The six official UN languages, as the interface's language codes: the columns of the names file.
UN_LANGUAGES = ("en", "fr", "es", "ru", "zh-hans", "ar")
#: Languages the interface offers that are not UN languages: their State names come from CLDR.
CLDR_LANGUAGES = ("pt",)


@cache
def _locale(language_code: str) -> Locale:
    try:
        return Locale.parse(language_code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def current_locale() -> Locale:
    return _locale(get_language() or "en")


def _names_language(language_code: str) -> str:
    """The language of the names file (or of CLDR) the interface's language reads State names in."""
    code = (language_code or "en").lower()
    for candidate in (code, code.split("-")[0]):
        if candidate in UN_LANGUAGES or candidate in CLDR_LANGUAGES:
            return candidate
    if code.startswith("zh"):
        return "zh-hans"
    return "en"


@cache
def un_state_names() -> dict[str, dict[str, str]]:
    """{alpha-2 code: {UN language: short name}} of every UN Member and observer State."""
    with UN_STATE_NAMES_FILE.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {
            pycountry.countries.get(alpha_3=row["iso3"]).alpha_2: {language: row[language] for language in UN_LANGUAGES}
            for row in rows
        }


@cache
def state_names_in(language: str) -> dict[str, str]:
    """{alpha-2 code: name} of every UN State in one language of the names file or of CLDR."""
    if language in UN_LANGUAGES:
        return {iso2: names[language] for iso2, names in un_state_names().items()}
    territories = _locale(language).territories
    english = state_names_in("en")
    return {iso2: territories.get(iso2) or english[iso2] for iso2 in english}


@cache
def _rank_in(language: str) -> dict[str, int]:
    with STATE_NAME_ORDER_FILE.open(encoding="utf-8") as handle:
        order = json.load(handle)[language]
    return {pycountry.countries.get(alpha_3=iso3).alpha_2: rank for rank, iso3 in enumerate(order)}


def state_name(iso2: str, fallback: str) -> str:
    """The State's name in the reader's language; ``fallback`` (its English name) for a code the UN list lacks."""
    return state_names_in(_names_language(get_language())).get(iso2) or fallback


def state_sort_key(iso2: str, name: str) -> tuple[int, tuple]:
    """Where a State comes in a list sorted by name in the reader's language.

    ``name`` (the State's name as shown) orders only a State outside the UN list, after all of it.
    """
    rank = _rank_in(_names_language(get_language()))
    position = rank.get(iso2)
    return (position, ()) if position is not None else (len(rank), alphabetical.sort_key(name))


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
    """(code, localised name) pairs in the reader's alphabetical order; all two-letter languages unless ``codes``
    is given."""
    choices = [(code, language_name(code)) for code in (codes if codes is not None else _language_codes())]
    return alphabetical.sorted_alphabetically(choices, key=lambda choice: choice[1])
