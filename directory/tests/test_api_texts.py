"""Names and texts written in several languages: the API answers in the request's language and gives every language.

``name`` and ``description`` are for display, in the language the request asks for
(Accept-Language) with the pages' fallback (English, then the original); ``names`` and ``descriptions``
hold every language written, for clients that keep their own copy.
"""

from django.urls import reverse

from api.tests.world import api_client, token_for


def _directory(world, language: str) -> dict:
    client = api_client(token_for(world.users["manager_d1"]))
    response = client.get(reverse("api:directory-detail", args=[world.d1.slug]), HTTP_ACCEPT_LANGUAGE=language)
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
    assert _directory(world, "ar")["name"] == "OAS network"


def test_a_directory_gives_every_language_written(world):
    _translate_d1(world)
    body = _directory(world, "es")
    assert body["original_language"] == "en"
    assert body["names"] == {"en": "OAS network", "fr": "Annuaire un"}
    assert body["descriptions"] == {"en": "The first.", "fr": "Le premier."}
