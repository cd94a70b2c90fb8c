"""Names and texts written in several languages: the API answers in the request's language and gives every language.

``name``, ``description`` and a measure's ``text`` are for display, in the language the request asks for
(Accept-Language) with the pages' fallback (English, then the original); ``names``, ``descriptions`` and
``texts`` hold every language written, for clients that keep their own copy.
"""

from django.urls import reverse

from api.tests.conftest import api_client, token_for
from cbm.models import Measure


def _directory(world, language: str) -> dict:
    client = api_client(token_for(world.users["manager_d1"]))
    response = client.get(reverse("api:directory-detail", args=["d1"]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return response.json()


def _translate_d1(world) -> None:
    world.d1.name_translations = {"fr": "Annuaire un"}
    world.d1.description_translations = {"fr": "Le premier."}
    world.d1.description = "The first."
    world.d1.save()


def test_a_directory_is_named_in_the_language_of_the_request(world):
    _translate_d1(world)
    french = _directory(world, "fr")
    assert (french["name"], french["description"]) == ("Annuaire un", "Le premier.")
    assert _directory(world, "ar")["name"] == "Directory One"


def test_a_directory_gives_every_language_written(world):
    _translate_d1(world)
    body = _directory(world, "es")
    assert body["original_language"] == "en"
    assert body["names"] == {"en": "Directory One", "fr": "Annuaire un"}
    assert body["descriptions"] == {"en": "The first.", "fr": "Le premier."}


def test_a_measure_reads_in_the_language_of_the_request_and_gives_every_language(world):
    client = api_client(token_for(world.users["manager_d1"]))
    url = reverse("api:cbm-status-detail", args=["d1"])
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").json()["measures"][1]
    assert spanish["text"].startswith("Identificar un punto de contacto nacional")
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").json()["measures"][1]
    assert russian["text"].startswith("Определить национальный контактный пункт")
    assert russian["original_language"] == "es"
    assert set(russian["texts"]) == {"es", "en", "fr", "pt", "ar", "ru", "zh-hans"}


def test_a_measure_not_written_in_the_requests_language_reads_in_english(world):
    measure = Measure.objects.get(catalogue__directory=world.d1, number=2)
    measure.text_translations = {code: text for code, text in measure.text_translations.items() if code != "ru"}
    measure.save()
    client = api_client(token_for(world.users["manager_d1"]))
    russian = client.get(reverse("api:cbm-status-detail", args=["d1"]), HTTP_ACCEPT_LANGUAGE="ru").json()
    assert russian["measures"][1]["text"].startswith("Identify a national point of contact")
