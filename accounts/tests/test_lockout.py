"""Repeated wrong passwords lock an (address, IP) pair out: allauth's rate limit first, django-axes behind it.

Five wrong passwords for one address from one IP: the fifth gets axes's lockout page; from then on, allauth's
per-address rate limit (5 in 5 minutes) refuses the sign-in before any password is checked, and once that
window has passed axes still refuses it until its cool-off (15 minutes) ends.
"""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from enlace.testing.factories import PASSWORD, UserFactory

from .helpers import session_user_id

LOCKED = "locked@enlace.test"
WRONG = "not-the-password"


@pytest.fixture
def user(db):
    return UserFactory(email=LOCKED)


def sign_in(client: Client, email: str, password: str, ip: str = "127.0.0.1"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def fail_five_times(client: Client, email: str = LOCKED, ip: str = "127.0.0.1"):
    for _attempt in range(5):
        response = sign_in(client, email, WRONG, ip=ip)
    return response


def test_a_sixth_attempt_after_five_wrong_passwords_is_refused_even_with_the_right_password(user):
    client = Client()
    fail_five_times(client)

    response = sign_in(client, LOCKED, PASSWORD)

    assert session_user_id(client) is None
    assert not response.wsgi_request.user.is_authenticated
    assert response.status_code in (200, 403, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_the_fifth_wrong_password_gets_the_lockout_page(user):
    response = fail_five_times(Client())

    assert response.status_code == 429
    assert "account/locked_out.html" in [template.name for template in response.templates]
    assert "Too many failed sign-ins" in response.content.decode()


def test_four_wrong_passwords_do_not_lock_the_address(user):
    client = Client()
    for _attempt in range(4):
        sign_in(client, LOCKED, WRONG)

    sign_in(client, LOCKED, PASSWORD)

    assert session_user_id(client) == str(user.pk)


def test_axes_keeps_the_address_locked_after_allauths_rate_limit_window_has_passed(user):
    client = Client()
    fail_five_times(client)
    cache.clear()  # allauth's 5-minute window is over; axes's 15-minute cool-off is not

    response = sign_in(client, LOCKED, PASSWORD)

    assert response.status_code == 429
    assert "account/locked_out.html" in [template.name for template in response.templates]
    assert session_user_id(client) is None


def test_axes_locks_the_address_only_from_the_ip_that_failed(user):
    fail_five_times(Client(), ip="192.0.2.10")
    cache.clear()  # set allauth's per-address rate limit aside: this is about axes's (address, IP) pairs
    client = Client()

    sign_in(client, LOCKED, PASSWORD, ip="192.0.2.20")

    assert session_user_id(client) == str(user.pk)


def test_a_lockout_does_not_lock_other_addresses(user):
    other = UserFactory(email="other@enlace.test")
    client = Client()
    fail_five_times(client)

    sign_in(client, other.email, PASSWORD)

    assert session_user_id(client) == str(other.pk)


def test_the_lockout_is_keyed_on_the_address_whatever_its_case(user):
    client = Client()
    for variant in ("LOCKED@enlace.test", "Locked@Enlace.Test", " locked@enlace.test", "locked@ENLACE.test", LOCKED):
        sign_in(client, variant, WRONG)

    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [(LOCKED, 5)]
    cache.clear()
    response = sign_in(client, LOCKED, PASSWORD)
    assert response.status_code == 429
    assert session_user_id(client) is None


def test_each_test_starts_with_no_lockout(user):
    """The tests above lock this very address out; nothing of it may survive into another test."""
    assert not AccessAttempt.objects.exists()
    client = Client()

    sign_in(client, LOCKED, PASSWORD)

    assert session_user_id(client) == str(user.pk)
