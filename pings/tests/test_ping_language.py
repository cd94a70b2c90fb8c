"""A ping is written in the contact's first operating language the interface has, else its next one, else English:
the rule every e-mail of Enlace follows (mail.languages.recipient_language)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from directory.choices import RoleKind
from enlace.testing.factories import ContactFactory, DirectoryFactory, InstitutionFactory, NominationFactory, state
from pings.models import Ping

SUBJECT = "%(directory)s: please confirm you are reachable"
# A contact's operating language (ISO 639) and the interface language its pings are written in.
LANGUAGES = [("fr", "fr"), ("ar", "ar"), ("ru", "ru"), ("zh", "zh-hans"), ("pt", "pt"), ("es", "es")]


def subject_in(language: str, directory) -> str:
    """The ping's subject in that language, its spaces as a mail header carries them (French puts a narrow
    no-break space before a colon)."""
    with translation.override(language):
        return " ".join((gettext(SUBJECT) % {"directory": directory.name}).split())


@pytest.fixture
def pinged(db, start, mailbox):
    """Start a round for one contact with these operating languages; its ping and the e-mail it received."""

    def run(languages: list[str]):
        directory = DirectoryFactory(states=[state("FRA")])
        contact = ContactFactory(
            institution=InstitutionFactory(state=state("FRA")), email="desk@cert.example.org", languages=languages
        )
        NominationFactory(directory=directory, contact=contact, role=directory.roles.get(kind=RoleKind.TECHNICAL))
        ping_round = start(directory)
        [message] = mailbox.to("desk@cert.example.org")
        return Ping.objects.get(round=ping_round), message, directory

    return run


@pytest.mark.parametrize(("operating", "interface"), LANGUAGES)
def test_a_contact_is_pinged_in_its_first_operating_language(pinged, operating, interface):
    ping, message, directory = pinged([operating, "en"])

    assert ping.language == interface
    assert " ".join(message["Subject"].split()) == subject_in(interface, directory)
    assert " ".join(message["Subject"].split()) != subject_in("en", directory)


def test_a_first_language_the_interface_lacks_gives_way_to_the_next(pinged):
    ping, message, directory = pinged(["sw", "pt"])

    assert ping.language == "pt"
    assert " ".join(message["Subject"].split()) == subject_in("pt", directory)


def test_no_language_the_interface_has_means_english(pinged):
    ping, message, directory = pinged(["sw", "de"])

    assert ping.language == "en"
    assert " ".join(message["Subject"].split()) == subject_in("en", directory)


def test_the_link_opens_the_confirmation_page_in_the_pings_language(pinged, client):
    from pings.tests.conftest import link_in

    _ping, message, _directory = pinged(["fr", "en"])
    response = client.get(link_in(message), HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()


def test_a_language_chosen_in_the_menu_wins_over_the_pings(pinged, client, settings):
    from pings.tests.conftest import link_in

    _ping, message, _directory = pinged(["fr", "en"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(link_in(message))

    assert response["Content-Language"] == "es"
    assert '<html lang="es"' in response.content.decode()


def test_the_answer_is_thanked_in_the_pings_language(pinged, client):
    from pings.tests.conftest import link_in

    _ping, message, _directory = pinged(["fr", "en"])
    response = client.post(link_in(message), {"answer": "correct", "attest": "on"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()
    with translation.override("fr"):
        assert gettext("Thank you") in response.content.decode()
