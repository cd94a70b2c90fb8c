"""Policy documents through the API, as each role may see them."""

from django.urls import reverse

from api.tests.world import api_client, token_for


def rows(world, role: str, url_name: str, **query) -> list[dict]:
    response = api_client(token_for(world.users[role])).get(reverse(url_name), query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_participants_only_document_is_not_listed_for_an_outside_state(world):
    assert {row["name"] for row in rows(world, "poc_b", "api:document-list")} >= {"Plan Reservado Alfa"}
    names = {row["name"] for row in rows(world, "poc_c", "api:document-list")}
    assert "Plan Reservado Alfa" not in names
    assert "Estrategia Alfa" in names


def test_documents_are_found_by_a_word_with_or_without_accents(world):
    assert [row["name"] for row in rows(world, "manager_d1", "api:document-list", q="reservado")] == [
        "Plan Reservado Alfa"
    ]
