"""The public transparency pages stay within a handful of queries whatever the number of States."""

import pytest
from django.test import Client
from django.urls import reverse

from cbm.services import install_oas_catalogue
from directory.models import Participation, State
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    DocumentFactory,
    InstitutionFactory,
    NominationFactory,
)

AMERICAS = ["MEX", "ARG", "BRA", "CHL", "COL", "PER", "URY", "PRY", "BOL", "ECU", "CAN", "USA", "CRI", "PAN", "GTM"]
HANDFUL = 8


def _directory_with(count: int):
    from enlace.testing.factories import state

    states = [state(iso3) for iso3 in AMERICAS[:count]]
    directory = DirectoryFactory(slug=f"oas-{count}", states=states)
    install_oas_catalogue(directory)
    for member in states:
        DocumentFactory(state=member, name=f"Estrategia {member.iso3}")
        NominationFactory(directory=directory, contact=ContactFactory(institution=InstitutionFactory(state=member)))
    return directory


@pytest.mark.parametrize("count", [2, 15])
@pytest.mark.parametrize("url_name", ["cbm:public", "cbm:public_csv", "repository:public", "directory:public"])
def test_a_public_page_takes_a_handful_of_queries(db, django_assert_max_num_queries, url_name, count):
    directory = _directory_with(count)
    client = Client()
    with django_assert_max_num_queries(HANDFUL):
        response = client.get(reverse(url_name, args=[directory.slug]))
    assert response.status_code == 200


def test_the_public_document_search_takes_a_handful_of_queries(db, django_assert_max_num_queries):
    directory = _directory_with(15)
    with django_assert_max_num_queries(HANDFUL):
        response = Client().get(
            reverse("repository:public", args=[directory.slug]), {"q": "estrategia", "language": "en"}
        )
    assert len(response.context["documents"]) == 15


def test_public_pages_show_no_contact_data(db):
    directory = _directory_with(2)
    contact = ContactFactory(
        institution=InstitutionFactory(state=State.objects.get(iso3="MEX")), name="Persona Secreta"
    )
    NominationFactory(directory=directory, contact=contact)
    for url_name in ("cbm:public", "repository:public", "directory:public"):
        body = Client().get(reverse(url_name, args=[directory.slug])).content.decode()
        assert "Persona Secreta" not in body
        assert "@" not in body.split("<main", 1)[1]
    assert Participation.objects.filter(directory=directory).count() == 2
