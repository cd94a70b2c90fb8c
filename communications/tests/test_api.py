"""Communication envelopes through the API, as each role may see them."""

from django.urls import reverse

from api.tests.world import api_client, token_for


def rows(world, role: str, url_name: str, **query) -> list[dict]:
    response = api_client(token_for(world.users[role])).get(reverse(url_name), query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_communication_envelopes_reach_the_two_states_and_never_carry_content(world):
    for role in ("poc_a", "poc_b", "coord_a"):
        (envelope,) = [
            row
            for row in rows(world, role, "api:communication-list")
            if row["tlp"] == "green" and not row["is_exercise"]
        ]
        assert (envelope["sender_state"], envelope["recipient_state"], envelope["tlp"]) == ("MEX", "ARG", "green")
        assert "content" not in envelope
    for role in ("manager_d1", "manager_d2", "poc_c", "coord_c"):
        assert rows(world, role, "api:communication-list") == [], role


def test_an_amber_envelope_reaches_its_senders_side_not_the_recipient_states_other_pocs(world):
    for role in ("poc_a", "coord_a"):
        assert "amber" in {row["tlp"] for row in rows(world, role, "api:communication-list")}, role
    assert {row["tlp"] for row in rows(world, "poc_b", "api:communication-list")} == {"green"}
