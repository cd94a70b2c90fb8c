"""Personal API tokens: what a script may do with one, and what it is told when it may not."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.principal import principal_for
from accounts.tests.helpers import signed_in
from api.models import Access, ApiToken, token_for_secret
from api.tests.conftest import api_client, token_for
from directory.models import Nomination
from enlace.testing.factories import UserFactory, manager_of


def test_a_script_with_a_read_only_token_lists_nominations_and_is_refused_a_write(api_world):
    client = api_client(token_for(api_world.coordinator_mex))
    response = client.get(reverse("api:nomination-list"), {"directory": api_world.directory.slug})
    assert response.status_code == 200
    assert sorted(row["contact_name"] for row in response.json()["results"]) == ["Mesa de Guardia", "Pablo Sosa"]

    nomination = Nomination.objects.get(contact=api_world.desk)
    refused = client.post(reverse("api:nomination-retire", args=[nomination.code]), {"ends_on": "2026-12-01"})
    assert refused.status_code == 403
    assert refused.json() == {"detail": "This token is read-only: it cannot change anything."}
    assert Nomination.objects.get(pk=nomination.pk).status == "active"


def test_a_read_write_token_retires_a_nomination_of_its_own_state(api_world):
    client = api_client(token_for(api_world.coordinator_mex, access=Access.READ_WRITE))
    nomination = Nomination.objects.get(contact=api_world.desk)
    response = client.post(
        reverse("api:nomination-retire", args=[nomination.code]),
        {"ends_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "retired"


def test_a_future_end_date_through_the_api_schedules_the_retirement(api_world):
    client = api_client(token_for(api_world.coordinator_mex, access=Access.READ_WRITE))
    nomination = Nomination.objects.get(contact=api_world.desk)
    ends_on = timezone.localdate() + timedelta(days=20)
    response = client.post(
        reverse("api:nomination-retire", args=[nomination.code]),
        {"ends_on": ends_on.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["ends_on"]) == ("active", ends_on.isoformat())


def test_an_end_date_before_the_start_through_the_api_is_a_400_with_a_message(api_world):
    client = api_client(token_for(api_world.coordinator_mex, access=Access.READ_WRITE))
    nomination = Nomination.objects.get(contact=api_world.desk)
    response = client.post(
        reverse("api:nomination-retire", args=[nomination.code]),
        {"ends_on": (nomination.starts_on - timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "cannot end before it started" in response.json()["ends_on"][0]
    assert Nomination.objects.get(pk=nomination.pk).status == "active"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"created": timezone.now() - timedelta(days=31), "expires_at": timezone.now() - timedelta(minutes=1)},
            "This token has expired.",
        ),
        ({"revoked_at": timezone.now()}, "This token was revoked."),
    ],
)
def test_an_expired_or_revoked_token_says_so_and_shows_nothing(api_world, change, message):
    secret = token_for(api_world.coordinator_mex)
    ApiToken.objects.update(**change)
    response = api_client(secret).get(reverse("api:contact-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": message}


def test_an_unknown_token_is_refused_without_data(api_world):
    response = api_client("enl_not-a-real-token").get(reverse("api:contact-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": "This token is not valid."}
    assert "Mesa" not in response.content.decode()


def test_a_token_scoped_to_one_directory_sees_nothing_of_another(api_world):

    api_world.other.participations.create(state=api_world.argentine.institution.state)
    client = api_client(token_for(api_world.poc_arg, directory=api_world.directory))
    slugs = [row["slug"] for row in client.get(reverse("api:directory-list")).json()["results"]]
    assert slugs == [api_world.directory.slug]
    names = [row["contact_name"] for row in client.get(reverse("api:nomination-list")).json()["results"]]
    assert "Wanjiru Otieno" not in names
    assert client.get(reverse("api:directory-detail", args=[api_world.other.slug])).status_code == 404


def test_a_token_of_a_coordinator_without_a_second_factor_reads_nothing_until_one_is_enrolled(api_world):
    from accounts.models import Role, RoleAssignment
    from enlace.testing.factories import UserFactory, enrol_totp

    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=Role.COORDINATOR, state=api_world.desk.institution.state)
    client = api_client(token_for(user))
    response = client.get(reverse("api:nomination-list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    enrol_totp(user)
    assert client.get(reverse("api:nomination-list")).status_code == 200


def test_a_token_does_not_sign_in_on_pages(api_world):
    client = api_client(token_for(api_world.manager))
    response = client.get(reverse("directory:detail", args=[api_world.directory.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.fixture(params=["memory", "redis"])
def either_cache(request, settings):
    """The throttle on each process's memory (the embedded default) and on Redis (production)."""
    if request.param == "redis":
        request.getfixturevalue("shared_cache")
    return request.param


