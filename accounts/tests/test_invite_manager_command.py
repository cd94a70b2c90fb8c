"""The first manager of a new deployment is invited from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Invitation, Role
from enlace.testing.factories import DirectoryFactory, UserFactory


@pytest.fixture
def directory(db):
    return DirectoryFactory(slug="un-global", managing_body="UN Office for Disarmament Affairs")


def test_it_emails_the_invitation_and_prints_the_link(directory, mailbox, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite_manager", directory="un-global", email="Chief@Example.org", stdout=out)
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.directory, invitation.email) == (Role.MANAGER, directory, "chief@example.org")
    link = out.getvalue().split("Its link", 1)[1].split(": ", 1)[1].strip()
    assert "/invitations/" in link
    [message] = mailbox.to("chief@example.org")
    assert link in message.get_body(("plain",)).get_content()


def test_an_unknown_directory_is_named(db):
    with pytest.raises(CommandError, match="No directory has the slug 'nope'"):
        call_command("invite_manager", directory="nope", email="chief@example.org")


def test_an_existing_account_is_refused_and_nothing_is_created(directory):
    UserFactory(email="chief@example.org")
    with pytest.raises(CommandError, match="already has an account"):
        call_command("invite_manager", directory="un-global", email="chief@example.org")
    assert not Invitation.objects.exists()
