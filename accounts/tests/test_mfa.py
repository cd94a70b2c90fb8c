"""Managers and coordinators sign in with a second factor; until they have one, Enlace sends them to set it up."""

import time

import pytest
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from enlace.testing.factories import PASSWORD, UserFactory, enrol_totp, point_of_contact

from .helpers import session_user_id, signed_in


def current_code(secret: str, *, offset: int = 0) -> str:
    """The TOTP code of the current period (``offset`` periods away), computed as allauth does."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def period_boundary_tolerance(settings):
    """A code computed just before a 30-second boundary is still good just after it (no flaky tests)."""
    settings.MFA_TOTP_TOLERANCE = 1


def without_second_factor(user):
    Authenticator.objects.filter(user=user).delete()
    return user


def sign_in_with_password(client: Client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


# --- Enrolment is required of managers and coordinators -------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "manager"])
@pytest.mark.parametrize("page", ["directory:home", "accounts:profile", "state_users"])
def test_managers_and_coordinators_without_a_second_factor_are_sent_to_set_up_totp(cast, role, page):
    user = without_second_factor(cast.coordinator_mex if role == "coordinator" else cast.manager)
    url = reverse("accounts:state_users", args=["MEX"]) if page == "state_users" else reverse(page)

    response = signed_in(user).get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_recovery_codes_alone_do_not_count_as_a_second_factor(cast):
    user = cast.coordinator_mex
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()

    response = signed_in(user).get(reverse("directory:home"))

    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_coordinator_with_totp_uses_enlace(cast):
    response = signed_in(cast.coordinator_mex).get(reverse("accounts:state_users", args=["MEX"]))

    assert response.status_code == 200


def test_a_point_of_contact_without_a_second_factor_is_not_sent_to_set_up_totp(cast):
    poc = point_of_contact(cast.contact_mex)

    response = signed_in(poc).get(reverse("accounts:profile"))

    assert response.status_code == 200


def test_a_coordinator_without_a_second_factor_can_set_up_totp(cast, period_boundary_tolerance):
    user = without_second_factor(cast.coordinator_mex)
    client = Client()
    sign_in_with_password(client, user)

    # allauth asks for the password again before it adds an authenticator.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    form = client.get(reverse("mfa_activate_totp"))
    assert form.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("directory:home")).status_code == 200


# --- Signing in with a second factor ---------------------------------------------------------------


@pytest.fixture
def coordinator_with_secret(cast, period_boundary_tolerance):
    user = UserFactory(email="two.factors@enlace.test")
    user.role_assignments.create(role="coordinator", state=cast.mex)
    return user, enrol_totp(user)


def test_password_sign_in_of_a_user_with_totp_asks_for_the_code(coordinator_with_secret):
    user, _secret = coordinator_with_secret
    client = Client()

    response = sign_in_with_password(client, user)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert session_user_id(client) is None


def test_sign_in_with_password_and_a_valid_totp_code(coordinator_with_secret):
    user, secret = coordinator_with_secret
    client = Client()
    step = sign_in_with_password(client, user)

    response = client.post(step["Location"], {"code": current_code(secret)})

    assert response.status_code == 302
    assert session_user_id(client) == str(user.pk)
    assert client.get(reverse("accounts:state_users", args=["MEX"])).status_code == 200


def test_sign_in_with_a_wrong_totp_code_stays_signed_out(coordinator_with_secret):
    user, secret = coordinator_with_secret
    client = Client()
    step = sign_in_with_password(client, user)
    wrong = current_code(secret, offset=5)

    response = client.post(step["Location"], {"code": wrong})

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert session_user_id(client) is None
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_totp_code_cannot_be_replayed(coordinator_with_secret):
    user, secret = coordinator_with_secret
    code = current_code(secret)
    first = Client()
    first.post(sign_in_with_password(first, user)["Location"], {"code": code})
    assert session_user_id(first) == str(user.pk)
    second = Client()

    second.post(sign_in_with_password(second, user)["Location"], {"code": code})

    assert session_user_id(second) is None


def test_a_recovery_code_signs_in_once(coordinator_with_secret):
    user, _secret = coordinator_with_secret
    code = RecoveryCodes(Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)).generate_codes()[
        0
    ]
    first = Client()
    first.post(sign_in_with_password(first, user)["Location"], {"code": code})
    assert session_user_id(first) == str(user.pk)
    second = Client()

    second.post(sign_in_with_password(second, user)["Location"], {"code": code})

    assert session_user_id(second) is None


def test_the_mfa_step_cannot_be_skipped(coordinator_with_secret):
    user, _secret = coordinator_with_secret
    client = Client()
    sign_in_with_password(client, user)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert session_user_id(client) is None


def test_a_point_of_contact_signs_in_with_a_password_alone(cast):
    poc = point_of_contact(cast.contact_mex)
    client = Client()

    response = sign_in_with_password(client, poc)

    assert response.status_code == 302
    assert session_user_id(client) == str(poc.pk)


def test_the_way_to_totp_set_up_does_not_loop_through_the_enrolment_redirect(cast):
    user = without_second_factor(cast.coordinator_arg)

    response = signed_in(user).get("/", follow=True)

    assert response.redirect_chain[0][0] == reverse("mfa_activate_totp")
    assert response.status_code == 200
    assert response.wsgi_request.path.startswith("/accounts/")
