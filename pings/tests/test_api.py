"""Ping rounds' results through the API, as each role may see them."""

from django.urls import reverse

from api.tests.world import api_client, token_for


def test_a_coordinator_sees_only_its_own_states_ping_results(api_world):
    from pings.services import start_round

    ping_round = start_round(api_world.directory, trigger="manual")
    manager = api_client(token_for(api_world.manager)).get(reverse("api:ping-round-results", args=[ping_round.code]))
    coordinator = api_client(token_for(api_world.coordinator_mex)).get(
        reverse("api:ping-round-results", args=[ping_round.code])
    )
    assert manager.json()["total"]["pinged"] == 2
    assert coordinator.json()["total"]["pinged"] == 1
    assert [group["label"] for group in coordinator.json()["by_state"]] == ["Mexico"]
    assert (
        api_client(token_for(api_world.poc_arg))
        .get(reverse("api:ping-round-results", args=[ping_round.code]))
        .status_code
        == 404
    )
