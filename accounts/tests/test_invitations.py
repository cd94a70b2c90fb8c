"""Invitations: the e-mailed, single-use link is the only way to get an account."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Invitation, Role, User
from mail.models import OutboundEmail
from tokens.links import hash_token

from .helpers import link_path, session_user_id, signed_in, token_of

INVITEE = "rosa.invitada@example.org"
NEW_PASSWORD = "correct horse battery staple"


def invite_point_of_contact(client: Client, state, contact, capture, email: str = INVITEE):
    with capture(execute=True):
        return client.post(
            reverse("accounts:state_users", args=[state.iso3]),
            {"email": email, "role": Role.POINT_OF_CONTACT, "contact": contact.pk},
        )


@pytest.fixture
def invitation_link(cast, mailbox, django_capture_on_commit_callbacks) -> str:
    """The coordinator of Mexico has invited a PoC for one of Mexico's contacts; the path of the e-mailed link."""
    response = invite_point_of_contact(
        signed_in(cast.coordinator_mex), cast.mex, cast.contact_mex, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    (message,) = mailbox.to(INVITEE)
    return link_path(message.get_body(preferencelist=("plain",)).get_content())


def accept(client: Client, path: str, name: str = "Rosa Martínez", password: str = NEW_PASSWORD):
    return client.post(path, {"name": name, "password1": password, "password2": password})


def assert_reveals_nothing(response, *secrets: str) -> None:
    assert response.status_code == 404
    assert response.templates[0].name == "accounts/invitation_invalid.html"
    body = response.content.decode()
    assert "This invitation link is not valid" in body
    for secret in secrets:
        assert secret not in body
    assert 'name="password1"' not in body


# --- Sending ---------------------------------------------------------------------------------------


def test_coordinator_invites_a_point_of_contact_by_email(cast, mailbox, django_capture_on_commit_callbacks):
    response = invite_point_of_contact(
        signed_in(cast.coordinator_mex), cast.mex, cast.contact_mex, django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:state_users", args=["MEX"])
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.state, invitation.contact, invitation.invited_by) == (
        INVITEE,
        Role.POINT_OF_CONTACT,
        cast.mex,
        cast.contact_mex,
        cast.coordinator_mex,
    )
    (message,) = mailbox.messages
    assert message["To"] == INVITEE
    assert message["Subject"] == "Your invitation to Enlace (Point of contact)"


def test_invitation_email_carries_the_link_in_both_its_text_and_html_parts(
    cast, mailbox, django_capture_on_commit_callbacks
):
    invite_point_of_contact(
        signed_in(cast.coordinator_mex), cast.mex, cast.contact_mex, django_capture_on_commit_callbacks
    )

    (message,) = mailbox.to(INVITEE)
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    path = link_path(text)
    assert re.fullmatch(r"/invitations/[A-Za-z0-9_-]{40,}/", path)
    assert link_path(html) == path
    assert 'href="http://' in html and f'{path}"' in html


def test_only_a_hash_of_the_invitation_token_is_stored(invitation_link):
    token = token_of(invitation_link)

    row = Invitation.objects.values().get()
    assert row["token_hash"] == hash_token(token)
    assert not [column for column, value in row.items() if token in str(value)]
    # The delivered e-mail is kept without its body, so the outbox does not hold the link either.
    outbox = OutboundEmail.objects.values().get(purpose="invitation")
    assert not [column for column, value in outbox.items() if token in str(value)]


def test_the_invitation_page_lists_the_pending_invitation(cast, invitation_link):
    response = signed_in(cast.coordinator_mex).get(reverse("accounts:state_users", args=["MEX"]))

    assert INVITEE in response.content.decode()


# --- Accepting -------------------------------------------------------------------------------------


def test_following_the_invitation_link_shows_the_account_form(invitation_link):
    response = Client().get(invitation_link)

    assert response.status_code == 200
    body = response.content.decode()
    assert INVITEE in body
    for field in ("name", "password1", "password2"):
        assert f'name="{field}"' in body


def test_accepting_an_invitation_creates_a_user_linked_to_the_contact(cast, invitation_link):
    accept(Client(), invitation_link)

    user = User.objects.get(email=INVITEE)
    assert user.name == "Rosa Martínez"
    assert user.contact == cast.contact_mex
    assert user.check_password(NEW_PASSWORD)
    assert not user.role_assignments.exists()
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    assert invitation.accepted_user == user


def test_accepting_an_invitation_signs_the_new_user_in(invitation_link):
    client = Client()
    response = accept(client, invitation_link)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert session_user_id(client) == str(User.objects.get(email=INVITEE).pk)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_invitation_link_works_only_once(invitation_link):
    accept(Client(), invitation_link)
    users = User.objects.count()

    second = Client()
    assert_reveals_nothing(second.get(invitation_link), INVITEE)
    assert_reveals_nothing(accept(second, invitation_link, name="Someone Else"), INVITEE)
    assert User.objects.count() == users
    assert session_user_id(second) is None


def test_an_expired_invitation_shows_the_page_that_reveals_nothing(cast, invitation_link):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client = Client()

    assert_reveals_nothing(client.get(invitation_link), INVITEE, cast.contact_mex.name, cast.coordinator_mex.name)
    assert_reveals_nothing(accept(client, invitation_link), INVITEE)
    assert not User.objects.filter(email=INVITEE).exists()


def test_a_revoked_invitation_shows_the_page_that_reveals_nothing(cast, invitation_link):
    invitation = Invitation.objects.get()
    revoked = signed_in(cast.coordinator_mex).post(
        reverse("accounts:invitation_revoke", args=[invitation.code]), {"confirm": "yes"}
    )
    assert revoked.status_code == 302
    client = Client()

    assert_reveals_nothing(client.get(invitation_link), INVITEE, cast.contact_mex.name, cast.coordinator_mex.name)
    assert_reveals_nothing(accept(client, invitation_link), INVITEE)
    assert not User.objects.filter(email=INVITEE).exists()


def test_withdrawing_an_invitation_asks_first_and_a_bare_post_withdraws_nothing(cast, invitation_link):
    invitation = Invitation.objects.get()
    coordinator = signed_in(cast.coordinator_mex)
    url = reverse("accounts:invitation_revoke", args=[invitation.code])
    state_users = coordinator.get(reverse("accounts:state_users", args=[invitation.state.iso3])).content.decode()
    assert f'href="{url}"' in state_users  # a link to the question, not a button that acts at once

    for asked in (coordinator.get(url), coordinator.post(url)):
        assert asked.status_code == 200
        assert "Withdraw this invitation?" in asked.content.decode()
    assert Invitation.objects.pending().filter(pk=invitation.pk).exists()


def test_an_unknown_token_shows_the_page_that_reveals_nothing(invitation_link):
    token = token_of(invitation_link)
    forged = invitation_link.replace(token, token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))

    assert_reveals_nothing(Client().get(forged), INVITEE)
    assert_reveals_nothing(accept(Client(), forged), INVITEE)
    assert not User.objects.filter(email=INVITEE).exists()


