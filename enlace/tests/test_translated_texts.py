"""The one rule for which text of several languages a reader sees."""

from django.utils import translation

from enlace.translated_texts import marked, missing_languages, pick

TEXTS = {"es": "Red", "en": "Network", "fr": "Réseau"}


def test_a_reader_gets_the_text_in_its_own_language():
    assert pick(TEXTS, "fr") == "Réseau"
    assert pick(TEXTS, "es-MX") == "Red"


def test_a_reader_of_a_language_without_a_text_gets_english_then_the_original():
    assert pick(TEXTS, "ar", original="es") == "Network"
    assert pick({"es": "Red", "fr": "Réseau"}, "ar", original="es") == "Red"


def test_the_active_language_is_the_readers_by_default():
    with translation.override("fr"):
        assert pick(TEXTS) == "Réseau"


def test_a_language_is_missing_when_a_written_text_lacks_it_and_empty_texts_ask_for_nothing():
    assert missing_languages([TEXTS, {"en": "Who answers"}]) == ["es", "fr", "ar", "ru", "zh-hans", "pt"]
    assert missing_languages([TEXTS, {}]) == ["ar", "ru", "zh-hans", "pt"]


def test_a_text_shown_in_another_language_than_the_readers_is_marked_with_its_language():
    with translation.override("fr"):
        assert marked("fr", "Points de <contact>") == "Points de &lt;contact&gt;"
        assert marked("en", "Points of contact") == '<span lang="en" dir="ltr">Points of contact</span>'
        assert marked("ar", "نقاط الاتصال") == '<span lang="ar" dir="rtl">نقاط الاتصال</span>'
        assert marked("", "") == ""
