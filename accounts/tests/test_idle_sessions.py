"""A session left unused ends: after SESSION_IDLE_MINUTES without a request, or SESSION_MAX_HOURS after signing in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.tests.helpers import session_user_id
from enlace.testing.factories import PASSWORD, UserFactory
from enlace.testing.sessions import age_session


@pytest.fixture
def person(db):
    return UserFactory(email="idle.person@enlace.test")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


PROFILE = "/profile/?tab=language"


def test_a_session_used_within_thirty_minutes_goes_on(person):
    client = signed_in(person)
    age_session(client, minutes=29)

    assert client.get(PROFILE).status_code == 200


def test_each_request_renews_the_session(person):
    client = signed_in(person)
    for _ in range(4):
        age_session(client, minutes=20)
        assert client.get(PROFILE).status_code == 200


def test_after_thirty_idle_minutes_the_person_is_signed_out_and_told_why(person):
    client = signed_in(person)
    age_session(client, minutes=31)

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert session_user_id(client) is None
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "You were signed out after 30 minutes without activity. Sign in again to continue."
    ]


def test_signing_in_again_returns_to_the_page_the_person_asked_for(person):
    client = signed_in(person)
    age_session(client, minutes=31)
    asked = client.get(PROFILE)
    login = urlsplit(asked["Location"])
    assert login.path == reverse("account_login")
    assert parse_qs(login.query)["next"] == [PROFILE]

    response = client.post(asked["Location"], {"login": person.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == PROFILE


def test_a_form_sent_after_the_session_ended_is_not_kept(person):
    client = signed_in(person)
    age_session(client, minutes=31)

    response = client.post(PROFILE, {"name": "Changed while away"})

    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/profile/"]
    person.refresh_from_db()
    assert person.name != "Changed while away"


def test_an_htmx_request_sends_the_whole_page_to_sign_in(person):
    client = signed_in(person)
    age_session(client, minutes=31)

    response = client.get(
        "/profile/", headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/my-state/?page=2"}
    )

    assert response.status_code == 204
    assert parse_qs(urlsplit(response["HX-Redirect"]).query)["next"] == ["/my-state/?page=2"]


def test_the_idle_time_is_a_setting(person, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client = signed_in(person)
    age_session(client, minutes=6)

    assert client.get(PROFILE).status_code == 302


def test_a_session_in_use_still_ends_eight_hours_after_signing_in(person):
    client = signed_in(person)
    for _ in range(16):
        age_session(client, minutes=29)
        assert client.get(PROFILE).status_code == 200
    age_session(client, minutes=17)  # 8 h 1 min after signing in

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "You were signed out because you signed in more than 8 hours ago. Sign in again."
    ]
