"""The most sensitive actions ask for the password again when the person signed in too long ago.

Creating an API token, removing a second factor, changing a directory's settings (its participating States
among them) and exporting a directory. Signing in, or confirming, counts for ``REAUTHENTICATION_MINUTES``.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from directory.tests.test_directory_settings import settings_form
from enlace.testing.factories import PASSWORD, DirectoryFactory, UserFactory, enrol_totp, manager_of, state
from enlace.testing.sessions import age_session


@pytest.fixture
def directory(db):
    return DirectoryFactory(slug="oas", name="OAS network", states=[state("MEX"), state("ARG")])


@pytest.fixture
def manager(directory):
    return manager_of(directory)


@dataclass
class Action:
    """One sensitive action: how to ask for it, and whether it happened."""

    name: str
    method: str
    url: object
    data: object
    happened: object


ACTIONS = [
    Action(
        "create an API token",
        "post",
        lambda w: reverse("api:tokens"),
        lambda w: {"name": "nightly sync", "access": "read", "directory": "", "lifetime": 90},
        lambda w, response: ApiToken.objects.filter(user=w["user"], name="nightly sync").exists(),
    ),
    Action(
        "change the directory's participants",
        "post",
        lambda w: reverse("directory:settings", args=[w["directory"].slug]),
        lambda w: settings_form(w["directory"]),
        lambda w, response: w["directory"].participants.filter(iso3="CHL").exists(),
    ),
    Action(
        "export the whole directory",
        "get",
        lambda w: reverse("import_export:export", args=[w["directory"].slug, "csv"]),
        lambda w: {},
        lambda w, response: response.status_code == 200 and response["Content-Type"].startswith("text/csv"),
    ),
]


@pytest.fixture
def world(directory, manager) -> dict:
    return {"directory": directory, "user": manager}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def act(client: Client, action: Action, world: dict):
    return getattr(client, action.method)(action.url(world), action.data(world))


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_the_action_goes_straight_through_just_after_signing_in(world, action):
    client = signed_in(world["user"])
    age_session(client, minutes=9)

    response = act(client, action, world)

    assert action.happened(world, response)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_the_action_asks_for_the_password_when_the_sign_in_is_older_than_ten_minutes(world, action):
    client = signed_in(world["user"])
    age_session(client, minutes=11)

    response = act(client, action, world)

    assert response.status_code == 302
    asked = urlsplit(response["Location"])
    assert asked.path == reverse("account_reauthenticate")
    assert not action.happened(world, response)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_after_confirming_the_password_the_person_is_back_on_the_page_and_may_act(world, action):
    client = signed_in(world["user"])
    age_session(client, minutes=11)
    asked = act(client, action, world)

    confirmed = client.post(asked["Location"], {"password": PASSWORD})

    # Back where they were: a form's page afresh (what was sent is not replayed), a download as asked.
    assert confirmed.status_code == 302
    assert confirmed["Location"] == urlsplit(action.url(world)).path
    assert not action.happened(world, confirmed)
    assert action.happened(world, act(client, action, world))


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_a_wrong_password_is_refused_and_changes_nothing(world, action):
    client = signed_in(world["user"])
    age_session(client, minutes=11)
    asked = act(client, action, world)

    refused = client.post(asked["Location"], {"password": "not the password"})

    assert refused.status_code == 200
    assert "Incorrect password." in refused.content.decode()
    again = act(client, action, world)
    assert again.status_code == 302
    assert not action.happened(world, again)


def test_a_confirmation_lasts_ten_minutes(world):
    client = signed_in(world["user"])
    age_session(client, minutes=11)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    age_session(client, minutes=11)

    response = act(client, ACTIONS[2], world)

    assert urlsplit(response["Location"]).path == reverse("account_reauthenticate")


def test_the_time_allowed_is_a_setting(world, settings):
    settings.REAUTHENTICATION_MINUTES = 30
    client = signed_in(world["user"])
    age_session(client, minutes=20)

    assert ACTIONS[2].happened(world, act(client, ACTIONS[2], world))


def test_an_api_token_does_not_open_the_tokens_page(world):
    """Tokens never act on pages, so a token cannot make tokens, nor export, nor change a directory."""
    _token, secret = ApiToken.issue(
        user=world["user"],
        name="script",
        access="read_write",
        directory=None,
        expires_at=timezone.now() + timedelta(days=30),
    )
    client = Client(headers={"Authorization": f"Bearer {secret}"})

    response = client.post(reverse("api:tokens"), ACTIONS[0].data(world))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("account_login")
    assert list(ApiToken.objects.filter(user=world["user"]).values_list("name", flat=True)) == ["script"]


# --- Second factors: allauth asks again before any change (ACCOUNT_REAUTHENTICATION_TIMEOUT is ours) ---


@pytest.fixture
def point_of_contact_with_totp(db):
    user = UserFactory(email="totp.user@enlace.test")
    enrol_totp(user)
    return user


def test_removing_a_second_factor_asks_for_the_password_first(point_of_contact_with_totp):
    client = signed_in(point_of_contact_with_totp)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert urlsplit(response["Location"]).path == reverse("account_reauthenticate")
    assert Authenticator.objects.filter(user=point_of_contact_with_totp, type="totp").exists()


def test_removing_a_second_factor_is_done_after_confirming_the_password(point_of_contact_with_totp):
    client = signed_in(point_of_contact_with_totp)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    age_session(client, minutes=9)

    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=point_of_contact_with_totp, type="totp").exists()


def test_removing_a_second_factor_asks_again_once_the_confirmation_is_ten_minutes_old(point_of_contact_with_totp):
    client = signed_in(point_of_contact_with_totp)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    age_session(client, minutes=11)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert urlsplit(response["Location"]).path == reverse("account_reauthenticate")
    assert Authenticator.objects.filter(user=point_of_contact_with_totp, type="totp").exists()


def test_a_wrong_password_does_not_remove_a_second_factor(point_of_contact_with_totp):
    client = signed_in(point_of_contact_with_totp)
    refused = client.post(reverse("account_reauthenticate"), {"password": "not the password"})

    client.post(reverse("mfa_deactivate_totp"))

    assert "Incorrect password." in refused.content.decode()
    assert Authenticator.objects.filter(user=point_of_contact_with_totp, type="totp").exists()
