"""Every e-mailed link points to the configured site address and every message goes through the outbox.

A request may name any host its sender likes (a forged Host header that the server accepts): the links
allauth mails (password reset...) must not follow it.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from enlace.testing.factories import point_of_contact
from mail.models import OutboundEmail

SITE = "https://enlace.example.org"


@pytest.fixture
def forged_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    settings.SITE_URL = SITE
    return Client(headers={"host": "evil.example"})


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_a_password_reset_link_uses_the_site_address_whatever_host_the_request_named(
    cast, forged_host, mailbox, django_capture_on_commit_callbacks
):
    poc = point_of_contact(cast.contact_mex)

    with django_capture_on_commit_callbacks(execute=True):
        response = forged_host.post(reverse("account_reset_password"), {"email": poc.email})

    assert response.status_code == 302
    (message,) = mailbox.to(poc.email)
    text = message.get_body(("plain",)).get_content()
    links = _links(text)
    assert links and all(link.startswith(SITE + "/") for link in links)
    assert any("/password/reset/key/" in link for link in links)
    assert "evil.example" not in message.as_string()


def test_allauths_messages_go_through_the_outbox(cast, forged_host, mailbox, django_capture_on_commit_callbacks):
    poc = point_of_contact(cast.contact_mex)

    with django_capture_on_commit_callbacks(execute=True):
        forged_host.post(reverse("account_reset_password"), {"email": poc.email})

    outbound = OutboundEmail.objects.get(to_address=poc.email)
    assert outbound.purpose == "password_reset_key"
    assert outbound.status == "sent"
    assert outbound.delivery_attempts.count() == 1
    # It carried a secret link: its body is not kept once delivered.
    assert outbound.body_text == ""
    assert len(mailbox.to(poc.email)) == 1


def test_a_password_reset_for_an_address_without_an_account_mails_nothing(
    db, forged_host, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = forged_host.post(reverse("account_reset_password"), {"email": "stranger@example.org"})

    assert response.status_code == 302
    assert not OutboundEmail.objects.exists()
    assert mailbox.messages == []
