"""Pages of the directory lists served again from the shared cache, never to the wrong caller, never stale."""

from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleAssignment
from accounts.principal import principal_for
from api.models import ApiToken
from api.tests.conftest import api_client, token_for
from directory.models import Nomination
from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory, point_of_contact, state

LIST = reverse("api:nomination-list")


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["contact_name"] for row in response.json()["results"])


def test_a_page_read_again_costs_only_the_statement_of_the_token_with_the_callers_rights(
    api_world, shared_cache, django_assert_num_queries
):
    client = api_client(token_for(api_world.manager))
    first = client.get(LIST)
    with django_assert_num_queries(1):  # the token with its user and the user's roles
        again = client.get(LIST)
    assert (again.content, again["Content-Type"]) == (first.content, first["Content-Type"])
    assert names(again) == ["Mesa de Guardia", "Pablo Sosa"]


def test_a_kept_page_is_read_in_the_round_trip_of_the_rate_limits_counters(api_world, shared_cache, monkeypatch):
    from enlace import redis_calls

    client = api_client(token_for(api_world.manager))
    first = client.get(LIST)

    def another_round_trip(*args, **kwargs):
        raise AssertionError("the kept page was read in a round trip of its own")

    monkeypatch.setattr(redis_calls, "get_many", another_round_trip)
    assert client.get(LIST).content == first.content


def test_an_indented_page_is_kept_apart_from_the_compact_one(api_world, shared_cache):
    client = api_client(token_for(api_world.manager))
    compact = client.get(LIST)
    for _ in range(2):
        indented = client.get(LIST, headers={"Accept": "application/json; indent=2"})
        assert indented.content.startswith(b'{\n  "next"')
        assert indented.json() == compact.json()
    assert client.get(LIST).content == compact.content


def test_without_a_shared_cache_every_page_is_built_afresh(api_world, settings, django_assert_num_queries):
    settings.REDIS_URL = ""
    client = api_client(token_for(api_world.manager))
    client.get(LIST)
    with django_assert_num_queries(2):  # the token with the caller's rights; the page
        client.get(LIST)


def test_a_change_to_the_directory_shows_on_the_next_read(api_world, shared_cache):
    client = api_client(token_for(api_world.manager))
    assert names(client.get(LIST)) == ["Mesa de Guardia", "Pablo Sosa"]

    api_world.argentine.name = "Pablo Sosa-Ríos"
    api_world.argentine.save()
    assert names(client.get(LIST)) == ["Mesa de Guardia", "Pablo Sosa-Ríos"]

    newcomer = ContactFactory(institution=InstitutionFactory(state=state("ARG")), name="Ana Ruiz")
    NominationFactory(directory=api_world.directory, contact=newcomer)
    assert names(client.get(LIST)) == ["Ana Ruiz", "Mesa de Guardia", "Pablo Sosa-Ríos"]


def test_each_caller_gets_the_page_its_own_rights_allow(api_world, shared_cache):
    callers = [api_world.manager, api_world.coordinator_mex, api_world.poc_arg, point_of_contact(api_world.kenyan)]
    for caller in callers:  # the same address, asked for by each after the others' pages were kept
        page = api_client(token_for(caller)).get(LIST).json()["results"]
        visible = Nomination.objects.restrict(principal_for(caller), "view").values_list("code", flat=True)
        assert sorted(row["code"] for row in page) == sorted(str(code) for code in visible)
    assert names(api_client(token_for(callers[-1])).get(LIST)) == ["Wanjiru Otieno"]


def test_a_withdrawn_role_takes_effect_on_the_next_read_of_a_kept_page(api_world, shared_cache):
    client = api_client(token_for(api_world.coordinator_mex))
    assert names(client.get(LIST)) == ["Mesa de Guardia", "Pablo Sosa"]
    RoleAssignment.objects.filter(user=api_world.coordinator_mex).delete()
    assert client.get(LIST).status_code == 200
    assert names(client.get(LIST)) == []


def test_a_revoked_token_is_refused_even_when_its_page_is_kept(api_world, shared_cache):
    secret = token_for(api_world.manager)
    client = api_client(secret)
    assert client.get(LIST).status_code == 200
    ApiToken.objects.filter(user=api_world.manager).update(revoked_at=timezone.now())
    refused = client.get(LIST)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "This token was revoked."}


def test_each_cursor_and_filter_is_a_page_of_its_own(api_world, shared_cache):
    client = api_client(token_for(api_world.manager))
    first = client.get(LIST, {"page_size": 1}).json()
    second = client.get(first["next"]).json()
    assert first["results"] != second["results"]
    assert client.get(LIST, {"page_size": 1}).json() == first
    assert names(client.get(LIST, {"state": "ARG"})) == ["Pablo Sosa"]
