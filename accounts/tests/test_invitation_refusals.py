"""Who may invite whom: a coordinator invites its own State's points of contact; managers invite coordinators."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Role, RoleAssignment, User
from accounts.principal import principal_for
from enlace.testing.factories import state

from .helpers import link_path, session_user_id, signed_in

INVITEE = "nueva.persona@example.org"


def post_invitation(client: Client, iso3: str, capture, **data):
    with capture(execute=True):
        return client.post(reverse("accounts:state_users", args=[iso3]), {"email": INVITEE, **data})


def assert_nothing_sent(mailbox) -> None:
    assert not Invitation.objects.exists()
    assert mailbox.messages == []


# --- Points of contact of another State ----------------------------------------------------------


def test_coordinator_cannot_invite_a_point_of_contact_for_a_contact_of_another_state(
    cast, mailbox, django_capture_on_commit_callbacks
):
    response = post_invitation(
        signed_in(cast.coordinator_mex),
        "MEX",
        django_capture_on_commit_callbacks,
        role=Role.POINT_OF_CONTACT,
        contact=cast.contact_arg.pk,
    )

    assert response.status_code == 200
    assert "contact" in response.context["form"].errors
    assert_nothing_sent(mailbox)


def test_coordinator_cannot_open_the_invitation_page_of_another_state(
    cast, mailbox, django_capture_on_commit_callbacks
):
    response = post_invitation(
        signed_in(cast.coordinator_mex),
        "ARG",
        django_capture_on_commit_callbacks,
        role=Role.POINT_OF_CONTACT,
        contact=cast.contact_arg.pk,
    )

    # States are public reference data, so the page is forbidden rather than hidden.
    assert response.status_code == 403
    assert_nothing_sent(mailbox)


@pytest.mark.parametrize("invitation_state", ["MEX", "ARG"])
def test_the_invite_service_refuses_a_coordinator_a_contact_of_another_state(cast, mailbox, invitation_state):
    with pytest.raises(PermissionDenied):
        services.invite(
            principal=principal_for(cast.coordinator_mex),
            inviter=cast.coordinator_mex,
            email=INVITEE,
            role=Role.POINT_OF_CONTACT,
            state=state(invitation_state),
            contact=cast.contact_arg,
        )
    assert_nothing_sent(mailbox)


# --- Coordinators ----------------------------------------------------------------------------------


def test_coordinator_cannot_invite_a_coordinator(cast, mailbox, django_capture_on_commit_callbacks):
    response = post_invitation(
        signed_in(cast.coordinator_mex), "MEX", django_capture_on_commit_callbacks, role=Role.COORDINATOR
    )

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert_nothing_sent(mailbox)


def test_the_invite_service_refuses_a_coordinator_inviting_a_coordinator(cast, mailbox):
    with pytest.raises(PermissionDenied):
        services.invite(
            principal=principal_for(cast.coordinator_mex),
            inviter=cast.coordinator_mex,
            email=INVITEE,
            role=Role.COORDINATOR,
            state=cast.mex,
        )
    assert_nothing_sent(mailbox)


def test_manager_of_a_directory_in_which_the_state_participates_invites_a_coordinator(
    cast, mailbox, django_capture_on_commit_callbacks
):
    response = post_invitation(
        signed_in(cast.manager), "MEX", django_capture_on_commit_callbacks, role=Role.COORDINATOR
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.state, invitation.contact) == (Role.COORDINATOR, cast.mex, None)
    (message,) = mailbox.to(INVITEE)
    assert message["Subject"] == "Your invitation to Enlace (National coordinator)"


def test_an_invited_coordinator_becomes_coordinator_of_the_state(cast, mailbox, django_capture_on_commit_callbacks):
    post_invitation(signed_in(cast.manager), "MEX", django_capture_on_commit_callbacks, role=Role.COORDINATOR)
    (message,) = mailbox.to(INVITEE)
    client = Client()

    client.post(
        link_path(message.get_body(preferencelist=("plain",)).get_content()),
        {"name": "Nueva Coordinadora", "password1": "a-fine-long-password", "password2": "a-fine-long-password"},
    )

    user = User.objects.get(email=INVITEE)
    assert session_user_id(client) == str(user.pk)
    assert user.contact is None
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "state")) == [
        (Role.COORDINATOR, cast.mex.pk)
    ]


def test_manager_cannot_invite_a_coordinator_for_a_state_outside_its_directories(
    cast, mailbox, django_capture_on_commit_callbacks
):
    state("KEN")
    response = post_invitation(
        signed_in(cast.manager), "KEN", django_capture_on_commit_callbacks, role=Role.COORDINATOR
    )

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.invite(
            principal=principal_for(cast.manager),
            inviter=cast.manager,
            email=INVITEE,
            role=Role.COORDINATOR,
            state=state("KEN"),
        )
    assert_nothing_sent(mailbox)


def test_nobody_can_invite_a_manager(cast, mailbox):
    with pytest.raises(PermissionDenied):
        services.invite(
            principal=principal_for(cast.manager),
            inviter=cast.manager,
            email=INVITEE,
            role=Role.MANAGER,
            directory=cast.directory,
        )
    assert_nothing_sent(mailbox)


# --- Addresses and contacts that already have an account -----------------------------------------


def test_inviting_an_address_that_already_has_an_account_is_refused_next_to_the_email_field(
    cast, mailbox, django_capture_on_commit_callbacks
):
    response = post_invitation(
        signed_in(cast.coordinator_mex),
        "MEX",
        django_capture_on_commit_callbacks,
        role=Role.POINT_OF_CONTACT,
        contact=cast.contact_mex.pk,
        email="Coord@AR.example.org",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Someone already has an account with this e-mail address."]
    body = response.content.decode()
    assert 'id="id_email_error">Someone already has an account with this e-mail address.</div>' in body
    assert_nothing_sent(mailbox)
