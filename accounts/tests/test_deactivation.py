"""A coordinator supervises its State's points of contact: deactivating one shuts them out at once."""

from django.test import Client
from django.urls import reverse

from enlace.testing.factories import PASSWORD, point_of_contact

from .helpers import session_user_id, signed_in


def set_active(client: Client, user, active: bool):
    return client.post(reverse("accounts:user_set_active", args=[user.code]), {"active": "1" if active else "0"})


def test_coordinator_deactivates_a_point_of_contact_of_its_state(cast):
    poc = point_of_contact(cast.contact_mex)

    response = set_active(signed_in(cast.coordinator_mex), poc, active=False)

    assert response.status_code == 302
    poc.refresh_from_db()
    assert not poc.is_active


def test_deactivation_returns_to_the_page_it_came_from(cast):
    poc = point_of_contact(cast.contact_mex)
    back = reverse("accounts:state_users", args=["MEX"])

    response = signed_in(cast.coordinator_mex).post(
        reverse("accounts:user_set_active", args=[poc.code]), {"active": "0", "back": back}
    )

    assert response["Location"] == back


def test_deactivation_does_not_return_to_another_site(cast):
    poc = point_of_contact(cast.contact_mex)

    response = signed_in(cast.coordinator_mex).post(
        reverse("accounts:user_set_active", args=[poc.code]), {"active": "0", "back": "https://evil.example/"}
    )

    assert response["Location"] == reverse("directory:home")


def test_a_deactivated_users_open_session_stops_working_on_its_next_request(cast):
    poc = point_of_contact(cast.contact_mex)
    poc_client = signed_in(poc)
    assert poc_client.get(reverse("accounts:profile")).status_code == 200

    set_active(signed_in(cast.coordinator_mex), poc, active=False)
    response = poc_client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not response.wsgi_request.user.is_authenticated


def test_a_deactivated_user_cannot_sign_in(cast):
    poc = point_of_contact(cast.contact_mex)
    set_active(signed_in(cast.coordinator_mex), poc, active=False)
    client = Client()

    client.post(reverse("account_login"), {"login": poc.email, "password": PASSWORD})

    assert session_user_id(client) is None
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_reactivated_user_can_sign_in_again(cast):
    poc = point_of_contact(cast.contact_mex)
    coordinator = signed_in(cast.coordinator_mex)
    set_active(coordinator, poc, active=False)
    set_active(coordinator, poc, active=True)
    client = Client()

    client.post(reverse("account_login"), {"login": poc.email, "password": PASSWORD})

    assert session_user_id(client) == str(poc.pk)


def test_coordinator_of_another_state_cannot_deactivate_a_point_of_contact(cast):
    poc = point_of_contact(cast.contact_mex)
    poc_client = signed_in(poc)

    response = set_active(signed_in(cast.coordinator_arg), poc, active=False)

    assert response.status_code == 404
    poc.refresh_from_db()
    assert poc.is_active
    assert poc_client.get(reverse("accounts:profile")).status_code == 200


def test_coordinator_cannot_deactivate_a_fellow_coordinator(cast):
    from enlace.testing.factories import coordinator_of

    colleague = coordinator_of(cast.mex)

    response = set_active(signed_in(cast.coordinator_mex), colleague, active=False)

    assert response.status_code == 404
    colleague.refresh_from_db()
    assert colleague.is_active


def test_manager_deactivates_a_coordinator_of_a_participating_state(cast):
    response = set_active(signed_in(cast.manager), cast.coordinator_mex, active=False)

    assert response.status_code == 302
    cast.coordinator_mex.refresh_from_db()
    assert not cast.coordinator_mex.is_active


def test_a_point_of_contact_cannot_deactivate_anyone(cast):
    poc = point_of_contact(cast.contact_mex)
    other = point_of_contact(cast.other_contact_mex)

    response = set_active(signed_in(poc), other, active=False)

    assert response.status_code == 403
    other.refresh_from_db()
    assert other.is_active


def test_a_session_open_before_deactivation_stays_ended_after_reactivation(cast):
    poc = point_of_contact(cast.contact_mex)
    poc_client = signed_in(poc)
    coordinator = signed_in(cast.coordinator_mex)
    set_active(coordinator, poc, active=False)
    set_active(coordinator, poc, active=True)

    response = poc_client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_deactivation_revokes_the_api_tokens_for_good(cast):
    from datetime import timedelta

    from django.utils import timezone

    from api.models import ApiToken
    from api.tests.conftest import api_client

    poc = point_of_contact(cast.contact_mex)
    token, secret = ApiToken.issue(
        user=poc, name="script", access="read", directory=None, expires_at=timezone.now() + timedelta(days=30)
    )
    coordinator = signed_in(cast.coordinator_mex)
    set_active(coordinator, poc, active=False)
    set_active(coordinator, poc, active=True)

    response = api_client(secret).get(reverse("api:directory-list"))

    assert response.status_code == 401
    assert response.json() == {"detail": "This token was revoked."}
    token.refresh_from_db()
    assert token.revoked_at is not None
