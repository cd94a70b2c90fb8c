"""A directory's name and description are written in several languages; each reader sees its own, else a fallback."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from directory.models import Directory
from directory.tests.test_directory_settings import settings_form
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    manager_of,
    point_of_contact,
    state,
)


@pytest.fixture
def directory(db) -> Directory:
    directory = DirectoryFactory(
        slug="oas",
        name="Network of points of contact",
        description="Who answers for each State.",
        states=[state("MEX"), state("ARG")],
    )
    directory.name_translations = {"fr": "Réseau de points de contact", "es": "Red de puntos de contacto"}
    directory.description_translations = {"fr": "Qui répond pour chaque État."}
    directory.save()
    return directory


@pytest.fixture
def manager(directory):
    client = Client()
    client.force_login(manager_of(directory))
    return client


def _page(client: Client, url: str, language: str) -> str:
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_manager_writes_the_name_and_description_in_several_languages(manager, directory):
    url = reverse("directory:settings", args=[directory.slug])
    data = settings_form(
        directory,
        original_language="es",
        name_es="Red de la OEA",
        name_en="OAS network",
        name_ar="شبكة منظمة الدول الأمريكية",
        description_es="Puntos de contacto de la región.",
        description_zh_hans="本区域的联络点。",
    )
    response = manager.post(url, data)
    assert response.status_code == 302
    directory.refresh_from_db()
    assert (directory.original_language, directory.name) == ("es", "Red de la OEA")
    assert directory.name_translations == {"en": "OAS network", "ar": "شبكة منظمة الدول الأمريكية"}
    assert directory.description == "Puntos de contacto de la región."
    assert directory.description_translations == {"zh-hans": "本区域的联络点。"}


def test_the_text_in_the_original_language_is_required(manager, directory):
    url = reverse("directory:settings", args=[directory.slug])
    response = manager.post(url, settings_form(directory, original_language="fr", name_en="OAS network"))
    assert response.status_code == 200
    assert "Write this text in the original language (French), or choose another original language." in (
        response.content.decode()
    )
    directory.refresh_from_db()
    assert directory.name == "Network of points of contact"


def test_no_two_directories_share_a_name_in_any_language(manager, directory):
    DirectoryFactory(slug="au", name="African network")
    url = reverse("directory:settings", args=[directory.slug])
    response = manager.post(url, settings_form(directory, name_fr="african NETWORK"))
    assert "Another directory already has this name in one of its languages." in response.content.decode()
    assert Directory.objects.get(pk=directory.pk).name_translations["fr"] == "Réseau de points de contact"


def test_a_french_reader_sees_the_french_name_and_description(directory):
    body = _page(Client(), reverse("directory:public", args=[directory.slug]), "fr")
    assert "<h1>Réseau de points de contact</h1>" in body
    assert "Qui répond pour chaque État." in body


def test_an_arabic_reader_without_an_arabic_name_sees_the_english_one(directory):
    body = _page(Client(), reverse("directory:public", args=[directory.slug]), "ar")
    assert "<h1>Network of points of contact</h1>" in body


def test_without_english_a_reader_sees_the_original_language(db):
    directory = DirectoryFactory(name="Réseau francophone", original_language="fr")
    directory.name_translations = {"es": "Red francófona"}
    assert directory.localized("name", "ru") == "Réseau francophone"
    assert directory.localized("name", "es-mx") == "Red francófona"


def test_the_directory_is_named_in_the_readers_language_wherever_it_is_shown(directory):
    with translation.override("es"):
        assert str(directory) == "Red de puntos de contacto"
    with translation.override("zh-hans"):
        assert str(directory) == "Network of points of contact"


def test_the_settings_page_shows_the_languages_still_missing(manager, directory):
    body = _page(manager, reverse("directory:settings", args=[directory.slug]), "en")
    assert "Missing languages:" in body
    for missing in ("Arabic", "Russian", "Simplified Chinese", "Portuguese"):
        assert f'<span class="badge text-bg-warning">{missing}</span>' in body
    assert '<span class="badge text-bg-warning">French</span>' not in body


def test_a_language_with_a_name_but_no_description_is_missing(directory):
    assert "es" in directory.missing_languages
    assert "fr" not in directory.missing_languages


def test_the_managers_list_of_directories_shows_what_is_missing_and_others_do_not(manager, directory):
    body = _page(manager, reverse("directory:home"), "en")
    assert '<span class="badge text-bg-warning">Arabic</span>' in body
    other = Client()
    other.force_login(point_of_contact(ContactFactory(institution=InstitutionFactory(state=state("MEX")))))
    assert "Missing languages:" not in _page(other, reverse("directory:home"), "en")


def test_directories_are_listed_in_the_order_of_their_names_in_the_readers_language(directory):
    DirectoryFactory(slug="b", name="Banking CSIRTs", name_translations={"fr": "Équipes bancaires"})
    assert _sorted_names("fr") == ["Équipes bancaires", "Réseau de points de contact"]
    assert _sorted_names("en") == ["Banking CSIRTs", "Network of points of contact"]


def _sorted_names(language: str) -> list[str]:
    with translation.override(language):
        return [
            item.for_reader.name for item in Directory.objects.filter(slug__in=["oas", "b"]).sorted_by_name_for_reader()
        ]


def test_a_directory_is_found_by_its_name_in_any_language(directory):
    assert list(Directory.objects.named("RED DE PUNTOS DE CONTACTO")) == [directory]
    assert list(Directory.objects.named("reseau de points de contact")) == [directory]
    assert not Directory.objects.named("Réseau").exists()
