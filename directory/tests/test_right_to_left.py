"""On a right-to-left page, phone numbers, e-mail addresses and key fingerprints keep their left-to-right
order: each is isolated (``<bdi dir="ltr">``), so Arabic readers never see "+52 55 3686 8000" turned into
"8000 3686 55 52+"."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from directory.models import Contact, ContactPhone
from enlace.testing.factories import ContactFactory, InstitutionFactory, coordinator_of, state

FINGERPRINT = "0123456789ABCDEF0123456789ABCDEF01234567"


@pytest.fixture
def contact(db) -> Contact:
    contact = ContactFactory(
        institution=InstitutionFactory(state=state("MEX")), name="Mesa de Guardia", email="guardia@csirt.mx.example.org"
    )
    ContactPhone.objects.create(contact=contact, number="+525536868000")
    # The page shows the fingerprint stored beside the key; the key itself is not read here.
    Contact.objects.filter(pk=contact.pk).update(pgp_fingerprint=FINGERPRINT, pgp_key="(a public key)")
    return contact


@pytest.fixture
def arabic_reader(contact) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(coordinator_of(state("MEX")))
    return client


def isolated(html: str) -> list[str]:
    return re.findall(r'<bdi dir="ltr"[^>]*>([^<]+)</bdi>', html)


def test_the_contact_page_isolates_numbers_addresses_and_the_fingerprint(arabic_reader, contact):
    html = arabic_reader.get(reverse("directory:contact", args=[contact.code])).content.decode()

    assert 'dir="rtl"' in html
    assert {"+52 55 3686 8000", "guardia@csirt.mx.example.org", FINGERPRINT} <= set(isolated(html))


def test_search_results_isolate_the_address(arabic_reader):
    html = arabic_reader.get(reverse("directory:search"), {"q": "Guardia"}).content.decode()

    assert "guardia@csirt.mx.example.org" in isolated(html)
