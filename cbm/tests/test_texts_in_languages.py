"""A manager writes the catalogue's name and introduction and each measure's text in several languages."""

from django.test import Client
from django.urls import reverse

from cbm.defaults import OAS_CYBER_CBMS
from cbm.models import Measure
from cbm.tests.test_dashboard import _client, _csv
from enlace.translated_texts import text_languages


def _measure_form(**texts) -> dict:
    return {"original_language": "es", **texts}


def _without(measure: Measure, language: str) -> None:
    """The measure as if no one had written it in ``language``."""
    measure.text_translations = {code: text for code, text in measure.text_translations.items() if code != language}
    measure.save()


def test_a_manager_writes_a_measures_text_in_french(network, catalogue):
    url = reverse("cbm:edit_measure", args=["oas", 4])
    measure = catalogue.measures.get(number=4)
    data = _measure_form(text_es=measure.text, text_en=measure.texts("text")["en"], text_fr="Renforcer les capacités.")
    response = _client(network.manager).post(url, data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.texts("text")["fr"] == "Renforcer les capacités."
    assert measure.text.startswith("Ampliar y reforzar")


def test_a_french_reader_of_the_public_page_reads_the_french_text_and_an_arabic_reader_the_english(network, catalogue):
    measure = catalogue.measures.get(number=4)
    measure.text_translations = {"en": measure.texts("text")["en"], "fr": "Renforcer les capacités."}
    measure.save()
    french = Client().get(reverse("cbm:public", args=["oas"]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Renforcer les capacités." in french
    arabic = Client().get(reverse("cbm:public", args=["oas"]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "Expand and strengthen capacity building" in arabic


def test_the_counts_export_gives_the_readers_language(network, catalogue):
    response = _client(network.manager).get(
        reverse("cbm:csv", args=["oas"]), {"part": "summary"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert _csv(response)[4][1].startswith("Ampliar y reforzar")


def test_a_manager_names_and_introduces_the_catalogue(network, catalogue):
    url = reverse("cbm:edit_catalogue", args=["oas"])
    data = {"original_language": "en", "name_en": "OAS cyber CBMs", "name_es": "MFC cibernéticas de la OEA"}
    assert _client(network.manager).post(url, {**data, "description_en": "As agreed in 2017."}).status_code == 302
    catalogue.refresh_from_db()
    assert catalogue.texts("name") == {"en": "OAS cyber CBMs", "es": "MFC cibernéticas de la OEA"}
    spanish = Client().get(reverse("cbm:public", args=["oas"]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "<h1>MFC cibernéticas de la OEA" in spanish
    assert "As agreed in 2017." in spanish


def test_a_catalogue_without_a_name_keeps_the_usual_title(network, catalogue):
    body = Client().get(reverse("cbm:public", args=["oas"]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Mesures de confiance" in body


def test_a_measures_text_in_its_original_language_is_required(network, catalogue):
    url = reverse("cbm:edit_measure", args=["oas", 4])
    response = _client(network.manager).post(url, _measure_form(text_en="Only English"))
    assert "Write this text in the original language (Spanish)" in response.content.decode()


def test_the_manager_sees_which_languages_each_measure_lacks_and_the_public_does_not(network, catalogue):
    for measure in catalogue.measures.all():
        _without(measure, "fr")
    body = _client(network.manager).get(reverse("cbm:dashboard", args=["oas"])).content.decode()
    assert body.count('<span class="badge text-bg-warning">French</span>') == 6
    assert reverse("cbm:edit_measure", args=["oas", 4]) in body
    public = Client().get(reverse("cbm:public", args=["oas"])).content.decode()
    assert "Missing languages:" not in public


def test_the_measure_editor_lists_the_missing_languages(network, catalogue):
    _without(catalogue.measures.get(number=4), "ru")
    body = _client(network.manager).get(reverse("cbm:edit_measure", args=["oas", 4])).content.decode()
    assert "Missing languages:" in body
    assert '<span class="badge text-bg-warning">Spanish</span>' not in body
    assert '<span class="badge text-bg-warning">Russian</span>' in body


def test_a_newly_installed_catalogues_measures_are_written_in_every_language(network, catalogue):
    languages = {measure.number: sorted(measure.texts("text")) for measure in catalogue.measures.all()}
    assert languages == {number: sorted(text_languages()) for number in range(1, 7)}


def test_a_french_reader_of_the_cbm_page_reads_each_measure_in_french_not_marked_as_a_fallback(network, catalogue):
    body = Client().get(reverse("cbm:public", args=["oas"]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert [default.number for default in OAS_CYBER_CBMS if default.texts["fr"] in body] == [1, 2, 3, 4, 5, 6]
    assert '<span lang="en"' not in body
