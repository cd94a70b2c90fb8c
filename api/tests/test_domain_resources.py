"""Policy documents, CBM status and communication envelopes through the API, as each role may see them."""

from django.urls import reverse

from api.tests.conftest import api_client, token_for


def rows(world, role: str, url_name: str, **query) -> list[dict]:
    response = api_client(token_for(world.users[role])).get(reverse(url_name), query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_communication_envelopes_reach_the_two_states_and_never_carry_content(world):
    for role in ("poc_a", "poc_b", "coord_a"):
        (envelope,) = [row for row in rows(world, role, "api:communication-list") if row["tlp"] == "green"]
        assert (envelope["sender_state"], envelope["recipient_state"], envelope["tlp"]) == ("MEX", "ARG", "green")
        assert "content" not in envelope
    for role in ("manager_d1", "manager_d2", "poc_c", "coord_c"):
        assert rows(world, role, "api:communication-list") == [], role


def test_an_amber_envelope_reaches_its_senders_side_not_the_recipient_states_other_pocs(world):
    for role in ("poc_a", "coord_a"):
        assert "amber" in {row["tlp"] for row in rows(world, role, "api:communication-list")}, role
    assert {row["tlp"] for row in rows(world, "poc_b", "api:communication-list")} == {"green"}


def test_a_participants_only_document_is_not_listed_for_an_outside_state(world):
    assert {row["name"] for row in rows(world, "poc_b", "api:document-list")} >= {"Plan Reservado Alfa"}
    names = {row["name"] for row in rows(world, "poc_c", "api:document-list")}
    assert "Plan Reservado Alfa" not in names
    assert "Estrategia Alfa" in names


def test_documents_are_found_by_a_word_with_or_without_accents(world):
    assert [row["name"] for row in rows(world, "manager_d1", "api:document-list", q="reservado")] == [
        "Plan Reservado Alfa"
    ]


def test_the_cbm_status_lists_every_participating_state_and_measure(world):
    response = api_client(token_for(world.users["manager_d1"])).get(reverse("api:cbm-status-detail", args=["d1"]))
    body = response.json()
    assert [measure["number"] for measure in body["measures"]] == [1, 2, 3, 4, 5, 6]
    assert sorted(state["state"] for state in body["states"]) == ["ARG", "MEX"]
    mexico = next(state for state in body["states"] if state["state"] == "MEX")
    first = mexico["measures"][0]
    assert first["number"] == 1 and first["derived"] is True


def test_a_directory_without_a_catalogue_says_so(world):
    response = api_client(token_for(world.users["manager_d2"])).get(reverse("api:cbm-status-detail", args=["d2"]))
    assert response.status_code == 404
    assert response.json() == {"detail": "This directory has no catalogue of confidence-building measures."}
