"""Several pending invitations may name the same address or contact; only one account can come of them."""

from django.test import Client
from django.urls import reverse

from accounts.models import Invitation, Role, User

from .helpers import link_path, session_user_id, signed_in

PASSWORD = "a-fine-long-password"


def invite(client: Client, contact, email: str, mailbox, capture) -> str:
    """Invite a PoC from the Mexico page; the path of the link e-mailed for it."""
    mailbox.clear()
    with capture(execute=True):
        response = client.post(
            reverse("accounts:state_users", args=["MEX"]),
            {"email": email, "role": Role.POINT_OF_CONTACT, "contact": contact.pk},
        )
    assert response.status_code == 302, response.context["form"].errors
    (message,) = mailbox.to(email)
    return link_path(message.get_body(preferencelist=("plain",)).get_content())


def accept(client: Client, path: str, name: str):
    return client.post(path, {"name": name, "password1": PASSWORD, "password2": PASSWORD})


def test_a_second_invitation_to_an_address_that_meanwhile_got_an_account_creates_nothing(
    cast, mailbox, django_capture_on_commit_callbacks
):
    coordinator = signed_in(cast.coordinator_mex)
    first = invite(coordinator, cast.contact_mex, "twice@example.org", mailbox, django_capture_on_commit_callbacks)
    second = invite(
        coordinator, cast.other_contact_mex, "twice@example.org", mailbox, django_capture_on_commit_callbacks
    )
    accept(Client(), first, "First Use")
    client = Client()

    response = accept(client, second, "Second Use")

    assert response.status_code == 404
    assert User.objects.filter(email="twice@example.org").count() == 1
    assert User.objects.get(email="twice@example.org").contact == cast.contact_mex
    assert session_user_id(client) is None


def test_a_second_invitation_for_a_contact_that_meanwhile_got_an_account_creates_nothing(
    cast, mailbox, django_capture_on_commit_callbacks
):
    coordinator = signed_in(cast.coordinator_mex)
    first = invite(coordinator, cast.contact_mex, "first@example.org", mailbox, django_capture_on_commit_callbacks)
    second = invite(coordinator, cast.contact_mex, "second@example.org", mailbox, django_capture_on_commit_callbacks)
    accept(Client(), first, "First Person")
    client = Client()

    response = accept(client, second, "Second Person")

    assert response.status_code == 404
    assert not User.objects.filter(email="second@example.org").exists()
    assert User.objects.get(contact=cast.contact_mex).email == "first@example.org"
    assert session_user_id(client) is None


def test_accepting_an_invitation_withdraws_the_others_for_the_same_contact(
    cast, mailbox, django_capture_on_commit_callbacks
):
    coordinator = signed_in(cast.coordinator_mex)
    first = invite(coordinator, cast.contact_mex, "first@example.org", mailbox, django_capture_on_commit_callbacks)
    invite(coordinator, cast.contact_mex, "second@example.org", mailbox, django_capture_on_commit_callbacks)

    accept(Client(), first, "First Person")

    assert list(Invitation.objects.pending().values_list("email", flat=True)) == []
    page = coordinator.get(reverse("accounts:state_users", args=["MEX"]))
    assert list(page.context["invitations"]) == []


def test_the_invitation_form_offers_only_contacts_without_an_account(cast, mailbox, django_capture_on_commit_callbacks):
    coordinator = signed_in(cast.coordinator_mex)
    accept(
        Client(),
        invite(coordinator, cast.contact_mex, "first@example.org", mailbox, django_capture_on_commit_callbacks),
        "First Person",
    )

    choices = coordinator.get(reverse("accounts:state_users", args=["MEX"])).context["form"].fields["contact"].queryset
    assert list(choices) == [cast.other_contact_mex]


def test_two_invitations_for_one_address_accepted_at_the_same_moment_create_one_account(
    cast, mailbox, django_capture_on_commit_callbacks, monkeypatch
):
    coordinator = signed_in(cast.coordinator_mex)
    first = invite(coordinator, cast.contact_mex, "race@example.org", mailbox, django_capture_on_commit_callbacks)
    second = invite(
        coordinator, cast.other_contact_mex, "race@example.org", mailbox, django_capture_on_commit_callbacks
    )
    accept(Client(), first, "First Use")
    # The second request checked before the first one committed: only the database's unique index can tell.
    Invitation.objects.filter(email="race@example.org", accepted_at__isnull=True).update(revoked_at=None)
    monkeypatch.setattr("accounts.services._account_exists_for", lambda invitation: False)
    client = Client()

    response = accept(client, second, "Second Use")

    assert response.status_code == 404
    assert User.objects.filter(email="race@example.org").count() == 1
    assert Invitation.objects.get(contact=cast.other_contact_mex).accepted_at is None
    assert session_user_id(client) is None
