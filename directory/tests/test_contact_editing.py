"""Coordinators add and edit contacts; bad input is refused next to its field and changes nothing."""

import tempfile

import gnupg
import pytest
from django.urls import reverse

from directory.models import Contact
from enlace.testing.factories import ContactFactory, InstitutionFactory, coordinator_of, state


@pytest.fixture
def mexico(db):
    return state("MEX")


@pytest.fixture
def coordinator_client(client, mexico):
    client.force_login(coordinator_of(mexico))
    return client


@pytest.fixture
def institution(mexico):
    return InstitutionFactory(state=mexico, name="Centro Nacional de Respuesta")


@pytest.fixture(scope="module")
def public_key() -> tuple[str, str]:
    """A freshly generated OpenPGP public key and its fingerprint."""
    with tempfile.TemporaryDirectory() as home:
        gpg = gnupg.GPG(gnupghome=home)
        key = gpg.gen_key(
            gpg.gen_key_input(
                name_email="duty@csirt.mx.example.org",
                key_type="EDDSA",
                key_curve="ed25519",
                subkey_type="ECDH",
                subkey_curve="cv25519",
                expire_date="2y",
                no_protection=True,
            )
        )
        return gpg.export_keys(key.fingerprint), key.fingerprint


def contact_form(institution, **overrides) -> dict:
    data = {
        "contact-institution": institution.pk,
        "contact-kind": "person",
        "contact-name": "Lucía Quiroga",
        "contact-title": "Jefa de incidentes",
        "contact-working_days": "mon-fri",
        "contact-opens_at": "09:00",
        "contact-closes_at": "17:00",
        "contact-time_zone": "America/Mexico_City",
        "contact-languages": "es, en",
        "contact-pgp_key": "",
        "emails-TOTAL_FORMS": "1",
        "emails-INITIAL_FORMS": "0",
        "emails-0-address": "lucia.quiroga@csirt.mx.example.org",
        "emails-0-usage": "office",
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "0",
        "phones-0-number": "+52 55 1234 5678",
        "phones-0-usage": "office",
    }
    data.update(overrides)
    return data


def post_new_contact(client, institution, **overrides):
    return client.post(reverse("directory:contact_create", args=["MEX"]), contact_form(institution, **overrides))


def test_coordinator_adds_a_contact_with_addresses_phones_and_languages(coordinator_client, institution):
    response = post_new_contact(coordinator_client, institution)
    contact = Contact.objects.get(name="Lucía Quiroga")
    assert response.status_code == 302
    assert response["Location"] == contact.get_absolute_url()
    assert [email.address for email in contact.emails.all()] == ["lucia.quiroga@csirt.mx.example.org"]
    assert [phone.number for phone in contact.phones.all()] == ["+525512345678"]
    assert contact.language_codes == ["es", "en"]


def test_contact_page_shows_the_phone_in_international_form(coordinator_client, institution):
    post_new_contact(coordinator_client, institution)
    contact = Contact.objects.get(name="Lucía Quiroga")
    response = coordinator_client.get(contact.get_absolute_url())
    assert "+52 55 1234 5678" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phones-0-number", "12345", "Enter a valid phone number in international format"),
        ("phones-0-number", "+52 55 12", "Enter a valid phone number in international format"),
        ("emails-0-address", "lucia.quiroga@", "Enter a valid email address."),
        ("contact-languages", "es, xx", "“xx” is not an ISO 639 language code"),
        ("contact-languages", "spanish", "“spanish” is not an ISO 639 language code"),
        ("contact-pgp_key", "not a key", "Paste an ASCII-armoured OpenPGP public key"),
        (
            "contact-pgp_key",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----",
            "could not be read",
        ),
        (
            "contact-pgp_key",
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\nabc\n-----END PGP PRIVATE KEY BLOCK-----",
            "This is a private key",
        ),
        ("contact-closes_at", "08:00", "The closing time must be after the opening time."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_saves_nothing(
    coordinator_client, institution, field, value, message
):
    response = post_new_contact(coordinator_client, institution, **{field: value})
    assert response.status_code == 200
    body = response.content.decode()
    error_block = body.split(f'id="id_{field}_error"', 1)
    assert len(error_block) == 2, f"no error shown next to {field}"
    assert message in error_block[1].split("</div>", 1)[0]
    assert not Contact.objects.filter(name="Lucía Quiroga").exists()


def test_a_contact_needs_at_least_one_email_address(coordinator_client, institution):
    response = post_new_contact(coordinator_client, institution, **{"emails-0-address": ""})
    assert "Give at least one e-mail address." in response.content.decode()
    assert not Contact.objects.filter(name="Lucía Quiroga").exists()


def test_a_valid_openpgp_key_is_stored_with_its_fingerprint_and_expiry(coordinator_client, institution, public_key):
    armored, fingerprint = public_key
    post_new_contact(coordinator_client, institution, **{"contact-pgp_key": armored})
    contact = Contact.objects.get(name="Lucía Quiroga")
    assert contact.pgp_fingerprint == fingerprint
    assert contact.pgp_expires is not None
    page = coordinator_client.get(contact.get_absolute_url()).content.decode()
    assert fingerprint in page


def test_editing_a_contact_changes_it_everywhere_it_is_nominated(coordinator_client, institution):
    contact = ContactFactory(institution=institution, name="Dario Solberg", email="dario@csirt.mx.example.org")
    data = contact_form(
        institution,
        **{
            "contact-name": "Dario Solberg-Ibarreta",
            "emails-INITIAL_FORMS": "1",
            "emails-0-id": contact.emails.get().pk,
            "emails-0-address": "dario.solberg@csirt.mx.example.org",
        },
    )
    response = coordinator_client.post(reverse("directory:contact_edit", args=[contact.code]), data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Dario Solberg-Ibarreta"
    assert [email.address for email in contact.emails.all()] == ["dario.solberg@csirt.mx.example.org"]


def test_institution_names_are_unique_within_a_state(coordinator_client, institution):
    response = coordinator_client.post(
        reverse("directory:institution_create", args=["MEX"]),
        {"name": "centro nacional de respuesta", "kind": "csirt"},
    )
    assert "This State already has an institution with this name." in response.content.decode()


def test_a_key_cannot_be_checked_without_gnupg_and_the_user_is_told(
    coordinator_client, institution, public_key, settings
):
    settings.GPG_BINARY = "/nonexistent/gpg"
    response = post_new_contact(coordinator_client, institution, **{"contact-pgp_key": public_key[0]})
    assert "OpenPGP keys cannot be checked on this server right now." in response.content.decode()
    assert not Contact.objects.filter(name="Lucía Quiroga").exists()
