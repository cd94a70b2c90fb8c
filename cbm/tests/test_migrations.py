"""The migrations to texts in several languages keep what was written, and going back restores it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

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
