"""States are named as the UN names them, in each UN language, and listed in each language's alphabetical order."""

import pytest
from django.db import connection
from django.utils import translation

from directory import collation, names
from directory.models import State, sorted_by_name
from directory.reference_data import load_states
from directory.search import matching_state_codes
from enlace.testing.factories import state

HARD_CASES = {
    "BO": {
        "en": "Bolivia (Plurinational State of)",
        "fr": "Bolivie (État plurinational de)",
        "es": "Bolivia (Estado Plurinacional de)",
        "ru": "Боливия (Многонациональное Государство)",
        "zh-hans": "多民族玻利维亚国",
        "ar": "بوليفيا (دولة - المتعددة القوميات)",
    },
    "RU": {"en": "Russian Federation", "fr": "Fédération de Russie", "es": "Federación de Rusia"},
    "TR": {"en": "Türkiye", "fr": "Türkiye", "es": "Türkiye", "ru": "Турция", "zh-hans": "土耳其"},
    "GB": {
        "en": "United Kingdom of Great Britain and Northern Ireland",
        "fr": "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord",
        "zh-hans": "大不列颠及北爱尔兰联合王国",
    },
    "CI": {"en": "Côte d’Ivoire", "fr": "Côte d’Ivoire", "es": "Côte d’Ivoire", "ru": "Кот-д'Ивуар"},
    "IR": {
        "en": "Iran (Islamic Republic of)",
        "fr": "Iran (République islamique d’)",
        "ar": "إيران (جمهورية - الإسلامية)",
    },
    "KR": {"en": "Republic of Korea", "es": "República de Corea", "zh-hans": "大韩民国"},
    "KP": {"en": "Democratic People's Republic of Korea", "ru": "Корейская Народно-Демократическая Республика"},
    "VE": {"en": "Venezuela (Bolivarian Republic of)", "es": "Venezuela (República Bolivariana de)"},
    "TZ": {"en": "United Republic of Tanzania", "fr": "République-Unie de Tanzanie"},
    "SY": {"en": "Syrian Arab Republic", "ar": "الجمهورية العربية السورية"},
    "VN": {"en": "Viet Nam", "fr": "Viet Nam", "es": "Viet Nam", "ru": "Вьетнам"},
    "LA": {"en": "Lao People's Democratic Republic", "zh-hans": "老挝人民民主共和国"},
    "MD": {"en": "Republic of Moldova", "ru": "Республика Молдова"},
    "FM": {"en": "Micronesia (Federated States of)", "fr": "Micronésie (États fédérés de)"},
    "NL": {"en": "Netherlands (Kingdom of the)", "fr": "Pays-Bas (Royaume des)", "es": "Países Bajos (Reino de los)"},
    "VA": {"en": "Holy See", "fr": "Saint-Siège", "es": "Santa Sede", "zh-hans": "教廷"},
    "PS": {"en": "State of Palestine", "fr": "État de Palestine", "ar": "دولة فلسطين"},
}


@pytest.fixture(autouse=True)
def every_un_state(db):
    """Every UN State, as migrating gives them: a browser test before this one may have emptied the table."""
    load_states()


def iso3_of(*iso2: str) -> list[str]:
    return [state(code).iso3 for code in iso2]


@pytest.mark.parametrize(
    ("iso2", "language", "expected"),
    [(iso2, language, name) for iso2, by_language in HARD_CASES.items() for language, name in by_language.items()],
)
def test_a_state_is_named_by_its_un_short_name_in_each_un_language(iso2, language, expected):
    with translation.override(language):
        assert names.state_name(iso2, "?") == expected


def test_every_un_state_has_a_name_in_each_of_the_six_un_languages(db):
    table = names.un_state_names()
    assert set(table) == set(State.objects.values_list("iso2", flat=True))
    assert all(name.strip() == name and name for row in table.values() for name in row.values())
    assert all(set(row) == set(names.UN_LANGUAGES) for row in table.values())


def test_in_portuguese_state_names_come_from_cldr():
    with translation.override("pt"):
        assert names.state_name("CI", "?") == "Costa do Marfim"
        assert names.state_name("DE", "?") == "Alemanha"


def test_a_language_the_un_does_not_use_reads_the_un_english_names():
    with translation.override("de"):
        assert names.state_name("BO", "?") == "Bolivia (Plurinational State of)"


