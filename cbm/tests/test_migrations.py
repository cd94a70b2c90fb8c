"""The migrations to texts in several languages keep what was written, and going back restores it; the default
measures installed before they were translated get the languages they lack, and nothing someone wrote changes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cbm.defaults import OAS_CYBER_CBMS

BEFORE = [("cbm", "0001_initial"), ("directory", "0010_search_text_statistics")]
AFTER = [("cbm", "0002_texts_in_languages"), ("directory", "0012_texts_in_languages")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_existing_names_and_measure_texts_become_the_original_language_texts_and_come_back(before):
    Directory = before.get_model("directory", "Directory")
    Catalogue = before.get_model("cbm", "Catalogue")
    Measure = before.get_model("cbm", "Measure")
    directory = Directory.objects.create(slug="oas", name="Red de la OEA", description="Puntos de contacto")
    catalogue = Catalogue.objects.create(directory=directory)
    Measure.objects.create(
        catalogue=catalogue, number=1, text_es="Proporcionar información", text_en="Provide information"
    )

    after = _migrate(AFTER)
    directory = after.get_model("directory", "Directory").objects.get(slug="oas")
    assert (directory.name, directory.description) == ("Red de la OEA", "Puntos de contacto")
    assert (directory.original_language, directory.name_translations) == ("en", {})
    measure = after.get_model("cbm", "Measure").objects.get()
    assert (measure.original_language, measure.text) == ("es", "Proporcionar información")
    assert measure.text_translations == {"en": "Provide information"}

    back = _migrate(BEFORE)
    measure = back.get_model("cbm", "Measure").objects.get()
    assert (measure.text_es, measure.text_en) == ("Proporcionar información", "Provide information")
    assert back.get_model("directory", "Directory").objects.get().name == "Red de la OEA"


def _with_cbm_at(migration: str) -> list[tuple[str, str]]:
    """Every app at its latest migration, the CBM app at ``migration``."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [node for node in leaves if node[0] != "cbm"] + [("cbm", migration)]


@pytest.fixture
def installed_before(transactional_db):
    """The models as they were when a catalogue's default measures had only Spanish and English texts."""
    yield _migrate(_with_cbm_at("0002_texts_in_languages"))
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _measure_installed_before(apps, number: int, text: str, translations: dict[str, str]) -> None:
    directory, _created = apps.get_model("directory", "Directory").objects.get_or_create(slug="oas", name="OAS")
    catalogue, _created = apps.get_model("cbm", "Catalogue").objects.get_or_create(directory=directory)
    apps.get_model("cbm", "Measure").objects.create(
        catalogue=catalogue, number=number, original_language="es", text=text, text_translations=translations
    )


def _texts_after_filling(number: int) -> dict[str, str]:
    after = _migrate(_with_cbm_at("0003_default_measures_in_every_language"))
    measure = after.get_model("cbm", "Measure").objects.get(number=number)
    return {**measure.text_translations, measure.original_language: measure.text}


def test_an_untouched_default_measure_gets_every_language_it_lacked(installed_before):
    default = OAS_CYBER_CBMS[3]
    _measure_installed_before(installed_before, 4, default.text, {"en": default.texts["en"]})
    assert _texts_after_filling(4) == default.texts


def test_a_measure_whose_spanish_text_was_edited_keeps_only_its_own_texts(installed_before):
    english = OAS_CYBER_CBMS[3].texts["en"]
    _measure_installed_before(installed_before, 4, "Ampliar la formación en ciberdiplomacia.", {"en": english})
    assert _texts_after_filling(4) == {"es": "Ampliar la formación en ciberdiplomacia.", "en": english}


def test_a_translation_written_for_an_untouched_default_measure_is_kept(installed_before):
    default = OAS_CYBER_CBMS[3]
    written = {"en": "Build capacity in cyber diplomacy.", "fr": "Renforcer les capacités."}
    _measure_installed_before(installed_before, 4, default.text, written)
    assert _texts_after_filling(4) == {**default.texts, **written}
