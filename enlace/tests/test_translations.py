"""Every catalogue is complete and pages come out in the reader's language."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

from directory.tests.factories import DirectoryFactory, state

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def test_there_is_a_catalogue_for_every_language_but_english():
    assert {path.parts[-3] for path in CATALOGUES} >= {"es", "fr", "ar", "ru", "zh_Hans", "pt"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_message_of_a_catalogue_is_translated_and_none_is_fuzzy(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not all(message.string if message.pluralizable else [message.string])
            or (message.pluralizable and len(message.string) != catalog.num_plurals)
        )
    ]
    assert untranslated == []


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [("account_login", "Iniciar sesión"), ("directory:home", "Directorios de puntos de contacto")],
)
def test_pages_are_in_spanish_for_a_spanish_reader(client, db, url_name, expected):
    response = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="es")
    assert expected in response.content.decode()
    assert '<html lang="es" dir="ltr">' in response.content.decode()


def test_arabic_switches_the_layout_to_right_to_left_and_names_states_in_arabic(client, db):
    DirectoryFactory(slug="un", states=[state("MEX")])
    response = client.get(reverse("directory:public", args=["un"]), HTTP_ACCEPT_LANGUAGE="ar")
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "bootstrap.rtl.min.css" in body
    assert "المكسيك" in body


def test_the_language_switcher_remembers_the_choice(client, db):
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert "Iniciar sesión" in client.get(reverse("account_login")).content.decode()