def test_invalid_invitation_links_all_get_the_same_page(cast, invitation_link):
    def main_content(response) -> str:
        # The page differs only in per-request values (CSRF token, CSP nonce).
        body = response.content.decode()
        body = re.sub(r'(value|nonce)="[^"]*"', "", body)
        return re.sub(r'"X-CSRFToken": "[^"]*"', "", body)

    unknown = main_content(Client().get(reverse("accounts:accept_invitation", args=["no-such-token"])))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = main_content(Client().get(invitation_link))
    Invitation.objects.update(expires_at=timezone.now() + timedelta(days=1), revoked_at=timezone.now())
    revoked = main_content(Client().get(invitation_link))

    assert unknown == expired == revoked


def test_password_validation_errors_appear_next_to_the_password_field(invitation_link):
    response = accept(Client(), invitation_link, password="short")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["password1"]
    assert any("too short" in message for message in errors["password1"])
    feedback = re.search(r'id="id_password1_error">(.*?)</div>', response.content.decode(), re.S)
    assert feedback is not None
    assert "too short" in feedback.group(1)
    assert not User.objects.filter(email=INVITEE).exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_password_too_similar_to_the_email_is_refused_next_to_the_field(invitation_link):
    response = accept(Client(), invitation_link, password="rosa.invitada@example.org1")

    assert "too similar" in " ".join(response.context["form"].errors["password1"])
    assert not User.objects.filter(email=INVITEE).exists()


def test_differing_passwords_are_refused_next_to_the_second_field(invitation_link):
    response = Client().post(
        invitation_link, {"name": "Rosa", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password2"]
    assert 'id="id_password2_error"' in response.content.decode()
    assert not User.objects.filter(email=INVITEE).exists()


def test_a_coordinators_invitation_is_written_in_the_language_the_inviter_chose(
    cast, mailbox, django_capture_on_commit_callbacks
):
    client = signed_in(cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:state_users", args=["MEX"]),
            {"email": INVITEE, "role": Role.COORDINATOR, "language": "fr"},
            headers={"accept-language": "en"},
        )
    (message,) = mailbox.to(INVITEE)
    assert message["Content-Language"] == "fr"
    with translation.override("fr"):
        assert (
            gettext("Open this link to create your account:")
            in message.get_body(preferencelist=("plain",)).get_content()
        )
