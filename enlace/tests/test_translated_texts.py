"""The one rule for which text of several languages a reader sees."""

import pytest
from django.utils import translation

from directory.models import Directory
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


def _network() -> Directory:
    return Directory(
        name="Red de puntos de contacto",
        original_language="es",
        name_translations={"en": "Network of points of contact", "fr": "Réseau de points de contact"},
        description="Quién responde por cada Estado.",
    )


def test_a_records_text_for_the_reader_follows_the_language_active_at_each_use():
    directory = _network()
    with translation.override("fr"):
        assert directory.for_reader.name == "Réseau de points de contact"
    with translation.override("ar"):
        assert directory.for_reader.name == "Network of points of contact"


def test_a_records_text_for_the_reader_is_marked_on_a_page_only_where_it_falls_back():
    directory = _network()
    with translation.override("fr"):
        assert directory.for_reader.name.marked == "Réseau de points de contact"
        assert directory.for_reader.description.marked == (
            '<span lang="es" dir="ltr">Quién responde por cada Estado.</span>'
        )


def test_only_the_texts_written_in_several_languages_are_for_the_reader():
    with pytest.raises(AttributeError):
        getattr(_network().for_reader, "managing_body")  # noqa: B009  (as a template would look it up)
