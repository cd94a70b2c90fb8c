"""Every catalogue is complete, holds exactly what the sources mark, and pages come out in the reader's language."""

from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

from enlace.testing.factories import DirectoryFactory, state
from enlace.tests.catalogue_sources import MAKEMESSAGES_COMMAND, Key, marked_messages

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


@cache
def marked() -> dict[Key, list[str]]:
    return marked_messages()


def read_catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def key_of(message) -> Key:
    return Key(message.context, *message.id) if message.pluralizable else Key(message.context, message.id)


def listing(lines: list[str]) -> str:
    return "".join(f"\n  {line}" for line in lines)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_message_the_sources_mark_is_in_the_catalogue(path):
    held = {key_of(message) for message in read_catalogue(path) if message.id}
    missing = [f"{key}, marked at {', '.join(places)}" for key, places in marked().items() if key not in held]
    assert not missing, (
        f"Messages the sources mark that {path.relative_to(LOCALE.parent)} lacks:{listing(missing)}\n"
        f"Run `{MAKEMESSAGES_COMMAND}`, translate the new entries in every catalogue, then `make messages`."
    )


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_a_catalogue_holds_no_message_the_sources_no_longer_mark(path):
    catalogue = read_catalogue(path)
    unused = [f"{key_of(message)} (obsolete, #~)" for message in catalogue.obsolete.values()]
    unused += [str(key_of(message)) for message in catalogue if message.id and key_of(message) not in marked()]
    assert not unused, (
        f"Entries of {path.relative_to(LOCALE.parent)} that no source marks any more:{listing(unused)}\n"
        f"Run `{MAKEMESSAGES_COMMAND}` (its --no-obsolete drops them), then `make messages`."
    )


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