def test_tokens_are_rate_limited_per_token(api_world, settings, either_cache):
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/minute"}}
    if either_cache == "memory":
        cache.clear()  # Redis: the test's keys have a prefix of their own
    client = api_client(token_for(api_world.manager))
    statuses = [client.get(reverse("api:state-list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = api_client(token_for(api_world.manager))
    assert other.get(reverse("api:state-list")).status_code == 200, "another token has its own budget"


def test_a_burst_at_the_end_of_a_minute_still_counts_at_the_start_of_the_next(
    api_world, settings, monkeypatch, either_cache
):
    from api.throttling import PerTokenThrottle

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/minute"}}
    clock = [60 * 1000 + 58.0]
    monkeypatch.setattr(PerTokenThrottle, "timer", lambda self: clock[0])
    client = api_client(token_for(api_world.manager))
    assert [client.get(reverse("api:state-list")).status_code for _ in range(3)] == [200, 200, 200]
    clock[0] += 4  # two seconds into the next minute
    refused = client.get(reverse("api:state-list"))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 40
    clock[0] += 40  # 42 s into the minute, the last minute's three requests count as one: two more are allowed
    assert [client.get(reverse("api:state-list")).status_code for _ in range(3)] == [200, 200, 429]


def test_a_user_creates_a_token_sees_it_once_and_only_its_hash_is_kept(api_world):
    client = signed_in(api_world.poc_arg)
    response = client.post(reverse("api:tokens"), {"name": "Address book sync", "access": "read", "lifetime": "30"})
    body = response.content.decode()
    token = ApiToken.objects.get(name="Address book sync")
    secret = body.split('id="token-secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("enl_") and token.prefix == secret[:12]
    assert secret not in token.token_hash
    assert api_client(secret).get(reverse("api:directory-list")).status_code == 200
    assert secret not in client.get(reverse("api:tokens")).content.decode(), "shown once"


def test_a_user_revokes_its_token_and_cannot_revoke_anothers(api_world):
    secret = token_for(api_world.poc_arg)
    token = ApiToken.objects.get()
    assert signed_in(api_world.manager).post(reverse("api:token_revoke", args=[token.code])).status_code == 404
    signed_in(api_world.poc_arg).post(reverse("api:token_revoke", args=[token.code]))
    assert api_client(secret).get(reverse("api:state-list")).status_code == 401


def test_a_secret_is_looked_up_with_its_user_in_one_statement_as_the_orm_reads_them(
    api_world, django_assert_num_queries
):
    secret = token_for(api_world.coordinator_mex, directory=api_world.directory)
    with django_assert_num_queries(1):
        token = token_for_secret(secret)
        user = token.user
    expected = ApiToken.objects.select_related("user").get(pk=token.pk)
    assert [getattr(token, f.attname) for f in ApiToken._meta.concrete_fields] == [
        getattr(expected, f.attname) for f in ApiToken._meta.concrete_fields
    ]
    assert [getattr(user, f.attname) for f in type(user)._meta.concrete_fields] == [
        getattr(expected.user, f.attname) for f in type(user)._meta.concrete_fields
    ]
    assert timezone.is_aware(token.expires_at) and timezone.is_aware(user.date_joined)
    assert token_for_secret(secret + "x") is None


def test_the_token_statement_reads_the_rights_the_permission_layer_reads_for_every_kind_of_caller(api_world):
    nobody = UserFactory()  # no role, no second factor
    callers = [api_world.manager, manager_of(api_world.other), api_world.coordinator_mex, api_world.poc_arg, nobody]
    for caller in callers:
        token = token_for_secret(token_for(caller))
        assert principal_for(token.user, role_rows=token.role_rows) == principal_for(caller), caller
    assert principal_for(api_world.manager).has_second_factor and not principal_for(nobody).has_second_factor
