"""The signed-in navigation names what each kind of role may open, in the reader's language, whoever read a page
before (its shared parts are rendered once per language and kinds of role)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from access.principal import principal_of
from enlace import features

# Which of the directory's own entries of the main navigation each reader gets (the features add theirs).
EXPECTED = {
    "manager_d1": {"Search", "Change log", "Learning"},
    "coord_a": {"Search", "Communications", "My State", "Change log", "Learning"},
    "poc_a": {"Search", "Communications", "My contact details", "My ping tests", "Learning"},
}


def navigation_entries(client: Client, language: str = "en") -> set[str]:
    html = client.get(reverse("directory:search"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    navigation = html.split('aria-label="', 1)[1].split("</ul>", 1)[0]
    return set(re.findall(r'class="nav-link" href="[^"]*">([^<]+)</a>', navigation))


def features_entries(user) -> set[str]:
    """The entries the feature apps add for this reader (``enlace.features.NAVIGATION``)."""
    links = features.links_for(features.NAVIGATION, principal_of(user), None, {})
    return {str(link.label) for link in links}


@pytest.mark.parametrize("order", [("manager_d1", "coord_a", "poc_a"), ("poc_a", "coord_a", "manager_d1")])
def test_each_reader_gets_the_entries_of_its_roles_whoever_came_before(world, order):
    for role in order:
        client = Client()
        client.force_login(world.users[role])

        assert navigation_entries(client) == EXPECTED[role] | features_entries(world.users[role]), role


def test_the_navigation_is_in_the_readers_language(world):
    client = Client()
    client.force_login(world.users["coord_a"])

    navigation_entries(client, "en")
    spanish = navigation_entries(client, "es")

    assert "Buscar" in spanish
    assert "Search" not in spanish


def test_a_point_of_contacts_own_page_is_its_own(world):
    for role in ("poc_a", "poc_b"):
        client = Client()
        client.force_login(world.users[role])
        html = client.get(reverse("directory:search")).content.decode()

        own_page = reverse("directory:contact", args=[world.users[role].contact.code])
        assert f'href="{own_page}">' in html, role
