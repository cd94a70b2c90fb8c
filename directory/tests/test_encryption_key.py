"""The key Enlace encrypts to for a contact: the one answer pings, communications and their pages share."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import Contact
from mail import openpgp as encryption
from mail.openpgp import read_public_key
from mail.tests.keys import make_key_pair, make_signing_only_key


@pytest.fixture(scope="module")
def encryption_pair():
    return make_key_pair("desk@cert.mx.example.org")


@pytest.fixture(scope="module")
def signing_only_key() -> str:
    return make_signing_only_key("sign@cert.mx.example.org")


def contact_with(key: str) -> Contact:
    info = read_public_key(key) if key else None
    return Contact(name="Mesa de Ayuda", pgp_key=key, pgp_expires=info.expires if info else None)


def test_a_key_gnupg_encrypts_to_is_the_key_enlace_uses(encryption_pair):
    assert contact_with(encryption_pair.public).encryption_key() == encryption_pair.public


def test_a_contact_without_a_key_has_none():
    assert contact_with("").encryption_key() == ""


def test_a_key_past_its_recorded_expiry_is_not_used(encryption_pair):
    contact = contact_with(encryption_pair.public)
    contact.pgp_expires = timezone.now() - timedelta(days=1)
    assert contact.encryption_key() == ""


def test_a_key_that_cannot_encrypt_is_not_used_and_the_reason_is_logged(signing_only_key, caplog):
    assert not read_public_key(signing_only_key).can_encrypt
    assert contact_with(signing_only_key).encryption_key() == ""
    assert "Cannot encrypt to the key of contact" in caplog.text


def test_gnupg_is_asked_once_a_day_for_a_key_however_many_contacts_and_pages_ask(encryption_pair, monkeypatch):
    asked = []
    real_encrypt = encryption.encrypt

    def counted_encrypt(data, key):
        asked.append(key)
        return real_encrypt(data, key)

    monkeypatch.setattr(encryption, "encrypt", counted_encrypt)
    key = encryption_pair.public.replace("\n", "\r\n")  # this text of the key, asked about by no earlier test

    for _contact in range(3):
        assert contact_with(key).encryption_key() == key

    assert asked == [key]