def test_a_state_outside_the_un_list_keeps_its_stored_name():
    with translation.override("fr"):
        assert names.state_name("XK", "Kosovo") == "Kosovo"


def test_the_english_name_column_holds_the_un_english_short_name(db):
    assert state("TUR").english_name == "Türkiye"
    assert state("GBR").english_name == "United Kingdom of Great Britain and Northern Ireland"
    assert state("BOL").english_name == "Bolivia (Plurinational State of)"


def test_a_state_reads_as_its_un_name_in_the_readers_language(db):
    with translation.override("es"):
        assert str(state("NLD")) == "Países Bajos (Reino de los)"


def sorted_codes(language: str, iso3s: list[str]) -> list[str]:
    with translation.override(language):
        return [found.iso3 for found in sorted_by_name(State.objects.filter(iso3__in=iso3s))]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_cote_divoire_comes_after_costa_rica_the_accent_counting_only_after_the_letters(db, language):
    assert sorted_codes(language, ["CIV", "CRI", "CUB", "HRV"])[:2] == ["CRI", "CIV"]


def test_in_english_turkiye_comes_before_turkmenistan_and_tuvalu(db):
    # By code point "ü" comes after every unaccented letter, so Türkiye would follow Tuvalu.
    assert sorted_codes("en", ["TUV", "TKM", "TUR"]) == ["TUR", "TKM", "TUV"]


def test_in_spanish_iran_comes_before_iraq(db):
    # "Irán (República Islámica del)", "Iraq", "Irlanda": by code point "á" would come after "q".
    assert sorted_codes("es", ["IRQ", "IRN", "IRL"]) == ["IRN", "IRQ", "IRL"]


def test_in_chinese_states_follow_the_pinyin_of_their_names(db):
    # 阿富汗 ā fù hàn, 巴西 bā xī, 中国 zhōng guó, 德国 dé guó, 法国 fǎ guó, 日本 rì běn
    assert sorted_codes("zh-hans", ["CHN", "JPN", "FRA", "DEU", "BRA", "AFG"]) == [
        "AFG",
        "BRA",
        "DEU",
        "FRA",
        "JPN",
        "CHN",
    ]


def test_in_arabic_states_follow_the_arabic_alphabet(db):
    # الإمارات العربية المتحدة, إيران (alif with hamza counts as alif), تونس, قطر, مصر: ا, ت, ق, م in the
    # alphabet's order. By code point إ (U+0625) sorts before ا (U+0627), and Iran would come first.
    expected = ["ARE", "IRN", "TUN", "QAT", "EGY"]
    assert sorted_codes("ar", ["EGY", "QAT", "TUN", "IRN", "ARE"]) == expected


def test_in_russian_states_follow_the_cyrillic_alphabet(db):
    # Австрия, Бразилия, Германия, Йемен, Российская Федерация, Япония
    assert sorted_codes("ru", ["JPN", "RUS", "YEM", "DEU", "BRA", "AUT"]) == ["AUT", "BRA", "DEU", "YEM", "RUS", "JPN"]


def test_a_state_outside_the_un_list_comes_after_the_un_states(db):
    kosovo = State(iso3="XKX", iso2="XK", english_name="Kosovo", un_status="member", region="europe")
    with translation.override("en"):
        assert sorted_by_name([kosovo, state("ZWE"), state("AFG")]) == [state("AFG"), state("ZWE"), kosovo]


def test_a_search_with_a_straight_apostrophe_finds_the_state_the_un_writes_with_a_curly_one(db):
    with translation.override("en"):
        assert "CI" in matching_state_codes("Côte d'Ivoire")


def test_a_search_by_a_states_everyday_name_finds_it(db):
    with translation.override("es"):
        assert matching_state_codes("Kenia") == ["KE"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ICU collations are PostgreSQL's")
def test_the_stored_order_is_what_icu_gives_for_the_names_of_today(db):
    # Fails when a name changed (the UN's file, or CLDR's Portuguese after a Babel upgrade) and
    # scripts/collate-state-names was not run.
    import json

    stored = json.loads(names.STATE_NAME_ORDER_FILE.read_text(encoding="utf-8"))
    with connection.cursor() as cursor:
        assert collation.state_name_orders(cursor) == stored
