"""A sign-in address is a user's only once the link sent to it is followed, and the change is logged.

Adding an address (even one another person was just invited with) takes nothing from anyone: it waits
unverified beside the current one, cannot be made the sign-in address, and becomes it only when its
link is followed. Coordinators of the user's State and its directories' managers read the change.
"""

import re

from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from accounts.models import User
from enlace.testing.factories import point_of_contact

from .helpers import signed_in
from .test_invitation_conflicts import accept, invite

SITE = "https://enlace.example.org"


def _add(client: Client, address: str, capture) -> None:
    with capture(execute=True):
        response = client.post(reverse("account_email"), {"action_add": "", "email": address})
    assert response.status_code == 302


def _confirmation_link(mailbox, address: str) -> str:
    (message,) = mailbox.to(address)
    links = re.findall(r"https?://[^\s\"'<>]+/confirm-email/[^\s\"'<>]+", message.get_body(("plain",)).get_content())
    assert len(links) == 1, links
    return links[0]


def test_an_added_address_is_not_the_sign_in_address_even_when_made_primary(
    cast, mailbox, django_capture_on_commit_callbacks
):
    poc = point_of_contact(cast.contact_mex)
    client = signed_in(poc)
    _add(client, "new.address@example.org", django_capture_on_commit_callbacks)

    client.post(reverse("account_email"), {"action_primary": "", "email": "new.address@example.org"})

    poc.refresh_from_db()
    assert poc.email != "new.address@example.org"


def test_an_added_address_becomes_the_sign_in_address_once_its_link_is_followed(
    cast, settings, mailbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    poc = point_of_contact(cast.contact_mex)
    client = signed_in(poc)
    _add(client, "new.address@example.org", django_capture_on_commit_callbacks)
    link = _confirmation_link(mailbox, "new.address@example.org")
    assert link.startswith(SITE + "/")

    client.post(link.removeprefix(SITE))

    poc.refresh_from_db()
    assert poc.email == "new.address@example.org"


def test_adding_the_address_of_a_pending_invitation_does_not_take_it_from_the_invitee(
    cast, mailbox, django_capture_on_commit_callbacks
):
    coordinator = signed_in(cast.coordinator_mex)
    capture = django_capture_on_commit_callbacks
    invitation = invite(coordinator, cast.contact_mex, "invitee@example.org", mailbox, capture)
    squatter = point_of_contact(cast.other_contact_mex)
    client = signed_in(squatter)
    _add(client, "invitee@example.org", django_capture_on_commit_callbacks)
    client.post(reverse("account_email"), {"action_primary": "", "email": "invitee@example.org"})

    accept(Client(), invitation, "Invited Person")

    invitee = User.objects.get(email="invitee@example.org")
    assert invitee.contact == cast.contact_mex
    squatter.refresh_from_db()
    assert squatter.email != "invitee@example.org"
    assert not squatter.emailaddress_set.filter(email="invitee@example.org").exists()


def test_a_changed_sign_in_address_is_in_the_change_log_of_the_users_state(
    cast, settings, mailbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    poc = point_of_contact(cast.contact_mex)
    old = poc.email
    client = signed_in(poc)
    _add(client, "new.address@example.org", django_capture_on_commit_callbacks)
    client.post(_confirmation_link(mailbox, "new.address@example.org").removeprefix(SITE))

    entry = LogEntry.objects.get(changes__email__isnull=False)
    assert entry.changes["email"] == [old, "new.address@example.org"]
    assert entry.additional_data == {"state": cast.mex.pk}
    assert entry.actor == poc
    for reader, sees in ((cast.coordinator_mex, True), (cast.manager, True), (cast.coordinator_arg, False)):
        page = signed_in(reader).get(reverse("audit:change_log")).content.decode()
        assert ("new.address@example.org" in page) is sees, reader


def test_an_added_address_not_yet_confirmed_signs_no_one_in(cast, mailbox, django_capture_on_commit_callbacks):
    from enlace.testing.factories import PASSWORD

    from .helpers import session_user_id

    poc = point_of_contact(cast.contact_mex)
    _add(signed_in(poc), "someone.else@example.org", django_capture_on_commit_callbacks)
    client = Client()

    client.post(reverse("account_login"), {"login": "someone.else@example.org", "password": PASSWORD})

    assert session_user_id(client) is None
    client.post(reverse("account_login"), {"login": poc.email, "password": PASSWORD})
    assert session_user_id(client) == str(poc.pk)
