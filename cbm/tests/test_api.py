"""The CBM status through the API: every participating State and measure, and measures' texts in the
request's language."""

from django.urls import reverse

from api.tests.world import api_client, token_for
from cbm.models import Measure


def test_the_cbm_status_lists_every_participating_state_and_measure(world):
    response = api_client(token_for(world.users["manager_d1"])).get(
        reverse("api:cbm-status-detail", args=[world.d1.slug])
    )
    body = response.json()
    assert [measure["number"] for measure in body["measures"]] == [1, 2, 3, 4, 5, 6]
    assert sorted(state["state"] for state in body["states"]) == ["ARG", "MEX"]
    mexico = next(state for state in body["states"] if state["state"] == "MEX")
    first = mexico["measures"][0]
    assert first["number"] == 1 and first["derived"] is True


def test_a_directory_without_a_catalogue_says_so(world):
    response = api_client(token_for(world.users["manager_d2"])).get(
        reverse("api:cbm-status-detail", args=[world.d2.slug])
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "This directory has no catalogue of confidence-building measures."}


def test_a_measure_reads_in_the_language_of_the_request_and_gives_every_language(world):
    client = api_client(token_for(world.users["manager_d1"]))
    url = reverse("api:cbm-status-detail", args=[world.d1.slug])
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
    russian = client.get(reverse("api:cbm-status-detail", args=[world.d1.slug]), HTTP_ACCEPT_LANGUAGE="ru").json()
    assert russian["measures"][1]["text"].startswith("Identify a national point of contact")
