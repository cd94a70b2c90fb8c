"""Each language's alphabetical order, checked against ICU's order of the States' names kept as data."""

import itertools
import json

import pycountry
import pytest
from django.utils import translation

from directory import names
from enlace.alphabetical import sort_key, sorted_alphabetically

LANGUAGES = ["en", "fr", "es", "ru", "ar", "pt", "zh-hans"]


def _names_in(language: str) -> dict[str, str]:
    return {
        pycountry.countries.get(alpha_2=iso2).alpha_3: name for iso2, name in names.state_names_in(language).items()
    }


def _icu_order(language: str) -> list[str]:
    with names.STATE_NAME_ORDER_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)[language]


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "zh-hans"])
def test_the_states_names_come_in_the_order_icu_gives_them(language):
    state_names = _names_in(language)

    order = sorted_alphabetically(state_names, key=lambda iso3: state_names[iso3], language=language)

    assert order == _icu_order(language)


#: Names whose first character reads otherwise in the name than alone, and which ICU, reading one character at a
#: time, therefore files elsewhere: 秘鲁 (Peru) is "bì lǔ", not "mì lǔ".
READ_IN_CONTEXT = {"PER"}


def test_chinese_names_come_in_icus_pinyin_order_but_for_characters_of_one_syllable_and_tone():
    state_names = {iso3: name for iso3, name in _names_in("zh-hans").items() if iso3 not in READ_IN_CONTEXT}
    icu_order = [iso3 for iso3 in _icu_order("zh-hans") if iso3 not in READ_IN_CONTEXT]

    # Where two neighbours in ICU's order first differ, this order agrees on which comes first, unless the two
    # characters there share syllable and tone (ICU then has its own table, this order the code point).
    disagreements = []
    for first, second in itertools.pairwise(icu_order):
        key_of_first, key_of_second = sort_key(state_names[first], "zh-hans"), sort_key(state_names[second], "zh-hans")
        differing = next((pair for pair in zip(key_of_first, key_of_second, strict=False) if pair[0] != pair[1]), None)
        if differing is None:
            continue
        ours, theirs = differing
        if ours[:3] > theirs[:3]:
            disagreements.append((state_names[first], state_names[second]))

    assert disagreements == []
    # And such ties are rare: of 194 names, 7 stand elsewhere than in ICU's order (立/利, 莫/墨, 西/希).
    order = sorted_alphabetically(state_names, key=lambda iso3: state_names[iso3], language="zh-hans")
    assert sum(ours != theirs for ours, theirs in zip(order, icu_order, strict=True)) == 7


def test_accents_count_only_after_the_letters():
    assert sorted_alphabetically(["Czechia", "Côte d'Ivoire", "Costa Rica", "cuba"], language="fr") == [
        "Costa Rica",
        "Côte d'Ivoire",
        "cuba",
        "Czechia",
    ]


def test_spanish_n_with_tilde_is_a_letter_after_n():
    assert sorted_alphabetically(["ao", "año", "anzuelo", "Ñandú", "nube", "oso"], language="es") == [
        "anzuelo",
        "año",
        "ao",
        "nube",
        "Ñandú",
        "oso",
    ]


def test_other_languages_read_n_with_tilde_as_an_accented_n():
    assert sorted_alphabetically(["anzuelo", "año"], language="en") == ["año", "anzuelo"]


def test_arabic_alef_with_hamza_sorts_as_alef():
    # Ethiopia (إثيوبيا) before Azerbaijan (أذربيجان): ث comes before ذ, whatever the hamza.
    assert sorted_alphabetically(["أذربيجان", "إثيوبيا"], language="ar") == ["إثيوبيا", "أذربيجان"]


def test_chinese_reads_a_character_in_the_context_of_its_word():
    # 秘 is "mì" alone but "bì" in 秘鲁 (Peru), which therefore comes before 密 (mì).
    assert sorted_alphabetically(["密克罗尼西亚", "秘鲁"], language="zh-hans") == ["秘鲁", "密克罗尼西亚"]


def test_chinese_puts_latin_letters_before_characters():
    assert sorted_alphabetically(["阿根廷", "ABC"], language="zh-hans") == ["ABC", "阿根廷"]


def test_the_order_is_the_readers_language_by_default():
    with translation.override("es"):
        assert sorted_alphabetically(["año", "anzuelo"]) == ["anzuelo", "año"]
    with translation.override("en"):
        assert sorted_alphabetically(["año", "anzuelo"]) == ["año", "anzuelo"]


def test_language_names_are_listed_in_the_readers_alphabetical_order():
    with translation.override("fr"):
        labels = [label for _code, label in names.language_choices({"en", "et", "el", "es", "ee"})]

    # French names languages in lower case, and "éwé" and "estonien" are among the e's.
    assert labels == ["anglais", "espagnol", "estonien", "éwé", "grec"]
